// citebot source viewer: highlight the cited paragraph, keep the quote marks where the link points and
// scroll the quote itself into view. The server cannot see the URL fragment (#pN), so this finishes
// its work.
(function () {
  "use strict";
  var root = document.getElementById("source");
  if (!root) { return; }
  // data-exact="1": the marks are the linked span itself and all stay.
  var exact = root.getAttribute("data-exact") === "1";

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

  // measureTop tells the stylesheet the height of the top bar (--top-height), under which a table's
  // header row stays in view: the bar wraps on a narrow window.
  function measureTop() {
    var top = document.querySelector(".top");
    if (top) { document.documentElement.style.setProperty("--top-height", top.getBoundingClientRect().height + "px"); }
  }

  // scrollToQuote brings the first mark into view (its start, if it is taller than the window), else
  // the target paragraph. A mark in a table's rows keeps clear of the header row that stays in view
  // above them.
  function scrollToQuote(target) {
    var mark = document.querySelector("mark.quote");
    var el = mark || target;
    if (!el || !el.scrollIntoView) { return; }
    var text = el.closest ? el.closest(".text") : null;
    var head = text ? text.querySelector(".thead") : null;
    if (head && !head.contains(el)) { el.style.scrollMarginTop = head.getBoundingClientRect().height + "px"; }
    var tall = el.getBoundingClientRect().height > window.innerHeight * 0.7;
    el.scrollIntoView({ block: tall ? "start" : "center" });
  }

  function apply() {
    var target = targetParagraph();
    var old = document.querySelectorAll(".para.highlight");
    for (var i = 0; i < old.length; i++) {
      if (old[i] !== target) { old[i].classList.remove("highlight"); }
    }
    var marks = Array.prototype.slice.call(document.querySelectorAll("mark.quote"));
    if (marks.length > 0 && !exact) {
      var inTarget = target ? marks.filter(function (m) { return target.contains(m); }) : [];
      var keep = inTarget.length > 0 ? inTarget : [marks[0]];
      marks.forEach(function (m) { if (keep.indexOf(m) < 0) { unmark(m); } });
      if (!target) { target = keep[0].closest(".para"); }
    }
    if (target) { target.classList.add("highlight"); }
    scrollToQuote(target);
  }

  measureTop();
  window.addEventListener("resize", measureTop);
  window.addEventListener("hashchange", apply);
  // The browser's own jump to the fragment comes after this script; bring the quote back then.
  window.addEventListener("load", function () { scrollToQuote(document.querySelector(".para.highlight")); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", apply);
  } else {
    apply();
  }
})();
