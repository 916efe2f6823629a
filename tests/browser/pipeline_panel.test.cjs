// pipeline_panel.test.cjs — the dashboard's buying-friction panel in Debian's Chromium, on the
// sales demo: the heat map holds every friction of the catalogue in its buying job's row,
// shaded darkest where the API says the most Throughput-Dollar-Days are held, the pipeline
// by stage is the API's, and a deal looked up shows its frictions and books the first
// countermeasure as its next visit — in the store, with the next step. Screenshots go to
// CS_SCREENSHOTS.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { cli, screenshotDir, browserSuite, getOk } = require('../js/harness.cjs');

const shots = screenshotDir();
const s = browserSuite(test, 'sales', { width: 1400, height: 1000 });

const get = (route) => getOk(s, route);

test('the heat map and the pipeline are the API\'s', async () => {
  await s.page.goto(`${s.server.url}/?token=${s.store.tokens.planner}`);
  await s.page.waitForSelector('#friction-heat [data-friction]');
  const view = await get('/api/frictions');
  assert.equal(view.frictions.length, 36);
  assert.equal(await s.page.locator('#friction-heat [data-friction]').count(), 36);
  // Each cell sits in its buying job's row, and says how often it was observed.
  for (const f of view.frictions.slice(0, 12)) {
    const cell = s.page.locator(`#friction-heat [data-friction="${f.friction}"]`);
    const row = await cell.evaluate((b) => b.closest('tr').querySelector('th').textContent);
    assert.equal(row, f.buying_job.replace(/_/g, ' '));
    assert.equal(await cell.locator('b').textContent(), String(f.observed));
  }
  // The most TDD is the darkest cell.
  const top = view.frictions.reduce((a, b) => (b.tdd > a.tdd ? b : a));
  const shade = await s.page.$$eval('#friction-heat [data-friction]', (xs) =>
    Object.fromEntries(xs.map((x) => [x.dataset.friction, Number(x.dataset.shade)])));
  assert.equal(shade[top.friction], 1);
  for (const f of view.frictions) assert.ok(Math.abs(shade[f.friction] - f.tdd / top.tdd) < 0.001, f.friction);
  // Drawn: every cell has a size on the page and the darkest is painted red.
  const box = await s.page.locator(`#friction-heat [data-friction="${top.friction}"]`).boundingBox();
  assert.ok(box && box.width > 40 && box.height > 20);
  assert.equal(await s.page.locator(`#friction-heat [data-friction="${top.friction}"]`).evaluate((b) => getComputedStyle(b).backgroundColor),
    'rgb(180, 40, 40)');
  const stages = await s.page.$$eval('#pipeline-stages tr', (rows) => rows.slice(1).map((r) => r.cells[0].textContent));
  assert.deepEqual(stages, view.pipeline.map((p) => p.stage));
  await s.page.click(`#friction-heat [data-friction="${top.friction}"]`);
  assert.match(await s.page.textContent('#friction-detail'), new RegExp(`holds ${top.holding} deals`));
  await s.page.locator('#panel-pipeline').screenshot({ path: path.join(shots, 'pipeline-panel.png') });
});

test('a deal\'s frictions, and its first countermeasure booked as its next visit', async () => {
  const view = await get('/api/frictions');
  assert.ok(view.frictions.some((f) => f.holding > 0));
  // A deal some friction holds: the first the CLI's own advice shows held.
  let opp = null;
  for (let i = 1; i <= 300 && !opp; i++) {
    const o = `OPP${String(i).padStart(5, '0')}`;
    if (JSON.parse(execFileSync(cli, ['friction', s.store.db, '--opportunity', o, '--json']).toString()).frictions.length) opp = o;
  }
  assert.ok(opp, 'a deal held by a friction');
  const advice = await get(`/api/friction?opportunity=${opp}`);
  await s.page.fill('#friction-opportunity', opp);
  await s.page.click('#friction-form button');
  await s.page.waitForSelector('#friction-result [data-book]');
  assert.equal(await s.page.locator('#friction-result [data-book]').count(), advice.frictions.length);
  await s.page.click('#friction-result [data-book="0"]');
  await s.page.waitForSelector('#friction-result .booked');
  const text = await s.page.textContent('#friction-result .booked');
  const id = /Booked (\S+) for/.exec(text)[1];
  const after = JSON.parse(execFileSync(cli, ['friction', s.store.db, '--opportunity', opp, '--json']).toString());
  assert.equal(after.next_step, advice.frictions[0].countermeasure);
  const diary = await get('/api/diary?days=31&limit=100000');
  const visit = diary.reps.flatMap((r) => r.days.flatMap((d) => d.visits)).find((v) => v.id === id);
  assert.ok(visit, `the visit ${id} is in a diary`);
  assert.equal(visit.opportunity, opp);
});
