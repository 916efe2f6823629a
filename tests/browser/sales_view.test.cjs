// sales_view.test.cjs — the dashboard's Sales view in Debian's Chromium, driven by playwright-core,
// on the sales demo (a desk without a plant): the buffer board agrees with the API, a rep's
// week shows every visit the API lists, the map draws every route of the day, a slot found
// from the queue is booked through the form and shows up in the diary, and an event posted
// to the API takes it out again without a reload; the map's day improved, seen before and
// after, and applied. On a model with both a plant and a desk
// the two views sit side by side as tabs. Screenshots go to CS_SCREENSHOTS.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { makeStore, startServer, call, cli, screenshotDir, browserSuite, inkedPixels, getOk } = require('../js/harness.cjs');

const shots = screenshotDir();
const s = browserSuite(test, 'sales', { width: 1400, height: 1000 });

const get = (route) => getOk(s, route);

test('a desk without a plant opens on the Sales view, its board as the API says', async () => {
  await s.page.goto(`${s.server.url}/?token=${s.store.tokens.planner}`);
  await s.page.waitForSelector('#rep-board [data-rep]');
  assert.equal(await s.page.isVisible('#view-sales'), true);
  assert.equal(await s.page.isVisible('#view-plant'), false);
  assert.equal(await s.page.isVisible('#views [data-view=plant]'), false); // no tabs for one view
  const desk = await get('/api/desk');
  assert.equal(await s.page.locator('#rep-board [data-rep]').count(), desk.reps.length);
  for (const c of ['black', 'red', 'yellow', 'green']) {
    const n = desk.reps.filter((r) => r.color === c).length;
    assert.equal(await s.page.locator(`#rep-board [data-color=${c}] [data-rep]`).count(), n, c);
  }
  assert.match(await s.page.textContent('#headline'), new RegExp(`${desk.reps.length} reps`));
  await s.page.waitForSelector('#live.on');
});

test("a rep's week shows every visit, and the map every route of the day", async () => {
  const desk = await get('/api/desk');
  const pick = desk.reps.find((r) => r.color === 'green') || desk.reps[0];
  await s.page.click(`#rep-board [data-rep="${pick.id}"]`);
  await s.page.waitForFunction((id) => document.getElementById('diary-rep').textContent.startsWith(id), pick.id);
  const week = (await get(`/api/diary?rep=${pick.id}&days=7`)).reps[0];
  const visits = week.days.flatMap((d) => d.visits.map((v) => v.id));
  assert.ok(visits.length > 0);
  assert.deepEqual((await s.page.$$eval('#diary .visit', (xs) => xs.map((x) => x.dataset.appt))).sort(), visits.sort());
  assert.equal(await s.page.locator('#diary .day').count(), 7);
  // Line of sight: each visit shows its customer and the throughput at stake.
  const first = week.days.flatMap((d) => d.visits)[0];
  const block = s.page.locator(`#diary .visit[data-appt="${first.id}"]`);
  assert.match(await block.textContent(), new RegExp(first.customer));
  assert.match(await block.getAttribute('title'), /at stake/);
  assert.equal(await s.page.locator('#diary .day.off').count(), week.days.filter((d) => !d.works).length);

  const day = await get(`/api/diary?from=${week.days[0].date}&days=1&limit=300`);
  const routes = day.reps.filter((r) => r.days[0].works && r.days[0].visits.length);
  await s.page.waitForFunction((n) => document.getElementById('map').dataset.routes === String(n), routes.length);
  const inked = await inkedPixels(s.page, '#map', [0xf6, 0xf8, 0xfb]);
  assert.ok(inked > 1000, `only ${inked} pixels drawn`);
  await s.page.screenshot({ path: path.join(shots, 'sales-view.png'), fullPage: true });
});

test('a slot found from the queue is booked through the form and lands in the diary', async () => {
  await s.page.click('#sales-queue [data-find] >> nth=0');
  await s.page.waitForSelector('#book-result table [data-slot]');
  const rows = await s.page.locator('#book-result [data-slot]').count();
  assert.ok(rows >= 1 && rows <= 3);
  const before = (await get('/api/desk')).reps;
  await s.page.click('#book-result [data-slot="1"]');
  await s.page.waitForSelector('#book-result .booked');
  const text = await s.page.textContent('#book-result .booked');
  const [, id, rep, date] = text.match(/^Booked (\S+): (\S+) on \w+ (\d{4}-\d\d-\d\d)/);
  // The store has it, and the dashboard shows it in the rep's week.
  const day = (await get(`/api/diary?rep=${rep}&from=${date}&days=1`)).reps[0].days[0];
  assert.ok(day.visits.some((v) => v.id === id));
  await s.page.waitForSelector(`#diary [data-appt="${id}"]`);
  const after = (await get('/api/desk')).reps;
  const delta = after.find((r) => r.id === rep).booked_ahead - before.find((r) => r.id === rep).booked_ahead;
  assert.ok(delta === 0 || delta === 1); // 1 unless the date lies past the buffer's days
  await s.page.screenshot({ path: path.join(shots, 'sales-booked.png'), fullPage: true });

  // An event from elsewhere (the API) takes the visit out again, without a reload.
  await s.page.evaluate(() => { window.__sameDocument = true; });
  const r = await call(s.server.url, 'POST', '/api/events', s.store.tokens.planner, [{ type: 'appointment.cancelled', appointment: id }]);
  assert.equal(r.status, 201);
  await s.page.waitForSelector(`#diary [data-appt="${id}"]`, { state: 'detached', timeout: 5000 });
  assert.equal(await s.page.evaluate(() => window.__sameDocument), true);
});

test("the map's day improved: the plan before and after, then applied", async () => {
  const date = await s.page.$eval('#map-date', (x) => x.value);
  const driving = (day) => day.reps.reduce((n, r) => n + (r.days[0].works ? r.days[0].travel_min : 0), 0);
  const visits = (day) => day.reps.reduce((n, r) => n + r.days[0].visits.length, 0);
  const day = await get(`/api/diary?from=${date}&days=1&limit=300`);
  const pixels = () => s.page.$eval('#map', (cv) => Array.from(cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data).join(','));
  await s.page.click('#route-plan');
  await s.page.waitForSelector('#route-summary');
  const [, before, after, moved] = (await s.page.textContent('#route-summary')).match(/Driving (\d+) → (\d+) min.*; (\d+) visits move/);
  assert.equal(Number(before), driving(day)); // the diary's own sum of the day's driving
  assert.ok(Number(after) < Number(before));
  assert.ok(Number(moved) > 0);
  // After: every visit still drawn, on other routes; before: the booked day again.
  assert.equal(await s.page.$eval('#map', (cv) => Number(cv.dataset.visits)), visits(day));
  const drawnAfter = await pixels();
  await s.page.screenshot({ path: path.join(shots, 'sales-route-after.png'), fullPage: true });
  await s.page.check('#route-result input[value=before]');
  assert.equal(await s.page.$eval('#map', (cv) => Number(cv.dataset.visits)), visits(day));
  assert.notEqual(await pixels(), drawnAfter);
  await s.page.screenshot({ path: path.join(shots, 'sales-route-before.png'), fullPage: true });
  await s.page.click('#route-apply');
  await s.page.waitForFunction(() => /applied/.test(document.getElementById('route-summary').textContent));
  const now = await get(`/api/diary?from=${date}&days=1&limit=300`);
  assert.equal(driving(now), Number(after));
  assert.equal(visits(now), visits(day));
});

test('a viewer may look for slots but not book one', async () => {
  const viewer = await s.context.newPage();
  await viewer.goto(`${s.server.url}/?token=${s.store.tokens.viewer}`);
  await viewer.waitForSelector('#sales-queue [data-find]');
  await viewer.click('#sales-queue [data-find] >> nth=0');
  await viewer.waitForSelector('#book-result [data-slot="1"]');
  await viewer.click('#book-result [data-slot="1"]');
  await viewer.waitForSelector('#book-result .error');
  assert.match(await viewer.textContent('#book-result .error'), /planner/);
  await viewer.close();
});

test('a model with a plant and a desk shows both views as tabs', async () => {
  const pq = makeStore('pq');
  const dir = path.join(pq.dir, 'both');
  const db = path.join(pq.dir, 'both.db');
  execFileSync(cli, ['export', pq.db, dir]);
  fs.writeFileSync(path.join(dir, 'reps.csv'), 'id,home_lat,home_lon\nR1,52.0,4.0\n');
  fs.writeFileSync(path.join(dir, 'accounts.csv'), 'id,lat,lon\nA1,52.1,4.1\n');
  fs.writeFileSync(path.join(dir, 'opportunities.csv'), 'id,account,expected_throughput,probability,next_step\nO1,A1,500,1,site survey\n');
  execFileSync(cli, ['import', db, dir]);
  const token = execFileSync(cli, ['token', 'create', '--role', 'viewer', db]).toString().trim().split('\n').pop();
  const both = await startServer(db);
  const tab = await s.context.newPage();
  try {
    await tab.goto(`${both.url}/?token=${token}`);
    await tab.waitForFunction(() => document.getElementById('constraint-name').textContent.includes('B'));
    assert.equal(await tab.isVisible('#view-plant'), true);
    assert.equal(await tab.isVisible('#view-sales'), false);
    await tab.click('#views [data-view=sales]');
    assert.equal(await tab.isVisible('#view-sales'), true);
    assert.equal(await tab.isVisible('#view-plant'), false);
    await tab.waitForSelector('#rep-board [data-rep="R1"]');
    assert.match(await tab.textContent('#sales-queue'), /O1/);
    await tab.screenshot({ path: path.join(shots, 'both-views.png'), fullPage: true });
  } finally {
    await tab.close();
    await both.stop();
    fs.rmSync(pq.dir, { recursive: true, force: true });
  }
});
