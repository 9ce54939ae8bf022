(function () {
  "use strict";
  // The filters only hide rows; without this script every row shows.
  var bar = document.getElementById("filters");
  if (bar) {
    bar.hidden = false;
    bar.addEventListener("change", function (e) {
      if (e.target.name !== "filter") return;
      var b = document.body.classList;
      b.remove("only-failures", "only-skips");
      if (e.target.value !== "all") b.add("only-" + e.target.value);
    });
  }
  // Print every collapsed exchange, then restore what the reader had.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
