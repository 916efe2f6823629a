// writers.test.cjs — several writers on one store: the CLI and servers append to the same
// log, each sees the others' events, a conflicting event never reaches the log (409), and
// bookings racing for the last capacity — server × server, CLI × CLI, server × CLI —
// never overbook.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const { makeStore, startServer, call } = require('../js/harness.cjs');
const { racer, run } = require('../js/race.cjs');

const cli = process.env.CS_CLI;
const store = makeStore('pq');
let a, b, race;

test.before(async () => {
  // A horizon of three years, so that later due dates bring capacity for 300 races.
  execFileSync(cli, ['event', store.db], { input: '{"type":"setting.changed","key":"horizon_days","value":1100}\n' });
  // The races take minutes (each CLI quote builds the daily bid-price LP): the servers'
  // own stop must not come first (ctest's timeout, 600 s, still bounds the whole file).
  a = await startServer(store.db, ['--stop-after', '900']);
  b = await startServer(store.db, ['--stop-after', '900']);
  race = racer(store.db, { a, b }, store.tokens.planner);
});
test.after(async () => { await a.stop(); await b.stop(); fs.rmSync(store.dir, { recursive: true, force: true }); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const order = (id) => JSON.stringify({ type: 'order.created', order: { id, product: 'P', qty: 1, due: '2026-02-02' } });

test('two writers: the server sees the CLI, and refuses what conflicts with 409', async () => {
  const r = await run(['event', store.db, '-'], order('X1') + '\n');
  assert.equal(r.code, 0, r.err);
  const dup = await call(a.url, 'POST', '/api/events', store.tokens.planner, order('X1'));
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.field, 'id');
  // Another server takes it in by itself within a couple of seconds.
  let seen = false;
  for (let i = 0; i < 40 && !seen; i++) {
    const buf = await call(b.url, 'GET', '/api/buffers', store.tokens.viewer);
    seen = buf.body.orders.some((o) => o.id === 'X1');
    if (!seen) await sleep(100);
  }
  assert.ok(seen, 'server b sees the CLI event');
  // A new id goes through either server, and the store stays readable for good.
  assert.equal((await call(b.url, 'POST', '/api/events', store.tokens.planner, order('X2'))).status, 201);
  assert.equal((await call(a.url, 'POST', '/api/events', store.tokens.planner, order('X3'))).status, 201);
  const check = await run(['buffers', store.db, '--json']);
  assert.equal(check.code, 0, check.err);
  const ids = JSON.parse(check.out).orders.map((o) => o.id);
  for (const id of ['X1', 'X2', 'X3']) assert.ok(ids.includes(id));
});

// Each pair races CS_RACE_TRIALS times (100 unless told). After each race the room left
// is checked exactly: what was there less what the one winner took.
const trials = Number(process.env.CS_RACE_TRIALS || 100);
for (const [x, y] of [['a', 'b'], ['cli', 'cli'], ['a', 'cli']]) {
  test(`racing bookings, ${x} × ${y}: exactly one wins, ${trials} trials`, async () => {
    assert.equal(await race(x, y, trials), 0);
  });
}
