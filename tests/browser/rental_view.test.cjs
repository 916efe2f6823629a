// rental_view.test.cjs — the dashboard's Rental view in Debian's Chromium, on the rental
// demo: the plan's cost and gap are the API's; the timeline draws each job of the window
// coloured by how the plan fills its gear; the short item-days are the API's and red, and
// a red day shows the plan's fills for that item; the crew of a day names each job's
// customer and who works it; a job quoted shows the API's marginal over-hire cost and,
// booked, is in the store. Screenshots go to CS_SCREENSHOTS.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { cli, call, screenshotDir, browserSuite, getOk } = require('../js/harness.cjs');

const shots = screenshotDir();
const s = browserSuite(test, 'rental', { width: 1400, height: 1200 });
const get = (route) => getOk(s, route);

test('the plan, the timeline and the short days are the API\'s', async () => {
  await s.page.goto(`${s.server.url}/?token=${s.store.tokens.planner}`);
  await s.page.waitForSelector('#rental-timeline .tbar');
  assert.equal(await s.page.isVisible('#view-rental'), true);
  assert.equal(await s.page.isVisible('#view-plant'), false);
  const plan = await get('/api/allocate');
  const short = await get('/api/shortages');
  const summary = await s.page.textContent('#rental-summary');
  assert.match(summary, new RegExp(`^${plan.jobs} jobs planned`));
  assert.match(summary, new RegExp((plan.gap * 100).toFixed(1) + ' %'));
  // The window opens on the first short day; each bar is a job of the window, and its
  // colour says how the plan fills it.
  const from = short.items.map((d) => d.date).sort()[0];
  assert.equal(await s.page.inputValue('#rental-from'), from);
  const bars = await s.page.$$eval('#rental-timeline .tbar', (xs) => xs.map((x) => [x.dataset.job, x.dataset.fill]));
  assert.ok(bars.length > 5);
  const day = (d) => Date.parse(d + 'T00:00:00Z') / 86400000;
  for (const [job, fill] of bars) {
    const j = plan.job_list.find((x) => x.job === job);
    assert.ok(day(j.in) >= day(from) && day(j.out) < day(from) + 21, job);
    const lines = plan.lines.filter((l) => l.job === job);
    const want = plan.unfilled.some((u) => u.job === job) ? 'unfilled' : lines.some((l) => l.subrent.length) ? 'sub' : 'owned';
    assert.equal(fill, want, job);
  }
  assert.ok(bars.some(([, f]) => f !== 'owned'), 'some job is not all on owned gear');
  // Short cells: each is a short day of the API, painted red.
  const cells = await s.page.$$eval('#rental-items td.short', (xs) => xs.map((x) => [x.dataset.item, x.dataset.date, x.textContent]));
  assert.ok(cells.length > 0);
  for (const [item, date, text] of cells) {
    const d = short.items.find((x) => x.item === item && x.date === date);
    assert.ok(d, `${item} ${date} is short in the API`);
    assert.equal(text, `${d.demand}/${d.owned}`);
  }
  assert.equal(await s.page.locator('#rental-items td.short').first().evaluate((c) => getComputedStyle(c).backgroundColor), 'rgb(200, 40, 40)');
  // A red day: the plan's lines of that item on that day, their units adding up.
  await s.page.locator('#rental-items td.short').first().click();
  await s.page.waitForSelector('#rental-fills table');
  const [item, date] = cells[0];
  const lines = plan.lines.filter((l) => l.item === item && day(plan.job_list.find((j) => j.job === l.job).out) <= day(date) &&
    day(plan.job_list.find((j) => j.job === l.job).in) >= day(date));
  assert.equal(await s.page.locator('#rental-fills tr').count(), lines.length + 1);
  await s.page.locator('#view-rental').screenshot({ path: path.join(shots, 'rental-view.png') });
});

test('the crew of a day names the customer, who works each job, when it goes out and its T', async () => {
  const plan = await get('/api/allocate');
  const busiest = Object.entries(plan.crew.reduce((n, c) => ({ ...n, [c.date]: (n[c.date] || 0) + 1 }), {}))
    .sort((a, b) => b[1] - a[1])[0][0];
  await s.page.fill('#rental-crew-day', busiest);
  await s.page.dispatchEvent('#rental-crew-day', 'change');
  const rows = await s.page.$$eval('#rental-crew tr', (xs) => xs.slice(1).map((r) => [...r.cells].map((c) => c.textContent)));
  const want = plan.crew.filter((c) => c.date === busiest);
  assert.equal(rows.length, want.length);
  for (let k = 0; k < want.length; k++) {
    assert.equal(rows[k][0], want[k].job);
    assert.equal(rows[k][1], want[k].customer);
    assert.equal(rows[k][3], want[k].crew || 'nobody');
    const job = plan.job_list.find((j) => j.job === want[k].job);
    assert.equal(rows[k][6], job.out);
    assert.ok(Math.abs(Number(rows[k][7].replace(/[^0-9.-]/g, '')) - job.at_stake) < 0.01, rows[k][7]);
  }
});

test('a job quoted shows its marginal over-hire cost, and booked is in the store', async () => {
  const plan = await get('/api/allocate');
  // The item most often sub-rented, over a busy week.
  const count = {};
  for (const l of plan.lines) if (l.subrent.length) count[l.item] = (count[l.item] || 0) + 1;
  const item = Object.entries(count).sort((a, b) => b[1] - a[1])[0][0];
  const line = plan.lines.find((l) => l.item === item && l.subrent.length);
  const job = plan.job_list.find((j) => j.job === line.job);
  await s.page.fill('#rental-quote-form [name=id]', 'WEB001');
  await s.page.fill('#rental-quote-form [name=out]', job.out);
  await s.page.fill('#rental-quote-form [name=in]', job.in);
  await s.page.fill('#rental-quote-form [name=price]', '50000');
  await s.page.fill('#rental-quote-form [name=items]', `${item}:${line.qty}`);
  await s.page.fill('#rental-quote-form [name=crew]', 'rigging:1');
  await s.page.click('#rental-quote-form button[type=submit]');
  await s.page.waitForSelector('#rental-quote-result .verdict');
  const body = { job: { id: 'WEB001', out: job.out, in: job.in, price: 50000, materials_cost: 0, items: [{ item, qty: line.qty }], crew: [{ skill: 'rigging', qty: 1 }] } };
  const q = await call(s.server.url, 'POST', '/api/quote-job', s.store.tokens.planner, body);
  assert.equal(q.status, 200);
  assert.ok(q.body.marginal_overhire > 0, 'the job costs something to fill');
  const shown = await s.page.textContent('#rental-marginal');
  assert.equal(shown.replace(/[^0-9.]/g, ''), q.body.marginal_overhire.toFixed(2));
  assert.equal(await s.page.locator('#rental-quote-result tr').count(), q.body.reasons.length + 1);
  await s.page.click('#rental-book');
  await s.page.waitForSelector('#rental-quote-result .booked');
  const after = JSON.parse(execFileSync(cli, ['allocate', s.store.db, '--json'], { maxBuffer: 64 << 20 }).toString());
  assert.ok(after.job_list.some((j) => j.job === 'WEB001'), 'the booked job is planned');
  await s.page.locator('#panel-rental-quote').screenshot({ path: path.join(shots, 'rental-quote.png') });
});
