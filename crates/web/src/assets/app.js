// Tidings: the little script. Everything here enhances pages that already work without it:
// keyboard (j/k/o/s, / search, ? help), the short/long switch (remembered), the theme switch,
// the "N new stories" banner (server-sent events) and the service worker.
(function () {
  "use strict";
  var doc = document;

  // Short/long, remembered in localStorage.
  function showVersion(v, remember) {
    var shortEl = doc.getElementById("short"), longEl = doc.getElementById("long");
    if (!shortEl || !longEl) return;
    shortEl.hidden = v !== "short";
    longEl.hidden = v !== "long";
    doc.querySelectorAll("nav.switch a").forEach(function (a) {
      if (a.dataset.version === v) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
    if (remember) { try { localStorage.setItem("tidings.version", v); } catch (e) { /* private mode */ } }
  }
  function currentVersion() {
    var longEl = doc.getElementById("long");
    return longEl && !longEl.hidden ? "long" : "short";
  }
  doc.querySelectorAll("nav.switch a").forEach(function (a) {
    a.addEventListener("click", function (ev) { ev.preventDefault(); showVersion(a.dataset.version, true); });
  });
  if (doc.getElementById("short") && !/[?&]v=/.test(location.search)) {
    var saved = null;
    try { saved = localStorage.getItem("tidings.version"); } catch (e) { saved = null; }
    if (saved === "long" || saved === "short") showVersion(saved, false);
  }

  // Theme switch without a round trip (the links still work alone).
  doc.querySelectorAll("[data-theme-set]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      var v = a.dataset.themeSet;
      doc.documentElement.dataset.theme = v;
      doc.cookie = v === "auto" ? "theme=auto; path=/; max-age=0; samesite=lax"
                                : "theme=" + v + "; path=/; max-age=31536000; samesite=lax";
      doc.querySelectorAll("[data-theme-set]").forEach(function (b) {
        if (b === a) b.setAttribute("aria-current", "true"); else b.removeAttribute("aria-current");
      });
    });
  });

  // Keyboard.
  var items = Array.prototype.slice.call(doc.querySelectorAll("article.story"));
  var cur = -1;
  function select(i) {
    if (!items.length) return;
    cur = Math.max(0, Math.min(items.length - 1, i));
    items.forEach(function (el, j) { el.classList.toggle("current", j === cur); });
    var el = items[cur];
    el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }
  function openCurrent() {
    var el = cur >= 0 ? items[cur] : doc.querySelector("a.open");
    var a = el && (el.matches("a") ? el : el.querySelector("a.open"));
    if (a) location.href = a.href;
  }
  var help = null;
  function toggleHelp() {
    if (!help) {
      help = doc.createElement("dialog");
      help.id = "help";
      help.setAttribute("aria-labelledby", "help-h");
      var h = doc.createElement("h2"); h.id = "help-h"; h.textContent = "Keyboard";
      var dl = doc.createElement("dl");
      [["j", "next story"], ["k", "previous story"], ["o", "open the story"], ["s", "short / long"],
       ["/", "search"], ["?", "this help"], ["Esc", "close"]].forEach(function (p) {
        var dt = doc.createElement("dt"), kbd = doc.createElement("kbd"), dd = doc.createElement("dd");
        kbd.textContent = p[0]; dt.appendChild(kbd); dd.textContent = p[1];
        dl.appendChild(dt); dl.appendChild(dd);
      });
      var close = doc.createElement("button"); close.type = "button"; close.textContent = "Close";
      close.addEventListener("click", function () { help.close(); });
      help.appendChild(h); help.appendChild(dl); help.appendChild(close);
      doc.body.appendChild(help);
    }
    if (help.open) help.close(); else help.showModal();
  }
  doc.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) {
      if (ev.key === "Escape") t.blur();
      return;
    }
    switch (ev.key) {
      case "j": select(cur + 1); break;
      case "k": select(cur < 0 ? 0 : cur - 1); break;
      case "o": case "Enter": if (ev.key === "Enter" && cur < 0) return; openCurrent(); break;
      case "s": if (doc.getElementById("short")) showVersion(currentVersion() === "short" ? "long" : "short", true); else return; break;
      case "/": var q = doc.getElementById("q"); if (q) { q.focus(); q.select(); } break;
      case "?": toggleHelp(); break;
      default: return;
    }
    ev.preventDefault();
  });

  // "N new stories", pushed by the server.
  var max = doc.body.dataset.maxStory;
  var live = doc.getElementById("live");
  if (max !== undefined && live && window.EventSource) {
    var es = new EventSource("/events?since=" + encodeURIComponent(max));
    es.addEventListener("stories", function (ev) {
      var d;
      try { d = JSON.parse(ev.data); } catch (e) { return; }
      if (!d || !(d.new > 0)) { live.hidden = true; return; }
      live.textContent = "";
      var a = doc.createElement("a");
      a.href = location.pathname;
      a.textContent = d.new + (d.new === 1 ? " new story" : " new stories") + " — show";
      live.appendChild(a);
      live.hidden = false;
    });
  }

  // Offline reading.
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* not fatal */ });
  }
})();
