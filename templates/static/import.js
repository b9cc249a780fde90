/* import.js — 数据导入 pages; every page works without it.
 * - the upload form refuses a file over its data-max-bytes before sending it;
 * - the column reference shows only the kind chosen in the form (all kinds without script);
 * - the commit form, once submitted (and confirmed), shows a progress bar fed by polling
 *   /import/progress?token=... while the commit request runs (the page stays until its answer). */
(function () {
  var upload = document.querySelector('form[data-max-bytes]');
  var kind = upload && upload.querySelector('select[name=kind]');
  function showKind() {
    var sections = document.querySelectorAll('section[data-kind]');
    for (var i = 0; i < sections.length; i++) sections[i].hidden = sections[i].getAttribute('data-kind') !== kind.value;
  }
  if (kind) { kind.addEventListener('change', showKind); showKind(); }
  if (upload) {
    upload.addEventListener('submit', function (ev) {
      var input = upload.querySelector('input[type=file]');
      var max = Number(upload.getAttribute('data-max-bytes'));
      var tooLarge = upload.querySelector('[data-too-large]');
      if (input && input.files && input.files[0] && input.files[0].size > max) {
        ev.preventDefault();
        input.classList.add('is-invalid');
        if (tooLarge) { tooLarge.hidden = false; tooLarge.classList.add('d-block'); }
      }
    });
  }
  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (ev.defaultPrevented || !form.hasAttribute || !form.hasAttribute('data-import-commit')) return;
    var token = form.getAttribute('data-token');
    var box = form.querySelector('[data-progress]');
    var bar = box && box.querySelector('.progress-bar');
    var text = form.querySelector('[data-progress-text]');
    var button = form.querySelector('button');
    if (box) box.hidden = false;
    if (text) text.hidden = false;
    setTimeout(function () { if (button) button.disabled = true; }, 0);
    function show(p) {
      var pct = Math.max(0, Math.min(100, Number(p.percent) || 0));
      if (bar) { bar.style.width = pct + '%'; bar.textContent = pct + '%'; }
      if (box) box.setAttribute('aria-valuenow', String(pct));
      if (text) text.textContent = p.state_label + (p.total ? ' · ' + p.done + ' / ' + p.total : '');
    }
    function poll() {
      fetch('/import/progress?token=' + encodeURIComponent(token), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (p) { show(p); if (p.state !== 'done' && p.state !== 'failed') setTimeout(poll, 300); })
        .catch(function () { setTimeout(poll, 1000); });
    }
    setTimeout(poll, 150);
  });
})();
