/* The newsletter editor's buttons: wrap the selected text of the textarea in one of the
   few tags the newsletter keeps. Without JavaScript the textarea works alone. */
(function () {
  "use strict";
  document.querySelectorAll("[data-editor-for]").forEach(function (toolbar) {
    var area = document.getElementById(toolbar.getAttribute("data-editor-for"));
    if (!area) { return; }
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-tag]");
      if (!button) { return; }
      var tag = button.getAttribute("data-tag");
      var start = area.selectionStart, end = area.selectionEnd;
      var text = area.value.slice(start, end) || button.getAttribute("data-sample") || "";
      var open = "<" + tag + ">", close = "</" + tag + ">";
      if (tag === "a") {
        var url = window.prompt(button.getAttribute("data-ask"), "https://");
        if (!url) { return; }
        open = '<a href="' + url.replace(/"/g, "%22") + '">';
      } else if (tag === "ul") {
        text = text.split("\n").map(function (line) { return "<li>" + line + "</li>"; }).join("\n");
      }
      area.setRangeText(open + text + close, start, end, "select");
      area.focus();
    });
  });
})();
