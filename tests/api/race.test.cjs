// race.test.cjs — two bookings racing for the last capacity through one server: the quote,
// the capacity check and the append happen under one write lock, so exactly one of them is
// accepted, however the requests interleave.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { makeStore, startServer, call } = require('../js/harness.cjs');

const store = makeStore('pq');
let server;

test.before(async () => {
  server = await startServer(store.db);
  // A horizon of three years, so that later due dates bring more capacity to race for.
  const r = await call(server.url, 'PUT', '/api/settings', store.tokens.admin, { horizon_days: 1100 });
  assert.equal(r.status, 200);
});
test.after(async () => { await server.stop(); fs.rmSync(store.dir, { recursive: true, force: true }); });

// The largest quantity of `product` that still fits by `due`, found by bisection on the
// quote's own feasibility answer.
async function largestFit(product, due) {
  let lo = 0, hi = 1;
  const fits = async (qty) => (await call(server.url, 'POST', '/api/quote', store.tokens.viewer, { product, qty, due })).body.feasible;
  while (await fits(hi)) { lo = hi; hi *= 2; if (hi > 1e6) break; }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await fits(mid)) lo = mid; else hi = mid;
  }
  return lo;
}

const trials = Number(process.env.CS_RACE_TRIALS || 100);

test(`racing bookings for the last capacity: exactly one wins, ${trials} trials`, async () => {
  // Due dates on the last day of a bid-price bucket (one period, five days in P&Q).
  const day = (n) => new Date(Date.UTC(2026, 0, 5 + n)).toISOString().slice(0, 10);
  let done = 0, overbooked = 0, dueDay = 4, id = 0;
  while (done < trials) {
    const due = day(dueDay);
    const room = await largestFit('Q', due);
    if (room < 4) { dueDay += 5; assert.ok(dueDay < 1000, 'ran out of horizon'); continue; }
    // Each fits alone; both together need 1.2 times the room.
    const qty = Math.floor(room * 0.6) + 1;
    const ask = () => call(server.url, 'POST', '/api/quote', store.tokens.planner,
      { product: 'Q', qty, due, price: 1000, book: true, id: `RACE-${++id}` });
    const answers = await Promise.all([ask(), ask()]);
    const won = answers.filter((r) => r.status === 201).length;
    for (const r of answers) assert.ok(r.status === 201 || (r.status === 200 && r.body.accept === false), JSON.stringify(r.body));
    if (won !== 1) overbooked++;
    const left = await largestFit('Q', due);
    assert.ok(left < qty, `the winner took the capacity: room ${room}, qty ${qty}, left ${left}, ${JSON.stringify(answers.map((r) => [r.status, r.body.accept, r.body.feasible]))}`);
    done++;
  }
  assert.equal(overbooked, 0);
});
