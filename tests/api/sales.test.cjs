// sales.test.cjs — the sales desk through the API, on a model that holds P&Q's plant and a
// small desk beside it: the board, the best slots, a refused request, and a visit valued
// through the plant's bid prices (10 P at 45 $ of T each, less 150 minutes of B at 2 $,
// at probability 0.5: 75 $).
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
let server, token, planner;

test.before(async () => {
  execFileSync(cli, ['export', pq.db, dir]);
  const files = {
    'reps.csv': 'id,home_lat,home_lon,day_start,day_end\nR1,0,0,08:00,17:00\nR2,0,1,08:00,17:00\n',
    'accounts.csv': 'id,lat,lon\nA1,0,0.1\nA2,0,0.9\n',
    'opportunities.csv': 'id,account,expected_throughput,probability,products,next_step\n' +
      'O1,A1,0,0.5,P:10,quote review\nO2,A2,900,1,,site survey\nO3,A2,900,1,,\n',
    'appointments.csv': 'id,opportunity,rep,date,start,duration_min,status\nV1,O2,R2,2026-01-05,09:00,60,booked\n',
  };
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  execFileSync(cli, ['import', db, dir]);
  token = execFileSync(cli, ['token', 'create', '--role', 'viewer', db]).toString().trim().split('\n').pop();
  planner = execFileSync(cli, ['token', 'create', '--role', 'planner', db]).toString().trim().split('\n').pop();
  server = await startServer(db);
});
test.after(async () => { await server.stop(); fs.rmSync(pq.dir, { recursive: true, force: true }); });

test('the board: each rep with its buffer, the queue by value per rep-minute', async () => {
  const r = await call(server.url, 'GET', '/api/desk', token);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.reps.map((x) => x.id), ['R1', 'R2']);
  const r1 = r.body.reps.find((x) => x.id === 'R1');
  assert.equal(r1.booked_ahead, 0);
  assert.equal(r1.color, 'black');
  // O1 (75 $) and O3 (no next step) are not both in the queue: only concrete next steps.
  assert.deepEqual(r.body.queue.map((q) => q.opportunity), ['O1']);
});

test('the best slots: feasible, ranked, valued through the plant', async () => {
  const r = await call(server.url, 'POST', '/api/book', token, { opportunity: 'O1', duration: 60, k: 3, from: '2026-01-05', to: '2026-01-05' });
  assert.equal(r.status, 200);
  assert.ok(r.body.slots.length >= 1);
  const s = r.body.slots[0];
  assert.equal(s.rep, 'R1');
  assert.equal(s.start, '08:18'); // home at 08:00; A1 is 11.12 km away: x 1.3 / 50 km/h = 17.35, 18 minutes
  assert.equal(s.value, 75);
  for (let i = 1; i < r.body.slots.length; i++) assert.ok(r.body.slots[i].score <= r.body.slots[i - 1].score);
});

test('a request without a concrete next step, or for no opportunity, is refused naming the field', async () => {
  const a = await call(server.url, 'POST', '/api/book', token, { opportunity: 'O3', duration: 60 });
  assert.equal(a.status, 400);
  assert.equal(a.body.error.field, 'opportunity');
  const b = await call(server.url, 'POST', '/api/book', token, { opportunity: 'NOPE', duration: 60 });
  assert.equal(b.status, 400);
  assert.equal(b.body.error.field, 'opportunity');
  const c = await call(server.url, 'POST', '/api/book', token, { opportunity: 'O1', duration: 5000 });
  assert.equal(c.status, 400);
  assert.equal(c.body.error.field, 'duration');
});

test('booking a slot: a planner books, the board moves, the same id conflicts', async () => {
  const ask = { opportunity: 'O1', duration: 60, k: 2, confirm: true, id: 'VISIT-1' };
  const viewer = await call(server.url, 'POST', '/api/book', token, ask);
  assert.equal(viewer.status, 403);
  const r = await call(server.url, 'POST', '/api/book', planner, ask);
  assert.equal(r.status, 201);
  assert.equal(r.body.booked, 'VISIT-1');
  const board = await call(server.url, 'GET', '/api/desk', token);
  const r1 = board.body.reps.find((x) => x.id === r.body.slots[0].rep);
  assert.equal(r1.booked_ahead, r.body.slots[0].rep === 'R1' ? 1 : 2);
  const again = await call(server.url, 'POST', '/api/book', planner, ask);
  assert.equal(again.status, 409);
  assert.equal(again.body.error.field, 'id');
  // The store has it too: a fresh read of the store sees the booked visit.
  const out = execFileSync(cli, ['desk', db, '--json']).toString();
  const rep = JSON.parse(out).reps.find((x) => x.id === r.body.slots[0].rep);
  assert.equal(rep.booked_ahead, r1.booked_ahead);
});

test("a rep's diary: the day from home to home, the drive before each visit", async () => {
  const r = await call(server.url, 'GET', '/api/diary?rep=R2&from=2026-01-05&days=2', token);
  assert.equal(r.status, 200);
  assert.equal(r.body.from, '2026-01-05');
  const [mon, tue] = r.body.reps[0].days;
  assert.equal(mon.works, true);
  assert.deepEqual(mon.visits.map((v) => [v.id, v.start, v.end, v.account]), [['V1', '09:00', '10:00', 'A2']]);
  // Home (0, 1) to A2 (0, 0.9): 11.12 km x 1.3 / 50 km/h = 17.35, 18 minutes each way.
  assert.equal(mon.visits[0].travel_before_min, 18);
  assert.equal(mon.travel_home_min, 18);
  assert.equal(mon.travel_min, 36);
  assert.equal(mon.busy_min, 60);
  assert.deepEqual(tue.visits, []);
  // Without a rep, the first `limit` reps.
  const all = await call(server.url, 'GET', '/api/diary?from=2026-01-05&days=1&limit=1', token);
  assert.deepEqual(all.body.reps.map((x) => x.id), ['R1']);
  for (const [q, field] of [['days=0', 'days'], ['days=x', 'days'], ['days=2.5', 'days'], ['limit=-1', 'limit'],
    ['rep=NOPE', 'rep'], ['from=2026-13-01', 'from']]) {
    const bad = await call(server.url, 'GET', '/api/diary?' + q, token);
    assert.equal(bad.status, 400, q);
    assert.equal(bad.body.error.field, field, q);
  }
});

test('a desk without a plant is served: its board, its diary and booking; plant routes say what is missing', async () => {
  const alone = path.join(pq.dir, 'alone.db');
  execFileSync(cli, ['init', alone, '--demo', 'sales']);
  const t = execFileSync(cli, ['token', 'create', '--role', 'viewer', alone]).toString().trim().split('\n').pop();
  const srv = await startServer(alone);
  try {
    const board = await call(srv.url, 'GET', '/api/desk', t);
    assert.equal(board.status, 200);
    assert.equal(board.body.reps.length, 25);
    const signals = await call(srv.url, 'GET', '/api/signals', t);
    assert.equal(signals.status, 200);
    assert.equal(signals.body.drum, null);
    const mix = await call(srv.url, 'GET', '/api/mix', t);
    assert.equal(mix.status, 400);
    assert.match(mix.body.error.message, /no plant/);
    const slots = await call(srv.url, 'POST', '/api/book', t, { opportunity: board.body.queue[0].opportunity, duration: 60 });
    assert.equal(slots.status, 200);
    assert.ok(slots.body.slots.length >= 1);
  } finally {
    await srv.stop();
  }
});

test("route improvement: the plan drives less, a planner applies it, and the reps' days show it", async () => {
  const desk = makeStore('sales');
  const srv = await startServer(desk.db);
  try {
    const ask = { date: '2026-01-05', time_limit: 0.3 };
    const plan = await call(srv.url, 'POST', '/api/route', desk.tokens.viewer, ask);
    assert.equal(plan.status, 200);
    assert.ok(plan.body.after.travel_min < plan.body.before.travel_min);
    assert.equal(plan.body.after.appointments, plan.body.before.appointments);
    assert.ok(plan.body.moves.length > 0);
    assert.equal(plan.body.applied, false);
    const viewer = await call(srv.url, 'POST', '/api/route', desk.tokens.viewer, { ...ask, apply: true });
    assert.equal(viewer.status, 403);
    for (const [body, field] of [[{ time_limit: 1 }, 'date'], [{ date: '2026-01-05', days: 0 }, 'days'],
      [{ date: '2025-12-31' }, 'date'], [{ date: '2026-01-05', apply: 'yes' }, 'apply']]) {
      const bad = await call(srv.url, 'POST', '/api/route', desk.tokens.viewer, body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.equal(bad.body.error.field, field, JSON.stringify(body));
    }
    const long = await call(srv.url, 'POST', '/api/route', desk.tokens.viewer, { date: '2026-01-05', time_limit: 100 });
    assert.equal(long.status, 400);
    const done = await call(srv.url, 'POST', '/api/route', desk.tokens.planner, { ...ask, apply: true });
    assert.equal(done.status, 201);
    assert.equal(done.body.applied, true);
    // The moved visit is in its new rep's diary at its new start, home to home.
    const mv = done.body.moves[0];
    const diary = await call(srv.url, 'GET', `/api/diary?rep=${mv.to_rep}&from=2026-01-05&days=1`, desk.tokens.viewer);
    const v = diary.body.reps[0].days[0].visits.find((x) => x.id === mv.appointment);
    assert.equal(v.start, mv.start);
    // The next plan starts from the applied one, in the server and in the store.
    const next = await call(srv.url, 'POST', '/api/route', desk.tokens.viewer, { date: '2026-01-05', time_limit: 0.1 });
    assert.equal(next.body.before.travel_min, done.body.after.travel_min);
    const stored = JSON.parse(execFileSync(cli, ['route', desk.db, '--date', '2026-01-05', '--time-limit', '0.1', '--json']).toString());
    assert.equal(stored.before.travel_min, done.body.after.travel_min);
  } finally {
    await srv.stop();
    fs.rmSync(desk.dir, { recursive: true, force: true });
  }
});
