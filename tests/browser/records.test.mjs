// records.test.mjs — browser tests of 客户管理 (issue 3) in headless Chromium against the real nginx + crm
// server, the way a Chinese-speaking user works: a rep creates a customer through 客户信息 › 新建客户, adds a
// contact and an interaction record (交往记录) on its page, finds and edits both again on the lists across
// customers (客户管理 › 交往记录 and › 联系人, each edit returning to its list), finds the customer by two
// characters of its name on the search page, exports a filtered customer list (UTF-8 BOM, the same rows as the list); a director
// imports a CSV with two bad rows (the preview lists exactly those, the commit is not offered), then a clean
// file (progress bar to 100 %, result); plus keyboard use of the customer form, a stale-edit conflict
// between two tabs, the confirm() before retiring a customer, and a director's reassignment from the list.
// BASE_URL comes from tests/run.sh or scripts/try.sh; screenshots go to <dir of CRM_DB>/screenshots/
// (tests/out/screenshots/ under tests/run.sh, tests/out-PORT/screenshots/ under try.sh).
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, run, assert, eq, includes } from '../lib/harness.mjs';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:18081').replace(/\/$/, '');
const SHOTS = process.env.CRM_DB ? resolve(dirname(process.env.CRM_DB), 'screenshots') + '/'
  : fileURLToPath(new URL('../out/screenshots/', import.meta.url));
const PASSWORD = 'demo1234';
// unique names per run (the database outlives one run in development): ten Heavenly Stems for digits
const GAN = '甲乙丙丁戊己庚辛壬癸';
const DIGITS = String(Date.now()).slice(-6);
const TAG = [...DIGITS.slice(-4)].map((d) => GAN[Number(d)]).join('');
mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run',
         '--disable-gpu', '--lang=zh-CN'],   // the browser's own widgets (file picker, date fields) in Chinese too
});

// --- helpers ---------------------------------------------------------------------------------

/** A fresh context (no cookies) with a Chinese browser locale, and its first page. */
async function fresh() {
  const context = await browser.newContext({
    baseURL: BASE, locale: 'zh-CN', viewport: { width: 1280, height: 800 }, acceptDownloads: true,
  });
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(15000);
  const page = await watched(await context.newPage());
  return { context, page };
}

/** Collects a page's script errors, console errors and failed subresources in page.problems. */
async function watched(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {   // a failed subresource is reported below with its address
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push(`${r.status()} for ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    // a download is "aborted" as a navigation once Chromium hands it to the download manager
    if (!/\.csv(\?|$)/.test(r.url())) problems.push(`failed: ${r.url()} ${r.failure() && r.failure().errorText}`);
  });
  page.problems = problems;
  return page;
}

/** Runs fn with a fresh context and always closes it. */
async function withContext(fn) {
  const { context, page } = await fresh();
  try {
    return await fn(page, context);
  } finally {
    await context.close().catch(() => {});   // a closing error must not hide the test's own
  }
}

const path = (page) => new URL(page.url()).pathname;
const clean = (s) => s.replace(/\s+/g, ' ').trim();

async function shot(page, name) {
  await page.screenshot({ path: SHOTS + name, fullPage: true });
}

/** Signs in through the form (types, presses Enter) and asserts the home page was reached. */
async function signIn(page, login) {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(PASSWORD);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('#password').press('Enter')]);
  eq(path(page), '/', `after signing in as ${login}`);
}

/** Opens a menu item of the side bar by its Chinese text and waits for its page. */
async function openMenu(page, label, href) {
  await page.locator('#sidebar').getByRole('link', { name: label, exact: true }).click();
  await page.waitForURL((u) => u.pathname === href);
  eq(await page.locator('#sidebar a.nav-link.active').innerText(), label, `menu marks ${label}`);
}

/** Clicks something that navigates and waits for the new page. */
async function clickNav(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

const text = async (page, testid) => clean(await page.getByTestId(testid).innerText());
const heading = async (page) => clean(await page.locator('main h1').first().innerText());
const customerIdFrom = (page) => {
  const m = path(page).match(/^\/customers\/(\d+)$/);
  assert(m, `a customer page: ${page.url()}`);
  return Number(m[1]);
};

/** The rows of a table as arrays of cell texts, keyed by the header texts: [{header: text}]. */
async function tableRows(table) {
  // a header's name is what a screen reader says: sort arrows (aria-hidden) are left out
  const heads = (await table.locator('thead th').evaluateAll((ths) => ths.map((th) => {
    const c = th.cloneNode(true);
    c.querySelectorAll('[aria-hidden="true"], .visually-hidden').forEach((e) => e.remove());
    return c.textContent;
  }))).map(clean);
  const rows = [];
  for (const tr of await table.locator('tbody tr').all()) {
    const cells = (await tr.locator('td').allInnerTexts()).map(clean);
    rows.push(Object.fromEntries(heads.map((h, i) => [h, cells[i]])));
  }
  return rows;
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF or LF) → array of rows of strings. */
function parseCsv(s) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\r' && s[i + 1] === '\n') { /* the \n ends the row */ }
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** Fails when Chinese would be drawn as empty boxes (see platform.test.mjs). */
async function assertCjkFont(page) {
  const r = await page.evaluate(() => {
    const font = getComputedStyle(document.body).fontFamily;
    const draw = (ch) => {
      const c = document.createElement('canvas');
      c.width = c.height = 48;
      const ctx = c.getContext('2d');
      ctx.font = `32px ${font}`;
      ctx.textBaseline = 'top';
      ctx.fillText(ch, 4, 4);
      return c.toDataURL();
    };
    const a = draw('沧'), b = draw('江'), box = draw('\u{E000}');
    return { distinct: a !== b, notBox: a !== box && b !== box };
  });
  assert(r.distinct && r.notBox, `Chinese text is drawn with a CJK font (${JSON.stringify(r)})`);
}

function assertNoPageErrors(page) {
  eq(page.problems.length, 0, `browser errors on ${page.url()}: ${page.problems.join('; ')}`);
}

/** Accepts or dismisses every dialog, recording { type, message }; returns the record and a setter. */
function dialogs(page, initial = 'accept') {
  const seen = [];
  let answer = initial;
  page.on('dialog', async (d) => { seen.push({ type: d.type(), message: d.message() }); await d[answer](); });
  return { seen, answer: (a) => { answer = a; } };
}

/** As a signed-in rep on any page: 客户信息 › 新建客户, fills the required fields (and any extra by id),
 *  saves; returns the new customer's id. */
async function createCustomer(page, { name, region = '上海', level = '普通客户', extra = {} }) {
  await page.goto('/customers');
  await clickNav(page, page.getByTestId('customer-new'));
  eq(path(page), '/customers/new', 'the new-customer form');
  await page.locator('#name').fill(name);
  await page.locator('#region').selectOption({ label: region });
  await page.locator('#level').selectOption({ label: level });
  for (const [id, v] of Object.entries(extra)) await page.locator(`#${id}`).fill(v);
  await clickNav(page, page.getByTestId('customer-save'));
  const id = customerIdFrom(page);
  eq(await text(page, 'notice'), '客户已创建。', 'creation notice');
  return id;
}

// --- state shared by the scenarios (a rep's new customer) --------------------------------------

const CUSTOMER = {
  name: `澜沧江测绘有限公司（${TAG}）`,
  address: '上海市浦东新区世纪大道100号',
  postcode: '200120',
  phone: `021-5${DIGITS.slice(-6)}1`,
  website: 'www.lancang-survey.cn',
  legal_rep: '李建国',
  reg_capital: '5,000,000',
  annual_revenue: '12345678.9',
};
const CONTACT = { name: '林晓梅', title: '采购经理', mobile: `139${DIGITS}00`, email: 'lin.xiaomei@lancang-survey.cn' };
let customerId = 0;

// --- 1. a rep creates a customer and adds a contact --------------------------------------------

test('rep1 creates a customer through 客户信息 › 新建客户 and adds a contact on its page', () => withContext(async (page) => {
  await signIn(page, 'rep1');
  await openMenu(page, '客户信息', '/customers');
  eq(await heading(page), '客户信息', 'list heading');
  const table = page.getByTestId('customers-table');
  assert(await table.locator('tbody tr').count() > 0, 'the rep sees their customers');
  const managers = (await tableRows(table)).map((r) => r['客户经理']);
  eq([...new Set(managers)].join(','), '张伟', 'a rep sees only their own customers');
  await assertCjkFont(page);
  await shot(page, 'customers-list.png');

  await clickNav(page, page.getByTestId('customer-new'));
  eq(path(page), '/customers/new', 'new-customer form');
  eq(await heading(page), '新建客户', 'form heading');
  eq(clean(await page.locator('.breadcrumb').innerText()).replace(/\s/g, ''), '客户信息新建客户', 'breadcrumb');
  eq(await text(page, 'customer-manager'), '张伟', "a rep's new customer is their own");
  eq(await page.locator('#manager_id').count(), 0, 'no manager picker for a rep');
  await page.locator('#name').fill(CUSTOMER.name);
  await page.locator('#region').selectOption({ label: '上海' });
  await page.locator('#level').selectOption({ label: '重点开发客户' });
  await page.locator('#satisfaction').selectOption({ label: '4 较好' });
  await page.locator('#credit').selectOption({ label: '5 很好' });
  for (const k of ['address', 'postcode', 'phone', 'website', 'legal_rep', 'reg_capital', 'annual_revenue'])
    await page.locator(`#${k}`).fill(CUSTOMER[k]);
  await shot(page, 'customer-form.png');
  await clickNav(page, page.getByTestId('customer-save'));
  customerId = customerIdFrom(page);
  eq(await text(page, 'notice'), '客户已创建。', 'notice');
  eq(await text(page, 'customer-name'), CUSTOMER.name, 'name heading');
  assert(/^KH\d{12}$/.test(await text(page, 'customer-no')), `generated 客户编号: ${await text(page, 'customer-no')}`);
  const fields = await text(page, 'customer-fields');
  for (const want of ['地区 上海', '客户等级 重点开发客户', '客户经理 张伟', '满意度 4 较好', '信用度 5 很好'])
    includes(fields, want, 'basic fields');
  const all = clean(await page.locator('main').innerText());
  for (const want of [CUSTOMER.address, CUSTOMER.postcode, CUSTOMER.phone, CUSTOMER.website, CUSTOMER.legal_rep,
    '¥5,000,000.00', '¥12,345,678.90'])
    includes(all, want, 'stored values shown');
  includes(await text(page, 'section-contacts'), '还没有联系人。', 'no contacts yet');

  // 联系人: add one from the customer's page
  await clickNav(page, page.getByTestId('add-contact'));
  eq(path(page), `/customers/${customerId}/contacts/new`, 'contact form');
  eq(clean(await page.locator('.breadcrumb').innerText()).replace(/\s/g, ''), `客户信息${CUSTOMER.name}新增联系人`.replace(/\s/g, ''), 'breadcrumb: 客户信息 › the customer › 新增联系人');
  await page.locator('#name').fill(CONTACT.name);
  await page.locator('#gender').selectOption({ label: '女' });
  await page.locator('#title').fill(CONTACT.title);
  await page.locator('#mobile').fill(CONTACT.mobile);
  await page.locator('#email').fill(CONTACT.email);
  await page.getByLabel('首要联系人').check();
  await shot(page, 'contact-form.png');
  await clickNav(page, page.getByTestId('contact-save'));
  eq(path(page), `/customers/${customerId}`, 'back on the customer');
  eq(await text(page, 'notice'), '联系人已添加。', 'notice');
  const contacts = await tableRows(page.getByTestId('section-contacts').locator('table'));
  eq(contacts.length, 1, 'one contact');
  eq(contacts[0]['姓名'], `${CONTACT.name} 首要联系人 女`, 'name, primary badge, gender');
  eq(contacts[0]['职位'], CONTACT.title, 'title');
  eq(contacts[0]['手机'], CONTACT.mobile, 'mobile');
  eq(contacts[0]['邮箱'], CONTACT.email, 'e-mail');
  // an address breaks only before its '@' (never inside a name or a domain), and the table fits the card:
  // the contact's 编辑 link is in view without scrolling sideways
  const email = page.getByTestId('contact-email');
  const partLines = await email.locator('a span').evaluateAll((spans) =>
    spans.map((s) => new Set([...s.getClientRects()].map((r) => Math.round(r.top))).size));
  eq(JSON.stringify(partLines), '[1,1]', 'the name and the domain of the e-mail address each on one line');
  eq(clean(await email.innerText()).replace(/\s/g, ''), CONTACT.email, 'the address reads whole');
  const fits = await page.getByTestId('section-contacts').locator('.table-responsive').evaluate((box) => {
    const edit = box.querySelector('a[href$="/edit"]');
    return box.scrollWidth <= box.clientWidth && edit.getBoundingClientRect().right <= box.getBoundingClientRect().right;
  });
  eq(fits, true, 'the contacts table fits its card (no sideways scroll hiding 编辑)');
  await shot(page, 'customer-detail.png');
  assertNoPageErrors(page);
}));

// --- 2. an interaction record ------------------------------------------------------------------

test('rep1 records an interaction (交往记录) for the customer; it shows on the page in local time', () => withContext(async (page) => {
  assert(customerId, 'the customer of the first scenario exists');
  await signIn(page, 'rep1');
  await page.goto(`/customers/${customerId}`);
  includes(await text(page, 'section-activities'), '还没有交往记录。', 'none yet');
  await clickNav(page, page.getByTestId('add-activity'));
  eq(path(page), `/customers/${customerId}/activities/new`, 'activity form');
  eq(clean(await page.locator('.breadcrumb-item.active').innerText()), '新增交往记录', 'breadcrumb');
  await page.locator('#at').fill('2026-03-04T09:30');
  await page.locator('#place').fill('客户总部三楼会议室');
  await page.locator('#summary').fill('年度测绘服务合同洽谈');
  await page.locator('#detail').fill('讨论了 2027 年度航测服务的范围。\n客户希望四月前收到报价。');
  await shot(page, 'activity-form.png');
  await clickNav(page, page.getByTestId('activity-save'));
  eq(path(page), `/customers/${customerId}`, 'back on the customer');
  eq(await text(page, 'notice'), '交往记录已添加。', 'notice');
  const item = page.getByTestId('section-activities').locator('li');
  eq(await item.count(), 1, 'one interaction record');
  eq(clean(await item.first().locator('strong').innerText()), '年度测绘服务合同洽谈', 'summary');
  const lines = (await item.first().innerText()).split('\n').map(clean).filter(Boolean);
  includes(lines.join('\n'), '2026-03-04 09:30 · 客户总部三楼会议室 · 记录人 张伟', 'time in Asia/Shanghai, place, recorded by');
  includes(lines.join('\n'), '讨论了 2027 年度航测服务的范围。\n客户希望四月前收到报价。', 'detail shown with its line break');
  await shot(page, 'customer-detail-activity.png');
  // every record has its page (the customer page shows the newest 20): filter it by text from the keyboard
  await clickNav(page, page.getByTestId('all-activities'));
  eq(path(page), `/customers/${customerId}/activities`, 'the customer\'s 交往记录 page');
  eq(clean(await page.locator('.breadcrumb-item.active').innerText()), '交往记录', 'breadcrumb');
  includes(await text(page, 'activity-count'), '共 1 条', 'counted');
  includes(await text(page, 'activity-list'), '年度测绘服务合同洽谈', 'listed');
  await page.keyboard.press('/');
  await page.keyboard.type('报价');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  includes(page.url(), `/customers/${customerId}/activities?q=`, 'filtered by the text typed');
  includes(await text(page, 'activity-list'), '客户希望四月前收到报价。', 'found in the details');
  await page.locator('input[name=q]').fill('没有这段话');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  eq(await text(page, 'empty'), '没有符合条件的交往记录。', 'empty state for a filter');
  await shot(page, 'activity-list-empty.png');
  // every customer's records: 客户管理 › 交往记录, filtered by the beginning of the customer's name
  await clickNav(page, page.locator('nav a[href="/activities"]'));
  eq(path(page), '/activities', 'the 交往记录 list from the menu');
  await page.locator('input[name=customer]').fill(CUSTOMER.name.slice(0, 4));
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  includes(await text(page, 'feed-count'), '共 1 条', 'counted');
  const feedRow = page.getByTestId('feed-table').locator('tbody tr');
  eq(await feedRow.count(), 1, 'the one record of that customer');
  const cells = (await feedRow.first().locator('td').allInnerTexts()).map(clean);
  eq(cells.slice(0, 5).join(' | '), `2026-03-04 09:30 | ${CUSTOMER.name} | 年度测绘服务合同洽谈 讨论了 2027 年度航测服务的范围。 客户希望四月前收到报价。 | 客户总部三楼会议室 | 张伟`,
    'time, customer, summary with details, place, recorded by');
  await shot(page, 'activity-feed.png');
  // edit it from the list, and come back to the list as it was
  const listed = `/activities?customer=${encodeURIComponent(CUSTOMER.name.slice(0, 4))}`;   // the form's empty fields left out
  await clickNav(page, feedRow.first().getByRole('link', { name: '编辑' }));
  await page.locator('#place').fill('客户总部五楼会议室');
  await clickNav(page, page.getByTestId('activity-save'));
  eq(page.url().slice(new URL(page.url()).origin.length), listed, 'back on the filtered list');
  eq(await text(page, 'notice'), '交往记录已保存。', 'notice');
  includes(clean(await feedRow.first().innerText()), '客户总部五楼会议室', 'the new place');
  await clickNav(page, feedRow.first().getByRole('link', { name: CUSTOMER.name }));
  eq(path(page), `/customers/${customerId}`, 'the customer opens from the list');
  // oldest first: the 时间 header reverses the order, the 排序 picker shows it and turns it back
  await clickNav(page, page.locator('nav a[href="/activities"]'));
  const times = async () => (await page.getByTestId('feed-table').locator('tbody tr td:first-child').allInnerTexts()).map(clean);
  const sorted = (xs, dir) => xs.every((x, i) => i === 0 || (dir > 0 ? xs[i - 1] <= x : xs[i - 1] >= x));
  const newest = await times();
  assert(newest.length > 1 && sorted(newest, -1), `newest first: ${newest.slice(0, 3)}`);
  eq(await page.getByTestId('sort-at').getAttribute('href'), '/activities?sort=at', 'the header asks for oldest first');
  await clickNav(page, page.getByTestId('sort-at'));
  eq(await page.getByTestId('feed-sort').inputValue(), 'at', 'the picker shows 最早在前');
  const oldest = await times();
  assert(sorted(oldest, 1) && oldest[0] < newest[0], `oldest first: ${oldest.slice(0, 3)}`);
  await page.getByTestId('feed-sort').selectOption('-at');
  await clickNav(page, page.getByTestId('feed-filter').getByRole('button', { name: '筛选' }));
  eq(JSON.stringify(await times()), JSON.stringify(newest), 'newest first again');
  assertNoPageErrors(page);
}));

test('rep1 enters an order of seven lines: 添加一行 adds numbered rows past the five shown; the order lists every line and the total', () => withContext(async (page) => {
  assert(customerId, 'the customer of the first scenario exists');
  await signIn(page, 'rep1');
  await page.goto(`/customers/${customerId}`);
  await clickNav(page, page.getByTestId('add-order'));
  eq(path(page), `/customers/${customerId}/orders/new`, 'order form');
  const rows = page.getByTestId('order-lines').locator('tbody tr');
  eq(await rows.count(), 5, 'five empty lines to start with');
  const add = page.getByTestId('order-add-line');
  eq(await add.innerText(), '添加一行', 'the button, shown by app.js');
  await add.click();
  await add.click();
  eq(await rows.count(), 7, 'two lines added');
  eq(clean(await rows.nth(6).locator('td').first().innerText()), '7', 'numbered');
  eq(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), '产品 7', 'the new line\'s product picker has the cursor');
  // each line's product is typed: a suggestion (名称（型号）, the browser lists them as one types; headless
  // Chromium shows no such list, so they are typed whole), and on the first line the name alone
  const labels = await page.locator('#product-choices option').evaluateAll((os) => os.slice(0, 7).map((o) => o.value));
  const priceOf = async (i) => Number(await page.locator('#product-choices option').nth(i).getAttribute('data-price'));
  const [firstPrice, lastPrice] = [await priceOf(0), await priceOf(6)];
  eq(labels.length, 7, 'the form suggests the active products');
  const preview = page.getByTestId('order-total-preview');
  eq(clean(await preview.innerText()), '合计（按已填写的行） ¥0.00', 'a running total, shown by app.js');
  for (let i = 0; i < 7; i++) {
    await rows.nth(i).locator('input[name="product[]"]').fill(i === 0 ? labels[0].replace(/（.*$/, '') : labels[i]);
    await rows.nth(i).locator('input[name="quantity[]"]').fill(String(i + 1));
    if (i > 0 && i < 6) await rows.nth(i).locator('input[name="price[]"]').fill(String((i + 1) * 100));
  }
  // the 1st (typed by its name) and the 7th lines at their products' own prices, the rest 100 × (2² + … + 6²)
  const want = (9000 + firstPrice + 7 * lastPrice).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  eq(clean(await preview.innerText()), `合计（按已填写的行） ¥${want}`, 'summed as typed, an empty price taken from the product');
  await clickNav(page, page.getByTestId('order-save'));
  eq(await text(page, 'notice'), '订单已创建。', 'created');
  const lines = page.getByTestId('order-lines').locator('tbody tr');
  eq(await lines.count(), 7, 'the order has all seven lines');
  eq(clean(await text(page, 'order-total')), `¥${want}`, 'the saved total is the one shown before saving');
  await shot(page, 'order-seven-lines.png');
  // editing shows the seven and three empty lines, summed; 添加一行 stops at the form's 40
  await clickNav(page, page.getByTestId('order-edit'));
  eq(await rows.count(), 10, 'seven lines and three empty ones');
  eq(clean(await preview.innerText()), `合计（按已填写的行） ¥${want}`, 'the stored lines summed');
  for (let i = 0; i < 35 && await add.isEnabled(); i++) await add.click();
  eq(`${await rows.count()} ${await add.isEnabled()}`, '40 false', 'at most 40 lines');
  eq(await rows.nth(39).locator('input[name="quantity[]"]').inputValue(), '', 'added lines are empty');
  assertNoPageErrors(page);
}));

test('rep1 finds the contact under 客户管理 › 联系人 by the beginning of its customer\'s name; it links the customer', () => withContext(async (page) => {
  assert(customerId, 'the customer of the first scenario exists');
  await signIn(page, 'rep1');
  await openMenu(page, '联系人', '/contacts');
  includes(await text(page, 'contact-count'), '共 ', 'counted');
  await page.locator('input[name=customer]').fill(CUSTOMER.name.slice(0, 4));
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  includes(await text(page, 'contact-count'), '共 1 位', 'one contact');
  const cells = (await page.getByTestId('contact-table').locator('tbody tr').first().locator('td').allInnerTexts()).map(clean);
  eq(cells.join(' | '), `${CONTACT.name} 首要 | ${CUSTOMER.name} | ${CONTACT.title} | ${CONTACT.mobile} |  | ${CONTACT.email} | 编辑`,
    'name with its 首要 badge, customer, title, mobile, office phone, email, 编辑');
  await shot(page, 'contact-list.png');
  // edit it from the list, and come back to the list as it was
  const listed = `/contacts?customer=${encodeURIComponent(CUSTOMER.name.slice(0, 4))}`;   // the form's empty fields left out
  await clickNav(page, page.getByTestId('contact-table').getByRole('link', { name: '编辑' }));
  await page.locator('#title').fill('采购总监');
  await clickNav(page, page.getByTestId('contact-save'));
  CONTACT.title = '采购总监';   // what the later scenarios find
  eq(page.url().slice(new URL(page.url()).origin.length), listed, 'back on the filtered list');
  eq(await text(page, 'notice'), '联系人已保存。', 'notice');
  includes(clean(await page.getByTestId('contact-table').locator('tbody tr').first().innerText()), '采购总监', 'the new title');
  await clickNav(page, page.getByTestId('contact-table').getByRole('link', { name: CUSTOMER.name }));
  eq(path(page), `/customers/${customerId}`, 'the customer opens from the list');
  assertNoPageErrors(page);
}));

// --- 3. search by two characters -----------------------------------------------------------------

test('search: two characters of the Chinese name (沧江) find the customer; the result opens it; scope applies', async () => {
  assert(customerId, 'the customer of the first scenario exists');
  await withContext(async (page) => {
    await signIn(page, 'rep1');
    await openMenu(page, '搜索', '/search');
    eq(await heading(page), '搜索', 'heading');
    const box = page.getByRole('searchbox').or(page.locator('form[role=search] input[name=q]')).first();
    assert(await box.evaluate((e) => e === document.activeElement), 'the search box has focus on arrival');
    eq(await box.getAttribute('placeholder'), '客户名称、联系人姓名、电话或客户编号（至少两个字）', 'placeholder says what it finds');
    // one character is too short, said in Chinese
    await box.fill('沧');
    await Promise.all([page.waitForNavigation(), box.press('Enter')]);
    eq(await text(page, 'search-message'), '请至少输入两个字。', 'too short');
    eq(await box.inputValue(), '沧', 'the query stays in the box');
    // two characters from the middle of the name
    await box.fill('沧江');
    await Promise.all([page.waitForNavigation(), box.press('Enter')]);
    eq(path(page), '/search', 'search page');
    eq(new URL(page.url()).searchParams.get('q'), '沧江', 'query in the address');
    const hit = page.getByTestId('search-result').filter({ hasText: CUSTOMER.name });
    eq(await hit.count(), 1, `the customer is among the results: ${await page.locator('main').innerText()}`);
    const hitText = clean(await hit.innerText());
    includes(hitText, '客户', 'type badge');
    includes(hitText, `${CUSTOMER.phone} · 上海 · 客户经理 张伟`, 'phone, region, manager');
    includes(await text(page, 'search-count'), '找到', 'count line');
    await shot(page, 'search-results.png');
    await clickNav(page, hit);
    eq(customerIdFrom(page), customerId, 'the result opens the customer');
    eq(await text(page, 'customer-name'), CUSTOMER.name, 'its page');
    // the contact is found by two characters of her name and leads to the customer's contacts
    await page.goto('/search');
    await box.fill('晓梅');
    await Promise.all([page.waitForNavigation(), box.press('Enter')]);
    const person = page.getByTestId('search-result').filter({ hasText: CUSTOMER.name });
    eq(await person.count(), 1, 'the contact is found');
    includes(clean(await person.innerText()), `联系人 ${CONTACT.name} ${CONTACT.title}`, 'contact badge, name and title');
    await clickNav(page, person);
    eq(path(page), `/customers/${customerId}`, 'to the customer');
    eq(new URL(page.url()).hash, '#contacts', 'at its contacts');
    // a common term fills more than one page: 20 a page, 下一页 and 上一页 walk the same ranking
    await page.goto(`/search?q=${encodeURIComponent('有限公司')}`);
    eq(await page.getByTestId('search-result').count(), 20, 'page 1 shows 20');
    eq(await text(page, 'search-count'), '第 1–20 条结果', 'count line of page 1');
    const first = await page.getByTestId('search-result').allInnerTexts();
    await clickNav(page, page.getByTestId('next-page'));
    eq(new URL(page.url()).searchParams.get('page'), '2', 'page 2 in the address');
    assert((await text(page, 'search-count')).startsWith('第 21–'), 'count line of page 2');
    const second = await page.getByTestId('search-result').allInnerTexts();
    assert(second.length > 0 && second.every((t) => !first.includes(t)), 'page 2 shows other results');
    await shot(page, 'search-page-2.png');
    await clickNav(page, page.getByTestId('prev-page'));
    eq(JSON.stringify(await page.getByTestId('search-result').allInnerTexts()), JSON.stringify(first), 'back on page 1, the same results');
    assertNoPageErrors(page);
  });
  // another rep does not find it
  await withContext(async (page) => {
    await signIn(page, 'rep2');
    await page.goto(`/search?q=${encodeURIComponent('沧江')}`);
    eq(await page.getByTestId('search-result').filter({ hasText: CUSTOMER.name }).count(), 0, "rep2 does not find rep1's customer");
  });
});

// --- 4. import ---------------------------------------------------------------------------------

const IMPORT_HEAD = '客户名称,地区,客户等级,客户经理(登录名),满意度,信用度,电话';
const importName = (n) => `导入${TAG}${n}号科技有限公司`;
const BAD_CSV = [IMPORT_HEAD,
  `${importName('一')},北京,大客户,rep2,4,5,`,
  `${importName('二')},火星,普通客户,rep2,3,3,`,
  `${importName('三')},杭州,,rep2,,,`,
  `${importName('四')},成都,普通客户,rep2,3,3,电话号码`,
].join('\r\n') + '\r\n';
const GOOD_CSV = BAD_CSV.replace(',火星,', ',重庆,').replace(',电话号码', `,028-8${DIGITS}1`);

test('director imports customers: two bad rows are listed with line numbers, then a clean file commits with progress', () => withContext(async (page) => {
  await signIn(page, 'director');
  await openMenu(page, '数据导入', '/import');
  eq(await heading(page), '数据导入', 'heading');
  // the column reference follows the chosen kind
  await page.locator('#kind').selectOption({ label: '订单' });
  const shown = async () => JSON.stringify(await Promise.all(['customers', 'contacts', 'orders'].map((k) => page.getByTestId(`columns-${k}`).isVisible())));
  eq(await shown(), '[false,false,true]', 'only the orders columns are shown for 订单');
  await page.locator('#kind').selectOption({ label: '客户' });
  eq(await shown(), '[true,false,false]', 'only the customers columns are shown for 客户');
  await page.locator('#file').setInputFiles({ name: '客户导入.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
  await shot(page, 'import-form.png');
  await clickNav(page, page.getByTestId('import-upload'));
  eq(path(page), '/import/preview', 'preview page');
  eq(await heading(page), '导入预览 客户', 'heading names the kind');
  includes(await text(page, 'upload-info'), '文件：客户导入.csv · 编码：UTF-8', 'file name and encoding');
  eq(await text(page, 'bad-count'), '2', 'two bad rows counted');
  includes(await text(page, 'bad-rows'), '2 行存在问题', 'the message says how many');
  const problems = await tableRows(page.getByTestId('problems'));
  eq(JSON.stringify(problems), JSON.stringify([
    { 行号: '3', 列: '地区', 内容: '火星', 问题: '数据字典中没有这个地区。' },
    { 行号: '5', 列: '电话', 内容: '电话号码', 问题: '请输入有效的电话号码，例如 13800138000 或 010-12345678。' },
  ]), 'exactly the two bad rows, with their line numbers and reasons');
  eq(await page.getByTestId('commit-form').count(), 0, 'no commit while rows are bad');
  eq(await page.getByTestId('import-commit').count(), 0, 'no commit button');
  const reupload = page.getByTestId('reupload');
  eq(clean(await reupload.innerText()), '修正后重新上传', 'the way offered: fix the file and upload again');
  await shot(page, 'import-preview-errors.png');
  await clickNav(page, reupload);
  eq(path(page), '/import', 'back to the upload form');
  eq(await page.locator('#kind').inputValue(), 'customers', 'the kind is kept');

  // the fixed file
  await page.locator('#file').setInputFiles({ name: '客户导入-已修正.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD_CSV) });
  await clickNav(page, page.getByTestId('import-upload'));
  eq(path(page), '/import/preview', 'preview of the fixed file');
  eq(await text(page, 'no-problems'), '没有发现有问题的行，可以导入。', 'no problems');
  eq(await text(page, 'bad-count'), '0', 'no bad rows');
  eq(await text(page, 'dup-count'), '0', 'no duplicates');
  includes(await text(page, 'summary'), '数据行 4', 'four rows');
  includes(await text(page, 'summary'), '可导入 4', 'four to import');
  await shot(page, 'import-preview.png');

  // commit: confirm, and watch the progress bar. A real commit of four rows ends in milliseconds and its
  // redirect would replace the page at once, so the server's answer (303 → /import/result) is replaced
  // by "204 No Content", which leaves the browser on this page while its script polls the real progress;
  // then the test follows the server's redirect itself.
  const asked = dialogs(page, 'accept');
  let committed, answer;
  const done = new Promise((r) => { committed = r; });
  await page.route('**/import/commit', async (route) => {
    answer = await route.fetch({ maxRedirects: 0 });
    committed(answer.status());
    const cookie = answer.headers()['set-cookie'];
    await route.fulfill({ status: 204, headers: cookie ? { 'set-cookie': cookie } : {} });
  });
  await page.getByTestId('import-commit').click({ noWaitAfter: true });   // its navigation ends in a 204
  eq(await done, 303, 'the commit answered with a redirect');
  await page.unroute('**/import/commit');
  eq(asked.seen.length, 1, 'a confirmation was asked');
  eq(asked.seen[0].message, '确定导入吗？全部数据将在一个事务中写入。', 'confirmation text');
  const bar = page.getByTestId('progress');
  assert(await bar.isVisible(), 'the progress bar shows');
  await page.waitForFunction(() => document.querySelector('[data-progress]').getAttribute('aria-valuenow') === '100');
  eq(clean(await bar.innerText()), '100%', 'the bar reads 100%');
  eq(await page.evaluate(() => document.querySelector('[data-progress] .progress-bar').style.width), '100%', 'the bar is full');
  eq(clean(await page.locator('[data-progress-text]').innerText()), '已完成 · 4 / 4', 'progress text');
  assert(await page.getByTestId('import-commit').isDisabled(), 'the button is disabled once the import runs');
  await shot(page, 'import-progress.png');
  const next = answer.headers()['location'];
  assert(/^\/import\/result\?token=[0-9a-f]+$/.test(next), `redirect to the result: ${next}`);
  await page.goto(next);
  eq(await heading(page), '导入完成 客户', 'result heading');
  eq(await text(page, 'notice'), '导入完成。', 'notice');
  eq(await text(page, 'records'), '4', 'four records imported');
  eq(await text(page, 'skipped'), '0', 'none skipped');
  await shot(page, 'import-result.png');
  // the list shows exactly the four (the first, refused file wrote nothing)
  await clickNav(page, page.getByRole('link', { name: '查看列表' }));
  eq(path(page), '/customers', 'to the customer list');
  await page.getByPlaceholder('名称、电话或客户编号').fill(`导入${TAG}`);
  await clickNav(page, page.getByRole('button', { name: '筛选', exact: true }));
  const rows = await tableRows(page.getByTestId('customers-table'));
  eq(JSON.stringify(rows.map((r) => r['客户名称']).sort()), JSON.stringify(['一', '二', '三', '四'].map(importName).sort()), 'the imported customers, once each');
  eq(JSON.stringify(rows.map((r) => `${r['地区']}/${r['客户等级']}/${r['客户经理']}`).sort()),
    JSON.stringify(['北京/大客户/李娜', '重庆/普通客户/李娜', '杭州/普通客户/李娜', '成都/普通客户/李娜'].sort()), 'region, level, manager from the file');
  assertNoPageErrors(page);
}));

// --- 5. export ---------------------------------------------------------------------------------

test('export: the filtered customer list downloads as UTF-8 CSV with a BOM and exactly the rows of the list', () => withContext(async (page) => {
  await signIn(page, 'rep1');
  await openMenu(page, '客户信息', '/customers');
  await page.getByRole('combobox', { name: '地区' }).selectOption({ label: '上海' });
  await clickNav(page, page.getByRole('button', { name: '筛选', exact: true }));
  eq(new URL(page.url()).searchParams.get('region'), 'shanghai', 'filter in the address');
  const list = await tableRows(page.getByTestId('customers-table'));
  assert(list.length > 0, 'rep1 has customers in 上海');
  eq(await page.getByTestId('next-page').count(), 0, 'one page (the comparison covers the whole list)');
  eq(await text(page, 'customer-count'), `共 ${list.length} 个客户`, 'count matches the rows');
  assert(list.every((r) => r['地区'] === '上海'), 'the list is filtered');
  if (customerId) assert(list.some((r) => r['客户名称'] === CUSTOMER.name), 'the new customer is in the list');
  await shot(page, 'customers-filtered.png');
  const link = page.getByRole('link', { name: /导出/ });
  eq(await link.count(), 1, 'an export link on the list');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert(/^customers-\d{8}\.csv$/.test(download.suggestedFilename()), `file name: ${download.suggestedFilename()}`);
  const bytes = readFileSync(await download.path());
  eq(bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'starts with the UTF-8 BOM (Excel opens it as UTF-8)');
  const csv = parseCsv(bytes.subarray(3).toString('utf8'));
  const [head, ...data] = csv;
  eq(head.slice(0, 6).join(','), '客户编号,客户名称,地区,客户等级,客户经理(登录名),客户经理姓名', 'Chinese header');
  const col = (name) => head.indexOf(name);
  eq(data.length, list.length, 'as many rows as the list');
  data.forEach((row, i) => {
    const want = list[i];
    // a cell that would start a spreadsheet formula (= + - @) carries a leading apostrophe in the file
    const unguard = (v) => (/^'[=+\-@]/.test(v) ? v.slice(1) : v);
    const got = { 客户编号: row[col('客户编号')], 客户名称: unguard(row[col('客户名称')]), 地区: row[col('地区')], 客户等级: row[col('客户等级')],
      客户经理: row[col('客户经理姓名')], 电话: row[col('电话')], 创建时间: row[col('创建时间')].slice(0, 10) };
    const from = Object.fromEntries(Object.keys(got).map((k) => [k, want[k]]));
    eq(JSON.stringify(got), JSON.stringify(from), `row ${i + 1} equals the list's row`);
    eq(row[col('客户经理(登录名)')], 'rep1', 'only rep1\'s customers');
  });
  assertNoPageErrors(page);
}));

// --- 6. keyboard --------------------------------------------------------------------------------

test('keyboard: Tab walks the customer form in visual order; Enter on 保存 and Enter in a field submit it', () => withContext(async (page) => {
  await signIn(page, 'rep1');
  await page.goto('/customers/new');
  const focused = () => page.evaluate(() => document.activeElement && (document.activeElement.id ||
    document.activeElement.getAttribute('data-testid') || document.activeElement.tagName));
  const name = `键盘录入${TAG}有限公司`;
  eq(await page.locator('#region').inputValue(), 'beijing', "the region starts at the rep's own (北京)");
  eq(await page.locator('#level').inputValue(), 'normal', 'the level starts at 普通客户');
  await page.locator('#name').click();
  await page.keyboard.type(name);
  // Tab order follows the screen: 名称 → 地区 → 等级 → 满意度 → 信用度 → 地址 … → 保存; arrows change a picker
  await page.keyboard.press('Tab');
  eq(await focused(), 'region', 'Tab → region');
  await page.keyboard.press('ArrowDown');
  eq(await page.locator('#region').inputValue(), 'shanghai', 'ArrowDown picks the next region (上海)');
  await page.keyboard.press('Tab');
  eq(await focused(), 'level', 'Tab → level');
  await page.keyboard.press('ArrowDown');
  const level = await page.locator('#level').inputValue();
  assert(level !== 'normal' && level !== '', `ArrowDown picks another level (${level})`);
  const order = [];
  for (let i = 0; i < 20 && order[order.length - 1] !== 'customer-save'; i++) {
    await page.keyboard.press('Tab');
    const f = await focused();
    order.push(f);
    if (f === 'postcode') await page.keyboard.type('2001');   // too short: to be refused
  }
  eq(order.join(' '), ['satisfaction', 'credit', 'address', 'postcode', 'phone', 'fax', 'website', 'license_no', 'legal_rep',
    'bank', 'reg_capital', 'annual_revenue', 'bank_account', 'local_tax_no', 'national_tax_no', 'customer-save'].join(' '), 'Tab order');
  const ring = await page.getByTestId('customer-save').evaluate((b) => {
    const s = getComputedStyle(b);
    return s.boxShadow !== 'none' || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0);
  });
  assert(ring, 'the focused 保存 button shows a focus ring');
  await page.keyboard.press('Shift+Tab');
  eq(await focused(), 'national_tax_no', 'Shift+Tab goes back');
  await page.keyboard.press('Tab');
  // Enter on 保存 submits; the bad postcode is refused and everything typed is kept
  const [refused] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  eq(refused.status(), 422, 'refused');
  includes(await text(page, 'errors'), '邮政编码：邮政编码应为 6 位数字。', 'summary names the field');
  eq(clean(await page.locator('#postcode ~ .invalid-feedback').innerText()), '邮政编码应为 6 位数字。', 'message at the field');
  eq(await page.locator('#name').inputValue(), name, 'name kept');
  eq(await page.locator('#region').inputValue(), 'shanghai', 'region kept');
  eq(await page.locator('#level').inputValue(), level, 'level kept');
  await shot(page, 'customer-form-errors.png');
  // fix the postcode and press Enter in the field itself
  await page.locator('#postcode').click();
  await page.keyboard.press('End');
  await page.keyboard.type('20');
  const [saved] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  eq(saved.status(), 200, 'saved and redirected');
  customerIdFrom(page);
  eq(await text(page, 'notice'), '客户已创建。', 'Enter in a field creates the customer');
  eq(await text(page, 'customer-name'), name, 'with the typed name');
  includes(await text(page, 'customer-fields'), '地区 上海', 'the region picked with the arrow key');
  includes(clean(await page.locator('main').innerText()), '邮政编码 200120', 'the fixed postcode');
  assertNoPageErrors(page);
}));

// --- 7. stale edit ------------------------------------------------------------------------------

test('keyboard: "/" puts the cursor in the page\'s search or filter box, or opens 搜索 where there is none; in a field it is text', () => withContext(async (page) => {
  await signIn(page, 'rep1');
  const active = () => page.evaluate(() => document.activeElement && document.activeElement.getAttribute('name'));
  await page.goto('/customers');
  eq(await page.locator('form[role=search] input[name=q]').getAttribute('aria-keyshortcuts'), '/', 'the box says so');
  await page.keyboard.press('/');
  eq(await active(), 'q', '客户信息: "/" → the filter box');
  await page.keyboard.type('科技');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  includes(decodeURIComponent(page.url()), 'q=科技', 'Enter filters');
  await page.goto('/orders');
  await page.keyboard.press('/');
  eq(await active(), 'customer', '订单查询: "/" → the customer box');
  await page.keyboard.type('a/b');
  eq(await page.locator('input[name=customer]').inputValue(), 'a/b', '"/" typed in a field stays text');
  await page.locator('[data-testid=orders-table] tbody a[href^="/customers/"]').first().click();
  await page.waitForLoadState('load');
  assert(/^\/customers\/\d+$/.test(path(page)), `a customer page (${path(page)})`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('/')]);
  eq(path(page), '/search', 'a page without a search box: "/" opens 搜索');
  eq(await active(), 'q', 'with the cursor in its box');
  eq(page.problems.join('; '), '', 'no script errors or failed requests');
}));

test('stale edit: two people edit the same customer; the second save shows the conflict and loses nothing', async () => {
  const rep = await fresh();
  const boss = await fresh();
  try {
    const a = rep.page, b = boss.page;
    await signIn(a, 'rep1');
    const id = await createCustomer(a, { name: `冲突测试${TAG}有限公司`, extra: { phone: '021-60000001', address: '上海市静安区南京西路1号' } });
    await signIn(b, 'director');
    // both open the edit form
    await a.goto(`/customers/${id}`);
    await clickNav(a, a.getByTestId('customer-edit'));
    await b.goto(`/customers/${id}`);
    await clickNav(b, b.getByTestId('customer-edit'));
    eq(path(b), `/customers/${id}/edit`, 'edit form');
    eq(await heading(b), `编辑客户 ${await b.locator('main h1 span').innerText()}`, 'heading with the 客户编号');
    // the rep saves a new phone first
    await a.locator('#phone').fill('021-60000002');
    await clickNav(a, a.getByTestId('customer-save'));
    eq(await text(a, 'notice'), '客户已保存。', 'first save');
    // the director, on the stale form, changes the address
    await b.locator('#address').fill('上海市静安区南京西路2号');
    const [resp] = await Promise.all([b.waitForNavigation(), b.getByTestId('customer-save').click()]);
    eq(resp.status(), 409, 'the stale save is refused');
    eq(path(b), `/customers/${id}`, 'the form is shown again');
    const conflict = b.getByTestId('conflict');
    assert(await conflict.isVisible(), 'a conflict message');
    includes(clean(await conflict.innerText()), '其他人已修改了这条记录', 'says someone else changed it');
    const diff = await tableRows(b.getByTestId('conflict-fields'));
    eq(JSON.stringify(diff), JSON.stringify([
      { 字段: '地址', 对方保存的值: '上海市静安区南京西路1号', 您提交的内容: '上海市静安区南京西路2号' },
      { 字段: '电话', 对方保存的值: '021-60000002', 您提交的内容: '021-60000001' },
    ]), 'each differing field: theirs and mine');
    eq(await b.locator('#address').inputValue(), '上海市静安区南京西路2号', 'what I typed is kept in the form');
    await shot(b, 'customer-conflict.png');
    eq(await b.locator('#phone').inputValue(), '021-60000002', 'the field only they changed already holds their value');
    // save the reviewed form again
    await clickNav(b, b.getByTestId('customer-save'));
    eq(await text(b, 'notice'), '客户已保存。', 'saved after review');
    const all = clean(await b.locator('main').innerText());
    includes(all, '上海市静安区南京西路2号', 'my address');
    includes(all, '021-60000002', 'their phone');
    eq((await b.getByTestId('customer-history').locator('li').allInnerTexts()).filter((s) => s.includes('修改')).length, 2, 'two changes in the history');
    assertNoPageErrors(a);
    assertNoPageErrors(b);
  } finally {
    await rep.context.close();
    await boss.context.close();
  }
});

// --- 8. retire ----------------------------------------------------------------------------------

test('retiring a customer asks with confirm() first; dismissed nothing happens, accepted it leaves the list and search; 已停用客户 finds it and 恢复 (confirmed) brings it back', () => withContext(async (page) => {
  await signIn(page, 'rep1');
  const name = `停用测试${TAG}有限公司`;
  const id = await createCustomer(page, { name });
  const asked = dialogs(page, 'dismiss');
  await page.getByTestId('customer-retire').click();
  for (let i = 0; i < 100 && asked.seen.length === 0; i++) await page.waitForTimeout(50);   // the dialog, however slow
  eq(asked.seen.length, 1, 'a dialog appeared');
  eq(asked.seen[0].type, 'confirm', 'a confirm() dialog');
  eq(asked.seen[0].message, '确定停用该客户吗？停用后它不再出现在列表和搜索中，历史记录保留。', 'dialog text');
  eq(path(page), `/customers/${id}`, 'dismissed: still on the customer');
  eq(await page.getByTestId('retired').count(), 0, 'dismissed: not retired');
  asked.answer('accept');
  await Promise.all([page.waitForNavigation(), page.getByTestId('customer-retire').click()]);
  eq(asked.seen.length, 2, 'asked again');
  eq(path(page), '/customers', 'back to the list');
  eq(await text(page, 'notice'), '客户已停用。', 'notice');
  await page.getByPlaceholder('名称、电话或客户编号').fill(name);
  await clickNav(page, page.getByRole('button', { name: '筛选', exact: true }));
  eq(await text(page, 'empty'), '没有符合条件的客户。', 'gone from the list');
  await page.goto(`/search?q=${encodeURIComponent(name)}`);
  eq(await text(page, 'search-message'), '没有找到匹配的客户或联系人。', 'gone from search');
  await page.goto(`/customers/${id}`);
  eq(await text(page, 'retired'), '已停用', 'its page still opens, marked 已停用');
  eq(await page.getByTestId('customer-edit').count(), 0, 'no edit button on a retired customer');
  // 已停用客户 (linked from the list) finds it; its page's 恢复客户 asks first, then it is back
  await page.goto('/customers');
  await clickNav(page, page.getByTestId('retired-link'));
  eq(path(page), '/customers/retired', 'the 已停用客户 page');
  await page.getByPlaceholder('名称、电话或客户编号').fill(name);
  await clickNav(page, page.getByRole('button', { name: '筛选', exact: true }));
  await clickNav(page, page.getByRole('link', { name, exact: true }));
  eq(path(page), `/customers/${id}`, 'its row opens it');
  await Promise.all([page.waitForNavigation(), page.getByTestId('customer-restore').click()]);
  eq(asked.seen.length, 3, 'asked before restoring');
  eq(asked.seen[2].message, '确定恢复该客户吗？恢复后它重新出现在列表和搜索中。', 'restore dialog text');
  eq(path(page), `/customers/${id}`, 'back on its page');
  eq(await text(page, 'notice'), '客户已恢复，重新出现在列表和搜索中。', 'notice');
  eq(await page.getByTestId('retired').count(), 0, 'no longer marked 已停用');
  eq(await page.getByTestId('customer-edit').count(), 1, 'editable again');
  await page.goto(`/search?q=${encodeURIComponent(name)}`);
  includes(await page.locator('main').innerText(), name, 'found by search again');
  assertNoPageErrors(page);
}));

test('director reassigns customers from the list: 全选本页 ticks the rows, confirm() first, the rows show the new manager', async () => {
  const names = [`分配测试${TAG}甲有限公司`, `分配测试${TAG}乙有限公司`];
  await withContext(async (page) => {
    await signIn(page, 'rep1');
    for (const name of names) await createCustomer(page, { name });
  });
  await withContext(async (page) => {
    await signIn(page, 'director');
    await page.goto(`/customers?q=${encodeURIComponent(`分配测试${TAG}`)}`);
    const table = page.getByTestId('customers-table');
    eq((await tableRows(table)).map((r) => `${r['客户名称']}:${r['客户经理']}`).sort().join(','),
      names.map((n) => `${n}:张伟`).sort().join(','), 'both rows, managed by 张伟');
    eq(await table.getByRole('link').filter({ hasText: names[0] }).count(), 1, 'the name is the row\'s link');
    await page.getByTestId('select-all').check();
    for (const name of names) assert(await page.getByRole('checkbox', { name: `选择 ${name}` }).isChecked(), `全选本页 ticked ${name}`);
    await page.locator('#reassign-manager').selectOption({ label: '李娜 · 客户经理' });
    const asked = dialogs(page, 'dismiss');
    await page.getByTestId('reassign-submit').click();
    for (let i = 0; i < 100 && asked.seen.length === 0; i++) await page.waitForTimeout(50);
    eq(asked.seen.map((d) => `${d.type}:${d.message}`).join(), 'confirm:确定把选中的客户分配给这位客户经理吗？', 'asked first');
    eq((await tableRows(table)).filter((r) => r['客户经理'] === '张伟').length, 2, 'dismissed: nothing changed');
    asked.answer('accept');
    await clickNav(page, page.getByTestId('reassign-submit'));
    eq(await text(page, 'notice'), '客户经理已更新。', 'notice');
    eq((await tableRows(page.getByTestId('customers-table'))).map((r) => r['客户经理']).join(), '李娜,李娜', 'both rows now 李娜');
    assertNoPageErrors(page);
  });
});

test('新建客户 with the name of a customer already there: the form warns and links it before anything is saved; 取消 leaves nothing', () => withContext(async (page) => {
  assert(customerId, 'the customer of the first scenario exists');
  await signIn(page, 'rep1');
  await page.goto('/customers/new');
  await page.locator('#name').fill(CUSTOMER.name);
  await page.locator('#region').selectOption({ label: '上海' });
  await page.locator('#level').selectOption({ label: '普通客户' });
  await clickNav(page, page.getByTestId('customer-save'));
  eq(path(page), '/customers', 'the form again (posted to /customers)');
  const warning = page.getByTestId('duplicates');
  includes(await warning.innerText(), '这个客户可能已经存在', 'warned');
  eq(await warning.getByRole('link', { name: CUSTOMER.name }).getAttribute('href'), `/customers/${customerId}`, 'links the customer there');
  includes(await warning.innerText(), '名称相同', 'and says why');
  eq(clean(await page.getByTestId('customer-save').innerText()), '仍然创建', 'the button says what it would do');
  eq(await page.locator('#name').inputValue(), CUSTOMER.name, 'the input kept');
  await shot(page, 'customer-duplicate-warning.png');
  await clickNav(page, page.getByRole('link', { name: '取消' }));
  eq(path(page), '/customers', 'cancelled');
  await page.goto(`/customers?q=${encodeURIComponent(TAG)}`);
  eq((await tableRows(page.getByTestId('customers-table'))).filter((r) => r['客户名称'] === CUSTOMER.name).length, 1, 'still one such customer');
  assertNoPageErrors(page);
}));

test('director moves every customer of a filtered list at once (分配全部): its own confirm() with the count, then the list is empty; and back again', () => withContext(async (page) => {
  await signIn(page, 'director');
  // filter: 客户经理 李娜 (more than one page of customers)
  const asked = dialogs(page, 'dismiss');
  const moveAll = async (from, to) => {
    asked.seen.length = 0;
    asked.answer('dismiss');
    await page.goto('/customers');
    await page.getByRole('combobox', { name: '客户经理', exact: true }).selectOption({ label: from });
    await clickNav(page, page.getByRole('button', { name: '筛选', exact: true }));
    const count = Number((await text(page, 'customer-count')).replace(/[^\d]/g, ''));
    assert(count > 50, `${from} has more than a page of customers (${count})`);
    const button = page.getByTestId('reassign-all');
    eq(clean(await button.innerText()), `分配筛选出的全部 ${count.toLocaleString('en-US')} 个客户`, 'the button says how many');
    await page.locator('#reassign-manager').selectOption({ label: to });
    await button.click();
    for (let i = 0; i < 100 && asked.seen.length === 0; i++) await page.waitForTimeout(50);
    eq(asked.seen.map((d) => d.message).join(), `确定把筛选出的全部 ${count.toLocaleString('en-US')} 个客户分配给选中的客户经理吗？`, 'its own question, with the count');
    eq(path(page), '/customers', 'dismissed: still on the list');
    asked.answer('accept');
    await clickNav(page, button);
    eq(await text(page, 'notice'), '客户经理已更新。', 'notice');
    eq(await text(page, 'empty'), '没有符合条件的客户。', `${from}'s list is empty now`);
    return count;
  };
  const moved = await moveAll('李娜', '陈总 · 高管');
  await shot(page, 'reassign-all-done.png');
  eq(await moveAll('陈总', '李娜 · 客户经理'), moved, 'the same customers, back again');
  assertNoPageErrors(page);
}));

try {
  await run('browser records');
} finally {
  await browser.close();
}
