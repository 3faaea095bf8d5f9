// Progressive enhancement for the recommendation form: show only the fields a benchmark's kind uses.
// Without JavaScript every field shows, each labelled with the kind it is for.
(function () {
  "use strict";
  function update(row) {
    var select = row.querySelector("select[name$='-kind']");
    if (!select) { return; }
    row.querySelectorAll(".kind-fields").forEach(function (group) {
      group.hidden = group.getAttribute("data-for-kind") !== select.value;
    });
  }
  document.querySelectorAll(".benchmark-row").forEach(function (row) {
    update(row);
    var select = row.querySelector("select[name$='-kind']");
    if (select) { select.addEventListener("change", function () { update(row); }); }
  });
})();
