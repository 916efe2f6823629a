// simulate_panel.test.cjs — the dashboard's Simulation panel in Debian's Chromium, on the
// plant demo: the form's policies come back as rows whose figures are the API's for the
// same question (the simulation is the same for the same seed), one lead-time box per
// policy is drawn, and WIP and the Constraint's utilisation are plotted day by day.
// Screenshots go to CS_SCREENSHOTS.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { call, screenshotDir, browserSuite, inkedPixels } = require('../js/harness.cjs');

const shots = screenshotDir();
const s = browserSuite(test, 'plant', { width: 1366, height: 1000 });

test('push and rope side by side: the API\'s figures, boxes and day-by-day plots', async () => {
  await s.page.goto(`${s.server.url}/?token=${s.store.tokens.viewer}`);
  await s.page.waitForSelector('#sim-form');
  await s.page.fill('#sim-form input[name=release]', 'push,rope');
  await s.page.fill('#sim-form input[name=dispatch]', 'fifo,bp');
  await s.page.fill('#sim-form input[name=days]', '4');
  await s.page.fill('#sim-form input[name=replications]', '4');
  await s.page.click('#sim-form button');
  await s.page.waitForSelector('#sim-result table tr[data-policy]');
  const rows = await s.page.$$eval('#sim-result tr[data-policy]', (xs) => xs.map((x) => [x.dataset.policy, ...[...x.cells].slice(1).map((c) => c.textContent)]));
  const api = await call(s.server.url, 'POST', '/api/simulate', s.store.tokens.viewer,
    { release: 'push,rope', dispatch: 'fifo,bp', cv: 0.5, days: 4, replications: 4, warmup: 5 });
  assert.equal(api.status, 200);
  assert.deepEqual(rows.map((r) => r[0]), api.body.runs.map((r) => `${r.release}/${r.dispatch}`));
  rows.forEach((row, i) => {
    const r = api.body.runs[i];
    assert.equal(row[1], `${r.throughput_per_day.toFixed(1)} ± ${r.ci95.throughput_per_day.toFixed(1)}`);
    assert.equal(row[5], `${r.wip.toFixed(1)} ± ${r.ci95.wip.toFixed(1)}`);
  });
  assert.equal(await s.page.$eval('#sim-box', (cv) => cv.dataset.boxes), String(api.body.runs.length));
  const inked = await inkedPixels(s.page, '#sim-box', [255, 255, 255]);
  assert.ok(inked > 500, `only ${inked} pixels drawn`);
  assert.equal(await s.page.locator('#sim-wip .uplot').count(), 1);
  assert.equal(await s.page.locator('#sim-util .uplot').count(), 1);
  await s.page.locator('#panel-sim').screenshot({ path: path.join(shots, 'simulation.png') });
});

test('variability rows typed in: breakdowns at the oven cost throughput, and a bad row is refused', async () => {
  const ask = async (text) => {
    await s.page.fill('#sim-form textarea[name=variability]', text);
    await s.page.click('#sim-form button');
    await s.page.waitForFunction(() => !/Simulating/.test(document.getElementById('sim-result').textContent));
  };
  await s.page.fill('#sim-form input[name=release]', 'rope');
  await s.page.fill('#sim-form input[name=dispatch]', 'bp');
  await ask('');
  const plain = Number((await s.page.textContent('#sim-result tr[data-policy] td:nth-child(2)')).split(' ')[0]);
  await ask('resource,product,distribution,mtbf_min,mttr_min\nHTOVEN,*,,120,120');
  const broken = Number((await s.page.textContent('#sim-result tr[data-policy] td:nth-child(2)')).split(' ')[0]);
  assert.ok(broken < plain, `${broken} is not below ${plain}`);
  await ask('resource,product,distribution\nNOPE,*,fixed(1)');
  assert.match(await s.page.textContent('#sim-result .error'), /no resource 'NOPE'/);
  await s.page.fill('#sim-form textarea[name=variability]', '');
});

test('a policy that does not exist is refused in words', async () => {
  await s.page.fill('#sim-form input[name=release]', 'pull');
  await s.page.click('#sim-form button');
  await s.page.waitForSelector('#sim-result .error');
  assert.match(await s.page.textContent('#sim-result .error'), /'pull' is not push, rope or conwip:N/);
});
