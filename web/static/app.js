// refsync UI: the only script. "Select all" for the review queue's bulk actions.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var name = all.getAttribute("data-select-all");
    var form = all.form;
    all.addEventListener("change", function () {
      form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });
});

// Settings: a row's field list follows its object, its value list follows its field
// (the lists are <datalist>s from Salesforce's describe; free text stays possible).
document.addEventListener("input", function (ev) {
  var t = ev.target;
  var row = t.closest && t.closest("tr");
  if (!row || !(t.hasAttribute("data-row-object") || t.hasAttribute("data-row-field"))) {
    return;
  }
  var obj = row.querySelector("[data-row-object]");
  var field = row.querySelector("[data-row-field]");
  var value = row.querySelector("[data-row-value]");
  if (obj && field) {
    field.setAttribute("list", "sf-fields-" + obj.value.trim());
  }
  if (obj && field && value) {
    value.setAttribute("list", "sf-pick-" + obj.value.trim() + "-" + field.value.trim());
  }
});

// The program switcher shows the chosen program at once (its button stays for keyboards and no-script).
document.addEventListener("change", function (ev) {
  var sel = ev.target;
  if (sel && sel.matches && sel.matches("select[data-autosubmit]") && sel.form) {
    sel.form.submit();
  }
});

// Settings: an object picked from Salesforce's list is added to "Objects to watch".
document.addEventListener("change", function (ev) {
  var t = ev.target;
  var id = t.getAttribute && t.getAttribute("data-add-to");
  var target = id && document.getElementById(id);
  var name = t.value && t.value.trim();
  if (!target || !name) {
    return;
  }
  var list = target.value.split(/[\s,]+/).filter(Boolean);
  if (list.indexOf(name) < 0) {
    list.push(name);
  }
  target.value = list.join(", ");
  t.value = "";
});

// Settings: the push section's field lists follow the object new referrals are created as;
// a status row's changed-at field follows its object too.
document.addEventListener("change", function (ev) {
  var t = ev.target;
  if (t.matches && t.matches("select[data-push-object]")) {
    document.querySelectorAll("input[data-push-field]").forEach(function (i) {
      i.setAttribute("list", "sf-fields-" + t.value);
    });
  }
  var row = t.closest && t.closest("tr");
  var changed = row && t.hasAttribute("data-row-object") && row.querySelector("[data-row-field2]");
  if (changed) {
    changed.setAttribute("list", "sf-fields-" + t.value.trim());
  }
});

// Keyboard shortcuts of the review queue and the entry page (? lists them).
// Keys never act while typing in a field; an action key only moves the focus
// to its button, so Enter stays the one key that changes anything.
document.addEventListener("keydown", function (ev) {
  var t = ev.target;
  if (ev.ctrlKey || ev.metaKey || ev.altKey || (t.closest && t.closest("input, textarea, select"))) {
    return;
  }
  var help = document.getElementById("keys-help");
  if (ev.key === "?" && help) {
    help.hidden = !help.hidden;
    ev.preventDefault();
    return;
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.queue tbody tr"));
  if (rows.length) {
    var cur = rows.indexOf(document.querySelector("table.queue tbody tr.current"));
    var go = { j: 1, k: -1 }[ev.key];
    if (go) {
      var next = Math.min(Math.max(cur + go, 0), rows.length - 1);
      if (cur >= 0) rows[cur].classList.remove("current");
      rows[next].classList.add("current");
      var link = rows[next].querySelector("td.id a");
      if (link) link.focus();
      ev.preventDefault();
    } else if (cur >= 0 && (ev.key === "o" || ev.key === "Enter")) {
      rows[cur].querySelector("td.id a").click();
      ev.preventDefault();
    } else if (cur >= 0 && ev.key === "x") {
      var box = rows[cur].querySelector("input[type=checkbox]");
      box.checked = !box.checked;
      ev.preventDefault();
    }
    return;
  }
  var target = document.querySelector('[data-key="' + ev.key + '"]');
  if (ev.key === "u") {
    target = document.querySelector(".crumbs a");
  }
  if (target) {
    ev.preventDefault();
    if (target.tagName === "A" && ev.key !== "a") {
      target.click();
    } else {
      target.focus();
      target.scrollIntoView({ block: "center" });
    }
  }
});
document.addEventListener("click", function (ev) {
  var b = ev.target.closest && ev.target.closest("[data-help]");
  var help = document.getElementById("keys-help");
  if (b && help) {
    help.hidden = !help.hidden;
  }
});
