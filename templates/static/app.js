/* app.js — small progressive enhancements; every page works without it.
 * - forms with data-confirm ask before they submit (destructive actions) */
document.addEventListener('submit', function (ev) {
  var form = ev.target;
  var msg = form.getAttribute && form.getAttribute('data-confirm');
  if (msg && !window.confirm(msg)) ev.preventDefault();
}, true);
