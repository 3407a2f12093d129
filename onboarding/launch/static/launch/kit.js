/* The apéro-info kit: one slide at a time, driven by the keyboard or the buttons.
   Without this script the slides read as one long page (and they print one per page). */
(function () {
  "use strict";

  var deck = document.querySelector("[data-deck]");
  if (!deck) return;
  var slides = Array.prototype.slice.call(deck.querySelectorAll(".slide"));
  if (!slides.length) return;
  var controls = document.querySelector(".deck-controls");
  var status = document.querySelector("[data-deck-status]");
  var prev = document.querySelector("[data-deck-prev]");
  var next = document.querySelector("[data-deck-next]");
  var fullscreen = document.querySelector("[data-deck-fullscreen]");
  var exitUrl = deck.getAttribute("data-exit");
  var current = 0;

  document.documentElement.classList.add("deck-js");
  if (controls) controls.hidden = false;
  if (fullscreen && !document.fullscreenEnabled) fullscreen.hidden = true;

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) {
      var on = i === current;
      slide.classList.toggle("is-current", on);
      slide.setAttribute("aria-hidden", on ? "false" : "true");
    });
    if (status) {
      status.textContent = status.getAttribute("data-template")
        .replace("{current}", String(current + 1))
        .replace("{total}", String(slides.length));
    }
    if (prev) prev.disabled = current === 0;
    if (next) next.disabled = current === slides.length - 1;
    if (window.history && history.replaceState) {
      history.replaceState(null, "", "#" + slides[current].id);
    }
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(function () {});
    } else if (document.fullscreenEnabled) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  }

  function leave() {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(function () {});
    } else if (exitUrl) {
      window.location.assign(exitUrl);
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var onControl = event.target.closest && event.target.closest("button, a, input, textarea, select");
    switch (event.key) {
      case "ArrowRight":
      case "PageDown":
        show(current + 1);
        break;
      case " ":
      case "Spacebar":
        // Space on a focused button presses it: leave that to the button.
        if (onControl) return;
        if (event.shiftKey) show(current - 1); else show(current + 1);
        break;
      case "ArrowLeft":
      case "PageUp":
        show(current - 1);
        break;
      case "Home":
        show(0);
        break;
      case "End":
        show(slides.length - 1);
        break;
      case "f":
      case "F":
        toggleFullscreen();
        break;
      case "Escape":
        leave();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  if (prev) prev.addEventListener("click", function () { show(current - 1); });
  if (next) next.addEventListener("click", function () { show(current + 1); });
  if (fullscreen) {
    fullscreen.addEventListener("click", toggleFullscreen);
    document.addEventListener("fullscreenchange", function () {
      fullscreen.setAttribute("aria-pressed", document.fullscreenElement ? "true" : "false");
    });
  }

  var start = slides.findIndex(function (slide) { return "#" + slide.id === window.location.hash; });
  show(start < 0 ? 0 : start);
})();
