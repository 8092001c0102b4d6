// Start the API reference viewer named by #api-docs (Swagger UI or ReDoc) on the app's own
// OpenAPI document. Neither viewer may call another host: no validator badge, no search worker.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("api-docs");
  if (!root) return;
  var spec = root.getAttribute("data-spec");
  if (root.getAttribute("data-viewer") === "swagger" && window.SwaggerUIBundle) {
    window.SwaggerUIBundle({
      url: spec,
      domNode: root,
      layout: "BaseLayout",
      deepLinking: true,
      validatorUrl: null,
      presets: [window.SwaggerUIBundle.presets.apis],
    });
  } else if (window.Redoc) {
    window.Redoc.init(spec, { disableSearch: true }, root);
  }
});
