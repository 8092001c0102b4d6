// runready's small amount of JavaScript: live countdowns, the log form, upload progress,
// copy buttons, the browser's time zone on setup, and the trend charts (uPlot).
// Everything works without it; this only makes the pages livelier.
"use strict";

(function () {
  function countdownText(until) {
    var minutes = Math.round((new Date(until).getTime() - Date.now()) / 60000);
    if (minutes <= 0) return "now";
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    var mins = minutes % 60;
    if (days) return "in " + days + " d " + hours + " h";
    if (hours) return "in " + hours + " h " + String(mins).padStart(2, "0") + " min";
    return "in " + mins + " min";
  }

  function tickCountdowns() {
    document.querySelectorAll("[data-until]").forEach(function (el) {
      el.textContent = countdownText(el.getAttribute("data-until"));
    });
  }

  // Today's advice card asks the server again when its next gate opens (a timer for the
  // seconds in data-refresh-in, counted on this device so that a clock set wrong does not
  // matter) and when the page is seen again, so an open page never goes stale.
  var REFRESH_GAP_MS = 15000;
  var MAX_TIMER_MS = 2147483000;
  var refreshTimer = null;
  var lastRefresh = Date.now();
  var refreshing = null;  // the card's request on its way, if any
  var askAgain = false;

  // ``now``: ask even if the card was asked for a moment ago (something changed since).
  // A card already on its way is let be, and asked for again once it has arrived.
  function refreshAdvice(now) {
    var card = document.getElementById("advice");
    if (!card || !window.htmx) return;
    if (!now && Date.now() - lastRefresh < REFRESH_GAP_MS) return;
    if (refreshing) { askAgain = true; return; }
    lastRefresh = Date.now();
    // htmx.ajax, not a triggered event: a card just swapped in listens only once it settles.
    window.htmx.ajax("GET", card.getAttribute("data-refresh-url"), {
      source: card, target: card, swap: "outerHTML",
    });
  }


  function scheduleAdviceRefresh() {
    clearTimeout(refreshTimer);
    var card = document.getElementById("advice");
    var seconds = Number(card && card.getAttribute("data-refresh-in"));
    if (!(seconds > 0)) return;
    var wait = seconds * 1000 + 1000;  // just past the edge
    refreshTimer = setTimeout(function () { refreshAdvice(true); }, Math.min(wait, MAX_TIMER_MS));
  }

  function setUpAdviceRefresh() {
    if (!document.getElementById("advice")) return;
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") refreshAdvice(false);
    });
    window.addEventListener("focus", function () { refreshAdvice(false); });
    document.addEventListener("htmx:beforeRequest", function (event) {
      if (event.detail.elt && event.detail.elt.id === "advice") refreshing = event.detail.xhr;
    });
    document.addEventListener("htmx:afterRequest", function (event) {
      if (!refreshing || event.detail.xhr !== refreshing) return;
      refreshing = null;
      if (askAgain) { askAgain = false; setTimeout(function () { refreshAdvice(true); }, 0); }
    });
    document.addEventListener("htmx:afterSettle", scheduleAdviceRefresh);
    scheduleAdviceRefresh();
  }

  // Offline: the service worker keeps Today and queues check-ins; the page says what is
  // happening in #connection, and asks the worker to send what it kept once back online.
  var TODAY_PATH = /^\/a\/[0-9a-f-]+\/today$/;

  function say(text, kind) {
    var slot = document.getElementById("connection");
    if (!slot) return;
    if (!text) { slot.replaceChildren(); return; }
    var message = document.createElement("p");
    message.className = kind;
    message.setAttribute("role", kind === "error" ? "alert" : "status");
    message.textContent = text;
    slot.replaceChildren(message);
  }

  function withWorker(action) {
    if (navigator.serviceWorker) navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) action(registration.active);
    });
  }

  function setUpOffline() {
    if (!("serviceWorker" in navigator)) return;
    var firstVisit = !navigator.serviceWorker.controller;
    navigator.serviceWorker.register("/sw.js").catch(function () { return undefined; });
    withWorker(function (worker) {
      if (firstVisit && TODAY_PATH.test(location.pathname)) worker.postMessage({ keep: location.pathname });
      if (navigator.onLine) worker.postMessage("flush");
    });
    if (!navigator.onLine) say("You are offline: this is the advice as of the time it shows. " +
      "A check-in is kept on this device and sent when it is back online.", "notice");
    window.addEventListener("offline", function () {
      say("You are offline: a check-in is kept on this device and sent when it is back online.", "notice");
    });
    window.addEventListener("online", function () {
      say("");
      withWorker(function (worker) { worker.postMessage("flush"); });
      refreshAdvice(true);
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type !== "check-in-sent") return;
      if (data.ok) {
        say("The check-in kept on this device has been sent.", "notice");
        refreshAdvice(true);
      } else {
        var why = new DOMParser().parseFromString(data.detail || "", "text/html").body.textContent;
        say("A check-in kept on this device could not be sent (error " + data.status + "): " +
          (why || "").trim(), "error");
      }
    });
  }

  function showFieldsForType(form) {
    var checked = form.querySelector("input[name=type]:checked");
    var type = checked ? checked.value : "";
    form.querySelectorAll("fieldset[data-for-type]").forEach(function (fieldset) {
      fieldset.hidden = fieldset.getAttribute("data-for-type") !== type;
    });
  }

  function setUpLogForm() {
    var form = document.querySelector(".log-form");
    if (!form) return;
    form.addEventListener("change", function () { showFieldsForType(form); });
    showFieldsForType(form);
  }

  function setUpCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var field = document.querySelector(button.getAttribute("data-copy"));
        if (!field) return;
        field.select();
        if (navigator.clipboard) navigator.clipboard.writeText(field.value);
        button.textContent = "Copied";
      });
    });
  }

  function setUpConfirmations() {
    document.addEventListener("click", function (event) {
      var target = event.target.closest("[data-confirm]");
      if (target && !window.confirm(target.getAttribute("data-confirm"))) event.preventDefault();
    });
  }

  function setUpTimezone() {
    var field = document.querySelector("[data-auto-timezone]");
    if (!field || !window.Intl) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) field.value = zone;
  }

  function setUpUploadProgress() {
    var form = document.getElementById("upload");
    var bar = document.getElementById("upload-progress");
    if (!form || !bar) return;
    form.addEventListener("htmx:xhr:progress", function (event) {
      if (!event.detail.lengthComputable) return;
      bar.hidden = false;
      bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    });
    form.addEventListener("htmx:afterRequest", function () { bar.hidden = true; });
  }

  // Errors go where the user acted: the slot #ID-error beside the element #ID that sent the
  // request. The server aims its own error fragments there (HX-Retarget); these cover what
  // it cannot: problem+json from the upload limit, server failures and a lost connection.
  function errorSlot(elt) {
    for (var node = elt; node && node !== document; node = node.parentNode) {
      if (node.id && document.getElementById(node.id + "-error")) {
        return document.getElementById(node.id + "-error");
      }
    }
    return null;
  }

  function showError(elt, text) {
    var slot = errorSlot(elt);
    if (!slot) { window.alert(text); return; }
    var message = document.createElement("p");
    message.className = "error";
    message.setAttribute("role", "alert");
    message.textContent = text;
    slot.replaceChildren(message);
  }

  function problemDetail(xhr) {
    var type = xhr.getResponseHeader("content-type") || "";
    if (type.indexOf("application/problem+json") === 0) {
      try { return JSON.parse(xhr.responseText).detail || null; } catch (e) { return null; }
    }
    if (type.indexOf("text/html") === 0) {
      var text = new DOMParser().parseFromString(xhr.responseText, "text/html").body.textContent;
      return text.trim() || null;
    }
    return null;
  }

  function setUpErrorSlots() {
    document.addEventListener("htmx:beforeSwap", function (event) {
      var type = event.detail.xhr.getResponseHeader("content-type") || "";
      if (type.indexOf("application/problem+json") !== 0) return;
      event.detail.shouldSwap = false;
      showError(event.detail.elt, problemDetail(event.detail.xhr) || "That did not work.");
    });
    document.addEventListener("htmx:responseError", function (event) {
      var status = event.detail.xhr.status;
      showError(event.detail.elt, problemDetail(event.detail.xhr) ||
        "runready could not do this (error " + status + "); please try again.");
    });
    document.addEventListener("htmx:sendError", function (event) {
      showError(event.detail.elt, "runready cannot be reached: check the connection and try again.");
    });
  }

  function chartWidth(el) { return Math.max(280, el.clientWidth || 600); }

  function days(isoDates) {
    return isoDates.map(function (d) { return new Date(d + "T12:00:00").getTime() / 1000; });
  }

  function drawCharts() {
    var source = document.getElementById("series-data");
    if (!source || !window.uPlot) return;
    var data = JSON.parse(source.textContent);
    var css = getComputedStyle(document.documentElement);
    var text = css.getPropertyValue("--pico-color").trim() || "#444";
    var grid = css.getPropertyValue("--pico-muted-border-color").trim() || "#ddd";
    var axes = [
      { stroke: text, grid: { stroke: grid } },
      { stroke: text, grid: { stroke: grid } },
    ];
    var charts = [];

    function make(id, series, values, extra) {
      var el = document.getElementById(id);
      if (!el) return;
      var options = Object.assign({
        width: chartWidth(el), height: 240, axes: axes,
        series: [{}].concat(series), legend: { live: true },
      }, extra || {});
      charts.push([el, new uPlot(options, values, el)]);
    }

    make("chart-form", [
      { label: "Fitness (CTL)", stroke: "#1565c0", width: 2 },
      { label: "Fatigue (ATL)", stroke: "#c2410c", width: 2 },
      { label: "Form (TSB)", stroke: "#2e7d32", width: 2, dash: [6, 4] },
    ], [days(data.days), data.ctl, data.atl, data.tsb]);

    var bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 60] }) : undefined;
    make("chart-load", [
      { label: "Load", stroke: "#6a1b9a", fill: "#6a1b9a55", paths: bars, points: { show: false } },
    ], [days(data.weeks), data.weekly_load]);

    make("chart-volume", [
      { label: "Running km", stroke: "#1565c0", width: 2, scale: "km" },
      { label: "Lifting sets", stroke: "#c2410c", width: 2, scale: "sets" },
    ], [days(data.weeks), data.run_km, data.sets], {
      axes: [
        axes[0],
        { stroke: text, grid: { stroke: grid }, scale: "km", label: "km" },
        { stroke: text, grid: { show: false }, scale: "sets", side: 1, label: "sets" },
      ],
    });

    window.addEventListener("resize", function () {
      charts.forEach(function (pair) {
        pair[1].setSize({ width: chartWidth(pair[0]), height: 240 });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    tickCountdowns();
    setInterval(tickCountdowns, 30000);
    setUpLogForm();
    setUpCopyButtons();
    setUpConfirmations();
    setUpErrorSlots();
    setUpAdviceRefresh();
    setUpOffline();
    setUpTimezone();
    setUpUploadProgress();
    drawCharts();
  });
  document.addEventListener("htmx:afterSwap", tickCountdowns);
})();
