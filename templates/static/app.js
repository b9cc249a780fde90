/* app.js — small progressive enhancements; every page works without it.
 * - forms with data-confirm ask before they submit (destructive actions); a submit button's own
 *   data-confirm is asked instead of its form's
 * - a checkbox with data-select-all="NAME" ticks or clears every checkbox named NAME on the page
 * - "/" (outside a field) puts the cursor in the page's search or filter box, or opens 搜索 where the page
 *   has none; each such box says so (aria-keyshortcuts) */
document.addEventListener('submit', function (ev) {
  var form = ev.target, by = ev.submitter;
  var msg = (by && by.getAttribute('data-confirm')) || (form.getAttribute && form.getAttribute('data-confirm'));
  if (msg && !window.confirm(msg)) ev.preventDefault();
}, true);

document.addEventListener('change', function (ev) {
  var all = ev.target;
  var name = all.getAttribute && all.getAttribute('data-select-all');
  if (!name) return;
  var boxes = document.querySelectorAll('input[type=checkbox][name="' + name + '"]');
  for (var i = 0; i < boxes.length; i++) boxes[i].checked = all.checked;
});

function searchBox() {
  return document.querySelector('form[role=search] input[type=text], form[role=search] input:not([type]), ' +
                                'form[role=search] input[type=search]');
}

document.addEventListener('keydown', function (ev) {
  if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
  var t = ev.target;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  var box = searchBox();
  ev.preventDefault();
  if (box) { box.focus(); box.select(); } else { window.location.href = '/search'; }
});

(function () {
  var box = searchBox();
  if (box) box.setAttribute('aria-keyshortcuts', '/');
})();
