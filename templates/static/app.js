/* app.js — small progressive enhancements; every page works without it.
 * - forms with data-confirm ask before they submit (destructive actions)
 * - a checkbox with data-select-all="NAME" ticks or clears every checkbox named NAME on the page */
document.addEventListener('submit', function (ev) {
  var form = ev.target;
  var msg = form.getAttribute && form.getAttribute('data-confirm');
  if (msg && !window.confirm(msg)) ev.preventDefault();
}, true);

document.addEventListener('change', function (ev) {
  var all = ev.target;
  var name = all.getAttribute && all.getAttribute('data-select-all');
  if (!name) return;
  var boxes = document.querySelectorAll('input[type=checkbox][name="' + name + '"]');
  for (var i = 0; i < boxes.length; i++) boxes[i].checked = all.checked;
});
