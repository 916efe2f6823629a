// writers.test.cjs — several writers on one store: the CLI and servers append to the same
// log, each sees the others' events, a conflicting event never reaches the log (409), and
// bookings racing for the last capacity — server × server, CLI × CLI, server × CLI —
// never overbook.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { execFile, execFileSync } = require('node:child_process');
const { makeStore, startServer, call } = require('../js/harness.cjs');

const cli = process.env.CS_CLI;
const store = makeStore('pq');
let a, b;

// The CLI, asynchronously: resolves with { code, out, err }.
function run(args, input) {
  return new Promise((resolve) => {
    const p = execFile(cli, args, (e, out, err) => resolve({ code: e ? e.code : 0, out, err }));
    if (input !== undefined) { p.stdin.write(input); p.stdin.end(); }
  });
}

test.before(async () => {
  // A horizon of three years, so that later due dates bring capacity for 300 races.
  execFileSync(cli, ['event', store.db], { input: '{"type":"setting.changed","key":"horizon_days","value":1100}\n' });
  // The races take minutes (each CLI quote builds the daily bid-price LP): the servers'
  // own stop must not come first (ctest's timeout, 600 s, still bounds the whole file).
  a = await startServer(store.db, ['--stop-after', '900']);
  b = await startServer(store.db, ['--stop-after', '900']);
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

// Whether qty of Q fits by `due`, asked of the store itself.
const fits = async (qty, due) =>
  JSON.parse((await run(['quote', store.db, '--product', 'Q', '--qty', String(qty), '--due', due, '--json'])).out).feasible;

// The largest quantity of Q that still fits by `due` (at most hi), by bisection.
async function room(due, hi = 1) {
  let lo = 0;
  if (hi === 1) while (await fits(hi, due)) { lo = hi; hi *= 2; }
  else if (await fits(hi, due)) return hi;
  while (hi - lo > 1) { const mid = Math.floor((lo + hi) / 2); if (await fits(mid, due)) lo = mid; else hi = mid; }
  return lo;
}

let id = 0, dueDay = 4;
const day = (n) => new Date(Date.UTC(2026, 0, 5 + n)).toISOString().slice(0, 10);

// One booking by a server or the CLI; resolves true when it was accepted.
function book(who, qty, due) {
  const bid = `W-${++id}`;
  if (who === 'cli')
    return run(['quote', store.db, '--product', 'Q', '--qty', String(qty), '--due', due, '--price', '1000', '--book', '--id', bid, '--json'])
      .then((r) => { assert.equal(r.code, 0, r.err); return JSON.parse(r.out).booked === bid; });
  const srv = who === 'a' ? a : b;
  return call(srv.url, 'POST', '/api/quote', store.tokens.planner, { product: 'Q', qty, due, price: 1000, book: true, id: bid })
    .then((r) => { assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body)); return r.status === 201; });
}

// Each pair races CS_RACE_TRIALS times (100 unless told). After each race the room left
// is checked exactly: what was there less what the one winner took.
const trials = Number(process.env.CS_RACE_TRIALS || 100);
for (const [x, y] of [['a', 'b'], ['cli', 'cli'], ['a', 'cli']]) {
  test(`racing bookings, ${x} × ${y}: exactly one wins, ${trials} trials`, async () => {
    let overbooked = 0, left = -1;
    for (let t = 0; t < trials;) {
      const due = day(dueDay);
      if (left < 0) left = await room(due);
      if (left < 4) { dueDay += 5; left = -1; assert.ok(dueDay < 1000, 'ran out of horizon'); continue; }
      const qty = Math.floor(left * 0.6) + 1;   // each fits alone, both do not
      const won = (await Promise.all([book(x, qty, due), book(y, qty, due)])).filter(Boolean).length;
      if (won !== 1) overbooked++;
      const now = left - qty * won;
      assert.ok(now < 0 || ((now === 0 || await fits(now, due)) && !await fits(now + 1, due)),
        `trial ${t}: ${left} fitted, ${won} × ${qty} booked, ${now} should fit now (and no more)`);
      left = now;
      t++;
    }
    assert.equal(overbooked, 0);
  });
}
