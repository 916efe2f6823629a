// dashboard.test.cjs — the dashboard in Debian's Chromium, driven by playwright-core: it
// loads on the P&Q demo and names Constraint B; an event posted to the API changes the
// buffer board without a reload; the quote form returns P&Q's floor price. Screenshots go
// to CS_SCREENSHOTS for review.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { makeStore, startServer, call } = require('../js/harness.cjs');

const shots = process.env.CS_SCREENSHOTS || path.join(os.tmpdir(), 'cs-screenshots');
fs.mkdirSync(shots, { recursive: true });
const store = makeStore('pq');
let server, context, page, profile;

test.before(async () => {
  server = await startServer(store.db);
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1366, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  page = await context.newPage();
});

test.after(async () => {
  await context?.close();
  await server?.stop();
  fs.rmSync(profile, { recursive: true, force: true });
  fs.rmSync(store.dir, { recursive: true, force: true });
});

test('the dashboard loads on P&Q and shows Constraint B', async () => {
  await page.goto(`${server.url}/?token=${store.tokens.planner}`);
  await page.waitForFunction(() => document.getElementById('constraint-name').textContent.includes('B'));
  assert.equal(await page.textContent('#constraint-name'), 'Constraint: B');
  await page.waitForSelector('#live.on');
  await page.screenshot({ path: path.join(shots, 'dashboard.png'), fullPage: true });
});

test('an event changes the buffer board without a reload', async () => {
  await page.evaluate(() => { window.__sameDocument = true; });
  const r = await call(server.url, 'POST', '/api/events', store.tokens.planner, [
    { type: 'order.created', order: { id: 'LIVE1', product: 'Q', qty: 5, due: '2026-01-07' } },
    { type: 'order.released', order: 'LIVE1', date: '2026-01-05' },
  ]);
  assert.equal(r.status, 201);
  await page.waitForSelector('#buffer-board [data-order="LIVE1"]', { timeout: 5000 });
  assert.equal(await page.evaluate(() => window.__sameDocument), true); // no reload happened
  assert.match(await page.textContent('#queues'), /LIVE1/);
  await page.screenshot({ path: path.join(shots, 'buffer-board-after-event.png'), fullPage: true });
});

test('the quote form returns a floor price', async () => {
  await page.selectOption('#quote-product', 'Q');
  await page.fill('#quote-form input[name=qty]', '10');
  await page.fill('#quote-form input[name=due]', '2026-01-09');
  await page.fill('#quote-form input[name=price]', '60');
  await page.click('#quote-form button');
  await page.waitForSelector('#quote-result .floor');
  assert.equal(await page.textContent('#quote-result .floor'), '100.00');
  assert.match(await page.textContent('#quote-result'), /Refuse/);
  await page.screenshot({ path: path.join(shots, 'quote.png'), fullPage: true });
});

test('the what-if form shows both answers', async () => {
  await page.selectOption('#decide-kind', 'overtime');
  await page.selectOption('#decide-resource', 'B');
  await page.fill('#decide-form input[name=minutes]', '600');
  await page.fill('#decide-form input[name=cost]', '1');
  await page.click('#decide-form button');
  await page.waitForSelector('#decide-result .side');
  const text = await page.textContent('#decide-result');
  assert.match(text, /worth it/);
  assert.match(text, /1,200\.00/);
  assert.match(text, /Cost accounting/);
  await page.screenshot({ path: path.join(shots, 'what-if.png'), fullPage: true });
});
