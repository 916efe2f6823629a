// dashboard.test.cjs — the dashboard in Debian's Chromium, driven by playwright-core: it
// loads on the P&Q demo and names Constraint B; an event posted to the API changes the
// buffer board without a reload; the quote form returns P&Q's floor price. Screenshots go
// to CS_SCREENSHOTS for review.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { call, screenshotDir, browserSuite } = require('../js/harness.cjs');

const shots = screenshotDir();
const s = browserSuite(test, 'pq', { width: 1366, height: 900 });

test('the dashboard loads on P&Q and shows Constraint B', async () => {
  await s.page.goto(`${s.server.url}/?token=${s.store.tokens.planner}`);
  await s.page.waitForFunction(() => document.getElementById('constraint-name').textContent.includes('B'));
  assert.equal(await s.page.textContent('#constraint-name'), 'Constraint: B');
  await s.page.waitForSelector('#live.on');
  await s.page.screenshot({ path: path.join(shots, 'dashboard.png'), fullPage: true });
});

test('an event changes the buffer board without a reload', async () => {
  await s.page.evaluate(() => { window.__sameDocument = true; });
  const r = await call(s.server.url, 'POST', '/api/events', s.store.tokens.planner, [
    { type: 'order.created', order: { id: 'LIVE1', product: 'Q', qty: 5, due: '2026-01-07' } },
    { type: 'order.released', order: 'LIVE1', date: '2026-01-05' },
  ]);
  assert.equal(r.status, 201);
  await s.page.waitForSelector('#buffer-board [data-order="LIVE1"]', { timeout: 5000 });
  assert.equal(await s.page.evaluate(() => window.__sameDocument), true); // no reload happened
  assert.match(await s.page.textContent('#queues'), /LIVE1/);
  // Line of sight: the queued order with its customer, due date and throughput at stake
  // (5 Q at 100 - 40).
  assert.match(await s.page.textContent('#queues [data-queued="LIVE1"]'), /LIVE1 –, due 01-07, T 300\.00/);
  // The header's clockspeed: P&Q has shipped nothing through B yet, and the signals' age
  // is measured from the batch just sent.
  await s.page.waitForFunction(() => /ms after each event/.test(document.getElementById('clockspeed').textContent));
  assert.match(await s.page.textContent('#clockspeed'), /no order through B since 2026-01-01 · signals [0-9.]+ ms after each event/);
  await s.page.screenshot({ path: path.join(shots, 'buffer-board-after-event.png'), fullPage: true });
});

test('a booking through the API shows in the decisions panel beside hindsight', async () => {
  const q = await call(s.server.url, 'POST', '/api/quote', s.store.tokens.planner,
    { product: 'P', qty: 10, due: '2026-01-09', price: 80, book: true, id: 'REG1' });
  assert.equal(q.status, 201, JSON.stringify(q.body));
  await s.page.waitForFunction(() => /REG1|accept/.test(document.getElementById('regret').textContent) &&
    document.querySelector('#regret tr[data-type=quote] td:nth-child(2)').textContent !== '0');
  const r = await call(s.server.url, 'GET', '/api/regret', s.store.tokens.viewer);
  const quote = r.body.decisions.find((d) => d.type === 'quote');
  const row = await s.page.$$eval('#regret tr[data-type=quote] td', (tds) => tds.map((t) => t.textContent));
  assert.equal(row[1], String(quote.count));
  assert.ok(quote.hindsight_best >= quote.throughput_earned);
  const last = r.body.log[r.body.log.length - 1];
  assert.equal(last.choice, 'accept');
  assert.equal(last.cost_accounting, 'refuse');
});

test('the quote form returns a floor price', async () => {
  await s.page.selectOption('#quote-product', 'Q');
  await s.page.fill('#quote-form input[name=qty]', '10');
  await s.page.fill('#quote-form input[name=due]', '2026-01-09');
  await s.page.fill('#quote-form input[name=price]', '60');
  await s.page.click('#quote-form button');
  await s.page.waitForSelector('#quote-result .floor');
  assert.equal(await s.page.textContent('#quote-result .floor'), '100.00');
  assert.match(await s.page.textContent('#quote-result'), /Refuse/);
  await s.page.screenshot({ path: path.join(shots, 'quote.png'), fullPage: true });
});

test('the what-if form shows both answers', async () => {
  await s.page.selectOption('#decide-kind', 'overtime');
  await s.page.selectOption('#decide-resource', 'B');
  await s.page.fill('#decide-form input[name=minutes]', '600');
  await s.page.fill('#decide-form input[name=cost]', '1');
  await s.page.click('#decide-form button');
  await s.page.waitForSelector('#decide-result .side');
  const text = await s.page.textContent('#decide-result');
  assert.match(text, /worth it/);
  assert.match(text, /1,200\.00/);
  assert.match(text, /Cost accounting/);
  await s.page.screenshot({ path: path.join(shots, 'what-if.png'), fullPage: true });
});
