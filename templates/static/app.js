/* app.js — small progressive enhancements; every page works without it.
 * - forms with data-confirm ask before they submit (destructive actions); a submit button's own
 *   data-confirm is asked instead of its form's
 * - a checkbox with data-select-all="NAME" ticks or clears every checkbox named NAME on the page
 * - "/" (outside a field) puts the cursor in the page's search or filter box, or opens 搜索 where the page
 *   has none; each such box says so (aria-keyshortcuts)
 * - a button with data-add-row="TABLE_ID" (hidden until this script shows it) adds an empty row to that table:
 *   a copy of its last row with the fields cleared and the next number, up to data-max rows
 * - an element with data-sum-lines="TABLE_ID" (hidden until shown here) shows the sum of that table's order
 *   lines, quantity[] × price[], as they are typed; an empty price is the product's (its suggestion's
 *   data-price); a line without a whole quantity or a known price is left out */
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

(function () {
  var adders = document.querySelectorAll('button[data-add-row]');
  for (var i = 0; i < adders.length; i++) adders[i].hidden = false;
})();

document.addEventListener('click', function (ev) {
  var button = ev.target.closest && ev.target.closest('button[data-add-row]');
  if (!button) return;
  var body = document.getElementById(button.getAttribute('data-add-row')).tBodies[0];
  var n = body.rows.length + 1, max = Number(button.getAttribute('data-max')) || Infinity;
  if (n > max) return;
  var row = body.rows[body.rows.length - 1].cloneNode(true);
  row.cells[0].textContent = n;
  var errors = row.querySelectorAll('.invalid-feedback');
  for (var i = 0; i < errors.length; i++) errors[i].remove();
  var fields = row.querySelectorAll('input, select');
  for (var k = 0; k < fields.length; k++) {
    var f = fields[k];
    if (f.tagName === 'SELECT') f.selectedIndex = 0; else f.value = '';
    f.classList.remove('is-invalid');
    var label = f.getAttribute('aria-label');
    if (label) f.setAttribute('aria-label', label.replace(/\d+$/, n));
  }
  body.appendChild(row);
  fields[0].focus();
  if (n >= max) button.disabled = true;
});

function fen(text) {   /* "¥1,299.5" → 129950; null when it is not an amount */
  var t = String(text).replace(/[¥￥,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  var parts = t.split('.');
  return Number(parts[0]) * 100 + Number(((parts[1] || '') + '00').slice(0, 2));
}

/* The price of the product a line's field names as the server reads it (its suggestion 名称（型号）, or a
 * name or a 型号 only one suggestion has), from the suggestion's data-price; null when none or several */
function productPrice(field) {
  var t = field && field.list ? field.value.trim() : '';
  if (!t) return null;
  var found = [], options = field.list.options;
  for (var k = 0; k < options.length; k++) {
    var v = options[k].value;
    if (v === t) return fen(options[k].getAttribute('data-price'));
    if (v.indexOf(t + '（') === 0 || v.slice(-t.length - 2) === '（' + t + '）') found.push(options[k]);
  }
  return found.length === 1 ? fen(found[0].getAttribute('data-price')) : null;
}

function sumLines(box) {
  var table = document.getElementById(box.getAttribute('data-sum-lines'));
  var total = 0, rows = table.tBodies[0].rows;
  for (var i = 0; i < rows.length; i++) {
    var product = rows[i].querySelector('[name="product[]"]'), qty = rows[i].querySelector('[name="quantity[]"]');
    var price = rows[i].querySelector('[name="price[]"]');
    var q = qty.value.replace(/[,\s]/g, '');
    if (!/^\d+$/.test(q)) continue;
    var p = price.value.trim() ? fen(price.value) : productPrice(product);
    if (p !== null) total += Number(q) * p;
  }
  box.querySelector('span').textContent = (total / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

(function () {
  var boxes = document.querySelectorAll('[data-sum-lines]');
  for (var i = 0; i < boxes.length; i++) { boxes[i].hidden = false; sumLines(boxes[i]); }
  if (!boxes.length) return;
  var again = function () { for (var k = 0; k < boxes.length; k++) sumLines(boxes[k]); };
  document.addEventListener('input', again);
  document.addEventListener('change', again);
})();
