// Filters, expand/collapse, copy buttons and print: plain DOM, no
// network, so the report works from a file, a CI artefact or an e-mail.
(function () {
  'use strict';
  var all = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var form = document.getElementById('filters');
  var shown = document.getElementById('shown');

  function apply() {
    var statuses = {};
    all('input[name=status]', form).forEach(function (i) { statuses[i.value] = i.checked; });
    var tag = form.elements.tag.value, feature = form.elements.feature.value, dialect = form.elements.dialect.value;
    var n = 0, total = 0;
    all('.scenario').forEach(function (el) {
      total++;
      var ok = statuses[el.dataset.status] !== false &&
        (!tag || el.dataset.tags.indexOf(' ' + tag + ' ') >= 0) &&
        (!feature || el.dataset.feature === feature) &&
        (!dialect || el.dataset.dialect === dialect);
      el.hidden = !ok;
      if (ok) { n++; }
    });
    all('.group').forEach(function (g) { g.hidden = !g.querySelector('.scenario:not([hidden])'); });
    shown.textContent = 'showing ' + n + ' of ' + total + ' scenarios';
  }
  form.addEventListener('change', apply);
  form.addEventListener('reset', function () { setTimeout(apply, 0); });

  function setOpen(open) {
    all('details').forEach(function (d) {
      if (!d.closest('[hidden]')) { d.open = open; }
    });
  }
  document.getElementById('expand-all').addEventListener('click', function () { setOpen(true); });
  document.getElementById('collapse-all').addEventListener('click', function () { setOpen(false); });

  // copy a curl command; the fallback selects it for Ctrl+C where the
  // clipboard API is refused (some browsers, file:// pages)
  document.addEventListener('click', function (ev) {
    var btn = ev.target.closest('button.copy');
    if (!btn) { return; }
    var pre = document.getElementById(btn.dataset.copy);
    var done = function () { btn.textContent = 'Copied'; setTimeout(function () { btn.textContent = 'Copy curl'; }, 1500); };
    var select = function () {
      var r = document.createRange(); r.selectNodeContents(pre);
      var s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
      btn.textContent = 'Selected: press Ctrl+C';
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(pre.textContent).then(done, select);
    } else {
      select();
    }
  });

  // a link to a scenario (the dialect matrix) opens the details around it
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    for (var d = el; d; d = d.parentElement) {
      if (d.tagName === 'DETAILS') { d.open = true; }
    }
    if (el) { el.scrollIntoView(); }
  }
  window.addEventListener('hashchange', reveal);
  reveal();

  // a printout shows every failed scenario whole; the page is put back after
  var opened = [];
  window.addEventListener('beforeprint', function () {
    opened = all('#causes details:not([open]), #deviations details:not([open]), #errors details:not([open])');
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  apply();
}());
