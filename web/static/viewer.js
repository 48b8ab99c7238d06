// citebot source viewer: highlight the cited paragraph, scroll it into view, and keep the quote marks
// where the link points. The server cannot see the URL fragment (#pN), so this finishes its work.
(function () {
  "use strict";
  var root = document.getElementById("source");
  if (!root) { return; }

  function targetParagraph() {
    var m = /^#p(\d+)$/.exec(window.location.hash);
    if (m) { return document.getElementById("p" + m[1]); }
    var n = parseInt(root.getAttribute("data-target"), 10);
    if (n > 0) { return document.getElementById("p" + n); }
    return null;
  }

  // unmark replaces a <mark> with its text.
  function unmark(el) {
    var parent = el.parentNode;
    parent.replaceChild(document.createTextNode(el.textContent), el);
    parent.normalize();
  }

  function apply() {
    var target = targetParagraph();
    var old = document.querySelectorAll(".para.highlight");
    for (var i = 0; i < old.length; i++) {
      if (old[i] !== target) { old[i].classList.remove("highlight"); }
    }
    var marks = Array.prototype.slice.call(document.querySelectorAll("mark.quote"));
    var scrollTo = target;
    if (marks.length > 0) {
      var inTarget = target ? marks.filter(function (m) { return target.contains(m); }) : [];
      var keep = inTarget.length > 0 ? inTarget : [marks[0]];
      marks.forEach(function (m) { if (keep.indexOf(m) < 0) { unmark(m); } });
      if (!scrollTo) { scrollTo = keep[0].closest(".para"); }
    }
    if (target) { target.classList.add("highlight"); }
    if (scrollTo) { scrollTo.scrollIntoView({ block: "center" }); }
  }

  window.addEventListener("hashchange", apply);
  // The browser's own jump to the fragment comes after this script; centre the paragraph again then.
  window.addEventListener("load", function () {
    var el = document.querySelector(".para.highlight") || (document.querySelector("mark.quote") || {}).parentNode;
    if (el && el.scrollIntoView) { el.scrollIntoView({ block: "center" }); }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", apply);
  } else {
    apply();
  }
})();
