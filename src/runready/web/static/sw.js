// runready's service worker, served at /sw.js for the whole site.
// Today stays readable offline after one visit (the last copy of each Today page seen), and a
// check-in made offline is kept on this device, with the time it was made, and sent when the
// device is back online. Pages are never cached otherwise; signing in or out forgets them.
"use strict";

importScripts("/static/vendor/idb-keyval.js");

var SHELL = "rr-shell";
var PAGES = "rr-pages";
var SHELL_FILES = [
  "/static/vendor/pico.min.css",
  "/static/app.css",
  "/static/vendor/htmx.min.js",
  "/static/app.js",
  "/static/icon.svg",
  "/static/offline.html",
];
var TODAY = /^\/a\/[0-9a-f-]+\/today$/;
var CHECK_IN = /^\/a\/[0-9a-f-]+\/checkin$/;
var FORGETS = ["/login", "/setup", "/logout", "/account/erase"];
var queue = idbKeyval.createStore("runready-queue", "checkins");
var notes = idbKeyval.createStore("runready-notes", "notes");
var OFFLINE_CHECK_IN =
  "You are offline: this check-in is kept on this device and sent when it is back online.";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_FILES); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && CHECK_IN.test(url.pathname)) {
    event.respondWith(checkIn(request));
  } else if (request.method === "POST" && FORGETS.indexOf(url.pathname) >= 0) {
    event.respondWith(fetch(request).then(function (answer) {
      return forget().then(function () { return answer; });
    }));
  } else if (request.method !== "GET") {
    return;
  } else if (TODAY.test(url.pathname)) {
    event.respondWith(today(request));
  } else if (SHELL_FILES.indexOf(url.pathname) >= 0) {
    event.respondWith(shell(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () { return lastToday(); }));
  }
});

// Today: from the network when it answers (keeping a copy), else the copy.
function today(request) {
  var fragment = request.headers.get("hx-request") === "true";
  return fetch(request).then(function (answer) {
    if (!fragment && answer.ok && !answer.redirected) {
      var copy = answer.clone();
      caches.open(PAGES).then(function (cache) { cache.put(request.url, copy); });
      idbKeyval.set("last-today", request.url, notes);
    }
    return answer;
  }).catch(function () {
    if (fragment) {
      return html(200, '<p class="notice" role="status">You are offline: this is the advice ' +
        "as of the time it shows. It updates when this device is back online.</p>", {
        "HX-Retarget": "#advice-error",
        "HX-Reswap": "innerHTML",
      });
    }
    return caches.match(request.url, { cacheName: PAGES }).then(function (copy) {
      return copy || lastToday();
    });
  });
}

function lastToday() {
  return idbKeyval.get("last-today", notes).then(function (url) {
    return url ? caches.match(url, { cacheName: PAGES }) : undefined;
  }).then(function (copy) {
    return copy || caches.match("/static/offline.html", { cacheName: SHELL });
  });
}

// The files every page needs: the copy at once, refreshed from the network for next time.
function shell(request) {
  return caches.open(SHELL).then(function (cache) {
    return cache.match(request).then(function (copy) {
      var fresh = fetch(request).then(function (answer) {
        if (answer.ok) cache.put(request, answer.clone());
        return answer;
      });
      if (!copy) return fresh;
      fresh.catch(function () { return undefined; });
      return copy;
    });
  });
}

function checkIn(request) {
  var kept = request.clone();
  return fetch(request).catch(function () { return keep(kept); });
}

function keep(request) {
  return request.text().then(function (text) {
    var body = new URLSearchParams(text);
    body.set("at", new Date().toISOString());
    var entry = {
      url: request.url,
      body: body.toString(),
      csrf: request.headers.get("x-csrf-token") || body.get("csrf_token") || "",
    };
    return idbKeyval.set(Date.now() + "-" + Math.random().toString(36).slice(2), entry, queue);
  }).then(function () {
    if (self.registration.sync) self.registration.sync.register("check-ins").catch(function () {});
    if (request.headers.get("hx-request") === "true") {
      return html(202, '<p class="notice" role="status">' + OFFLINE_CHECK_IN + "</p>", {
        "HX-Retarget": "#checkin-error",
        "HX-Reswap": "innerHTML",
      });
    }
    return html(202, '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<link rel="stylesheet" href="/static/vendor/pico.min.css"><title>Kept offline</title>' +
      '</head><body><main class="container"><h1>Kept offline</h1><p>' + OFFLINE_CHECK_IN +
      '</p><p><a href="/">Back to Today</a></p></main></body></html>');
  });
}

// Send the kept check-ins, oldest first; stop at the first that cannot reach the server.
// One sending at a time: back online, the page's call and the browser's sync event both come.
var flushing = null;

function flush() {
  if (!flushing) {
    flushing = sendAll().then(function () { flushing = null; }, function () { flushing = null; });
  }
  return flushing;
}

function sendAll() {
  return idbKeyval.entries(queue).then(function (entries) {
    entries.sort(function (a, b) { return a[0] < b[0] ? -1 : 1; });
    return entries.reduce(function (previous, pair) {
      return previous.then(function (going) {
        if (!going) return false;
        return send(pair[0], pair[1]);
      });
    }, Promise.resolve(true));
  });
}

function send(key, entry) {
  return fetch(entry.url, {
    method: "POST",
    body: entry.body,
    credentials: "same-origin",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-csrf-token": entry.csrf,
      "hx-request": "true",
    },
  }).then(function (answer) {
    return answer.text().then(function (text) {
      return idbKeyval.del(key, queue).then(function () {
        return tell({ type: "check-in-sent", ok: answer.ok, status: answer.status,
          detail: answer.ok ? "" : text });
      }).then(function () { return true; });
    });
  }, function () { return false; });
}

function tell(message) {
  return self.clients.matchAll({ type: "window" }).then(function (windows) {
    windows.forEach(function (client) { client.postMessage(message); });
  });
}

function forget() {
  return Promise.all([caches.delete(PAGES), idbKeyval.clear(queue), idbKeyval.clear(notes)]);
}

function html(status, body, extra) {
  var headers = Object.assign({ "content-type": "text/html; charset=utf-8" }, extra || {});
  return new Response(body, { status: status, headers: headers });
}

self.addEventListener("sync", function (event) {
  if (event.tag === "check-ins") event.waitUntil(flush());
});

// From a page: "flush" when it is back online; {keep: path} for the Today page that was
// loaded before this worker took over (the first visit), so that it too reads offline.
self.addEventListener("message", function (event) {
  if (event.data === "flush") {
    event.waitUntil(flush());
  } else if (event.data && TODAY.test(String(event.data.keep))) {
    event.waitUntil(today(new Request(event.data.keep, { credentials: "same-origin" })));
  }
});
