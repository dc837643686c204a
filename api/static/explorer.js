// aikg explorer: name suggestions for search boxes (from /api/entities), written as text only.
(function () {
  "use strict";
  function attach(input) {
    var list = document.getElementById(input.getAttribute("data-suggest"));
    if (!list) return;
    var timer = null, last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) return;
        last = q;
        fetch("/api/entities?limit=8&q=" + encodeURIComponent(q), {headers: {Accept: "application/json"}})
          .then(function (r) { return r.ok ? r.json() : {items: []}; })
          .then(function (data) {
            var items = Array.isArray(data) ? data : (data.items || []);
            while (list.firstChild) list.removeChild(list.firstChild);
            items.forEach(function (e) {
              var o = document.createElement("option");
              o.value = e.label || e.slug || "";
              if (e.type) o.label = e.type;
              list.appendChild(o);
            });
          })
          .catch(function () { /* suggestions are a convenience: the form works without them */ });
      }, 150);
    });
  }
  document.querySelectorAll("input[data-suggest]").forEach(attach);
})();
