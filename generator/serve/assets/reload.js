// Live reload for `disclose serve`: listens to the server's event stream
// and reloads the page when the server says it changed (or the build
// failed or was fixed, which shows or hides the problems overlay).
// Served only by `disclose serve`, never part of a built site.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.EventSource) {
    return;
  }
  var url = me.getAttribute("data-events") +
    "?page=" + encodeURIComponent(me.getAttribute("data-page")) +
    "&token=" + encodeURIComponent(me.getAttribute("data-token"));
  var events = new EventSource(url);
  events.addEventListener("reload", function () {
    events.close();
    window.location.reload();
  });
  // The overlay can be closed to look at the last good page underneath.
  var close = document.querySelector(".disclose-overlay-close");
  if (close) {
    close.addEventListener("click", function () {
      var overlay = document.querySelector(".disclose-overlay");
      if (overlay) {
        overlay.hidden = true;
      }
    });
  }
})();
