// Intake form: fetch suggestions as the operator types (debounced) and let the keyboard take them.
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  if (!form) { return; }
  var labels = Object.assign({}, document.getElementById("sg-labels").dataset);  // translated words, from the page
  var url = form.dataset.suggestUrl;
  var $ = function (id) { return document.getElementById(id); };
  var state = { articles: [], departments: [], timer: null, seq: 0 };

  function setMode(value) {
    var radio = form.querySelector('input[name="mode"][value="' + value + '"]');
    if (radio) { radio.checked = true; }
  }
  function item(text, onUse) {
    var li = document.createElement("li");
    li.appendChild(document.createTextNode(text));
    if (onUse) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "button"; b.textContent = labels.use;
      b.addEventListener("click", onUse);
      li.appendChild(b);
    }
    return li;
  }
  function fill(list, items) {
    list.textContent = "";
    if (!items.length) { list.appendChild(item(labels.none)); }
    items.forEach(function (li) { list.appendChild(li); });
  }
  function useArticle(a) {
    $("id_answer").value = a.answer;
    $("id_article").value = a.id;
    if (a.category) { $("id_category").value = a.category; }
    setMode("answer");
  }
  function useDepartment(d) {
    $("id_department").value = d.code;
    setMode("dispatch");
  }
  function render(data) {
    state.articles = data.articles; state.departments = data.departments;
    fill($("sg-articles"), data.articles.map(function (a, i) {
      return item((i < 3 ? "[Alt+" + (i + 1) + "] " : "") + a.question + " — " + a.answer.slice(0, 60), function () { useArticle(a); });
    }));
    fill($("sg-categories"), data.categories.map(function (c) {
      var conf = c.confidence !== null ? " (" + labels.confidence + " " + c.confidence.toFixed(2) + ")" : "";
      return item((c.name || c.code) + conf, function () { $("id_category").value = c.code; schedule(); });
    }));
    fill($("sg-departments"), data.departments.map(function (d) {
      var conf = d.confidence !== null ? " (" + labels.confidence + " " + d.confidence.toFixed(2) + ")" : " (" + labels.catalogue + ")";
      return item(d.name + conf, function () { useDepartment(d); });
    }));
    fill($("sg-duplicates"), data.duplicates.map(function (o) {
      return item(o.number + " · " + (labels[o.reason] || o.reason) + " · " + o.state + " · " + o.content, function () {
        $("id_duplicate_of").value = o.number;
      });
    }));
  }
  function fetchSuggestions() {
    var params = new URLSearchParams({
      content: $("id_content").value, category: $("id_category").value,
      region: $("id_region").value, phone: $("id_caller_phone").value
    });
    var seq = ++state.seq;
    fetch(url + "?" + params.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && seq === state.seq) { render(data); } })
      .catch(function () { /* suggestions are a convenience: ignore network errors */ });
  }
  function schedule() {
    clearTimeout(state.timer);
    state.timer = setTimeout(fetchSuggestions, 250);
  }
  ["id_content", "id_region", "id_caller_phone"].forEach(function (id) { $(id).addEventListener("input", schedule); });
  $("id_category").addEventListener("change", schedule);
  form.addEventListener("keydown", function (e) {
    if (e.altKey && e.key >= "1" && e.key <= "3" && state.articles[+e.key - 1]) {
      e.preventDefault(); useArticle(state.articles[+e.key - 1]);
    } else if (e.altKey && (e.key === "d" || e.key === "D") && state.departments[0]) {
      e.preventDefault(); useDepartment(state.departments[0]);
    } else if (e.ctrlKey && e.key === "Enter") {
      e.preventDefault(); form.requestSubmit();
    }
  });
  if ($("id_content").value) { schedule(); }
})();
