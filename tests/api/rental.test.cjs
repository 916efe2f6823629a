// rental.test.cjs — the rental house through the API, on a model that holds P&Q's plant and
// a small rental book beside it (one console, owned once, 100 a day on the open market; job E
// holds it 01-06..01-09): shortages, the plan, a quote whose marginal over-hire cost is
// worked out by hand (the new job N takes the console for 6 days and pushes E to the
// market: 400), booking as a planner only, and bad jobs refused with their field.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { makeStore, startServer, call, cli } = require('../js/harness.cjs');

const pq = makeStore('pq');
const dir = path.join(pq.dir, 'both');
const db = path.join(pq.dir, 'both.db');
let server, viewer, planner;

test.before(async () => {
  execFileSync(cli, ['export', pq.db, dir]);
  const files = {
    'items.csv': 'id,name,owned,subrent_cost_per_day,purchase_cost\nCON,Console,1,100,5000\n',
    'jobs.csv': 'id,customer,out,in,price\nE,Events Ltd,2026-01-06,2026-01-09,3000\n',
    'job_items.csv': 'job,item,qty\nE,CON,1\n',
    'crew.csv': 'id,skills,kind,cost_per_day,max_days\nS1,rigging,staff,0,3\nF1,rigging,freelance,250,30\n',
  };
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  execFileSync(cli, ['import', db, dir]);
  viewer = execFileSync(cli, ['token', 'create', '--role', 'viewer', db]).toString().trim().split('\n').pop();
  planner = execFileSync(cli, ['token', 'create', '--role', 'planner', db]).toString().trim().split('\n').pop();
  server = await startServer(db);
});
test.after(async () => { await server.stop(); fs.rmSync(pq.dir, { recursive: true, force: true }); });

const job = { id: 'N', customer: 'New Co', out: '2026-01-05', in: '2026-01-10', price: 1000, materials_cost: 50, items: [{ item: 'CON', qty: 1 }] };

test('beside a plant: the plant keeps its Constraint, the rental book its plan', async () => {
  const c = await call(server.url, 'GET', '/api/constraint', viewer);
  assert.equal(c.status, 200);
  assert.equal(c.body.constraint, 'B');
  const s = await call(server.url, 'GET', '/api/shortages', viewer);
  assert.equal(s.status, 200);
  assert.deepEqual(s.body.items, []);
  const p = await call(server.url, 'GET', '/api/allocate', viewer);
  assert.equal(p.status, 200);
  assert.equal(p.body.cost, 0);
  assert.equal(p.body.lines[0].owned, 1);
});

test('a quote: the marginal over-hire cost is the plan with the job minus without it', async () => {
  const q = await call(server.url, 'POST', '/api/quote-job', viewer, { job });
  assert.equal(q.status, 200);
  assert.equal(q.body.marginal_overhire, 400);
  assert.equal(q.body.throughput, 550);
  assert.equal(q.body.accept, true);
  assert.deepEqual(q.body.reasons.map((r) => [r.item, r.from, r.cost]), [['CON', 'moved', 400]]);
  assert.equal(q.body.cost_accounting.full_cost, 650);
  // A floor above T refuses; capacity never does.
  const f = await call(server.url, 'POST', '/api/quote-job', viewer, { job, min_throughput: 600 });
  assert.equal(f.body.accept, false);
  // Nothing was stored.
  assert.equal((await call(server.url, 'GET', '/api/allocate', viewer)).body.jobs, 1);
});

test('booking needs a planner, then the plan holds the job', async () => {
  const v = await call(server.url, 'POST', '/api/quote-job', viewer, { job, book: true });
  assert.equal(v.status, 403);
  const b = await call(server.url, 'POST', '/api/quote-job', planner, { job, book: true });
  assert.equal(b.status, 201);
  assert.equal(b.body.booked, true);
  const p = await call(server.url, 'GET', '/api/allocate', viewer);
  assert.equal(p.body.jobs, 2);
  assert.equal(p.body.cost, 400);
  // The server planned again from the basis its last plan ended with (the CLI, cold).
  assert.equal(p.body.lp.warm_started, true);
  assert.ok(p.body.lp.cols > 0);
  // A second such job now finds the console held by N all six days: six market days.
  const q2 = await call(server.url, 'POST', '/api/quote-job', viewer, { job: { ...job, id: 'N2' } });
  assert.equal(q2.status, 200);
  assert.equal(q2.body.marginal_overhire, 600);
  // The plan the server keeps for quotes follows the book: once W has S1 (3 days at most)
  // on all its days, a job a month later needs the freelancer (250); the plan kept from
  // before W was booked would still give it S1 (0).
  const crewJob = (id, out, inn) => ({ id, customer: 'Crew Co', out, in: inn, price: 900, items: [], crew: [{ skill: 'rigging', qty: 1 }] });
  const later = crewJob('L', '2026-03-01', '2026-03-01');
  assert.equal((await call(server.url, 'POST', '/api/quote-job', viewer, { job: later })).body.marginal_overhire, 0);
  const w = await call(server.url, 'POST', '/api/quote-job', planner, { job: crewJob('W', '2026-02-01', '2026-02-03'), book: true });
  assert.equal(w.status, 201);
  assert.equal((await call(server.url, 'POST', '/api/quote-job', viewer, { job: later })).body.marginal_overhire, 250);
  const again = await call(server.url, 'POST', '/api/quote-job', planner, { job, book: true });
  assert.equal(again.status, 400);
  assert.match(again.body.error.message, /'N' is a duplicate id/);
  // The store holds it: the CLI's plan agrees.
  const cliPlan = JSON.parse(execFileSync(cli, ['allocate', db, '--json']).toString());
  assert.equal(cliPlan.cost, 400);
  assert.equal(cliPlan.lp.warm_started, false);
});

test('bad jobs are refused with the field', async () => {
  const cases = [
    [{ job: { ...job, id: 'X1', items: [{ item: 'NOPE', qty: 1 }] } }, /'NOPE' is not a known item/],
    [{ job: { ...job, id: 'X2', in: '2026-01-01' } }, /comes before out/],
    [{ job: { ...job, id: 'X3', items: [{ item: 'CON', qty: -1 }] } }, /out of range/],
    [{ job: { ...job, id: 'X4', crew: [{ skill: 'rigging', qty: 1, colour: 'red' }] } }, /unknown field 'colour'/],
    [{ job: 'N' }, /must be an object/],
    [{ job, min_throughput: -5 }, /min_throughput/],
  ];
  for (const [body, message] of cases) {
    const r = await call(server.url, 'POST', '/api/quote-job', viewer, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.body.error.message, message);
  }
});
