// decision_log.test.cjs — the server logs the prices it answers without a booking in one
// batch a second, at most settings.decision_log_per_s of them: with room for 2, six quotes
// in a burst log 2 a second and count the rest in /metrics (logged + counted = 6); with room
// for 1,000, all six are logged.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { makeStore, startServer, call } = require('../js/harness.cjs');

const store = makeStore('pq');
let server;

test.before(async () => { server = await startServer(store.db); });
test.after(async () => { await server.stop(); fs.rmSync(store.dir, { recursive: true, force: true }); });

const quotes = async () => (await call(server.url, 'GET', '/api/regret', store.tokens.viewer)).body.log.filter((e) => e.type === 'quote').length;
const unlogged = async () => Number(/clockspeed_decisions_unlogged_total (\d+)/.exec((await call(server.url, 'GET', '/metrics')).body)[1]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Six priced quotes at once, then the time for two batches to be appended.
async function burst() {
  await Promise.all([...Array(6).keys()].map((k) =>
    call(server.url, 'POST', '/api/quote', store.tokens.viewer, { product: 'P', qty: 1 + k, due: '2026-01-09', price: 80 })));
  await sleep(2500);
}

test('a period logs at most decision_log_per_s unbooked decisions, and counts the rest', async () => {
  let r = await call(server.url, 'PUT', '/api/settings', store.tokens.admin, { decision_log_per_s: 0 });
  assert.equal(r.status, 400);
  r = await call(server.url, 'PUT', '/api/settings', store.tokens.admin, { decision_log_per_s: 2 });
  assert.equal(r.status, 200);
  const q0 = await quotes(), u0 = await unlogged();
  await burst();
  const logged = (await quotes()) - q0, counted = (await unlogged()) - u0;
  assert.equal(logged + counted, 6);
  assert.ok(logged >= 2 && logged <= 4, `logged ${logged}`); // 2 a period; a burst may straddle two
  r = await call(server.url, 'PUT', '/api/settings', store.tokens.admin, { decision_log_per_s: 1000 });
  assert.equal(r.status, 200);
  const q1 = await quotes(), u1 = await unlogged();
  await burst();
  assert.equal((await quotes()) - q1, 6);
  assert.equal((await unlogged()) - u1, 0);
});
