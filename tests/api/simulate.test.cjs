// simulate.test.cjs — the variability simulator through the API, on P&Q: policies side by
// side with their intervals, Little's law where the WIP is capped, variability rows inline, and
// refusals naming the field (a policy that does not exist, too much work, a bad row).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { makeStore, startServer, call } = require('../js/harness.cjs');

const store = makeStore('pq');
let server;
test.before(async () => { server = await startServer(store.db); });
test.after(async () => { await server.stop(); fs.rmSync(store.dir, { recursive: true, force: true }); });

// P&Q's demand is more than B can make: under push the queue only grows, so Little's law
// (a steady state's) is checked where the WIP is capped.
test('policies side by side, each with its interval, Little holding under CONWIP', async () => {
  const r = await call(server.url, 'POST', '/api/simulate', store.tokens.viewer,
    { release: 'push,conwip:5', dispatch: 'fifo,edd', days: 3, warmup: 1, replications: 4, cv: 0.5 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.constraint, 'B');
  assert.deepEqual(r.body.runs.map((x) => `${x.release}/${x.dispatch}`), ['push/fifo', 'push/edd', 'conwip:5/fifo', 'conwip:5/edd']);
  for (const x of r.body.runs) {
    assert.equal(x.replications, 4);
    assert.ok(x.lead_time_min.mean > 0 && x.ci95.lead_time_min.mean >= 0);
    assert.ok(x.lead_time_min.p50 <= x.lead_time_min.p90 && x.lead_time_min.p90 <= x.lead_time_min.p95);
    const little = x.orders_per_day / 1440 * x.lead_time_min.mean;
    if (x.release.startsWith('conwip')) assert.ok(Math.abs(x.wip - little) <= 0.05 * x.wip + 0.05, `${x.wip} against ${little}`);
  }
  // CONWIP holds its cap.
  assert.ok(r.body.runs[2].wip <= 5 + 1e-9);
  assert.ok(r.body.events > 0 && r.body.events_per_s > 0);
});

test('variability rows inline: the Constraint slowed by breakdowns finishes less', async () => {
  const ask = { release: 'push', dispatch: 'fifo', days: 5, replications: 4, saturated: false, arrivals: 'poisson' };
  const plain = await call(server.url, 'POST', '/api/simulate', store.tokens.viewer, ask);
  const broken = await call(server.url, 'POST', '/api/simulate', store.tokens.viewer,
    { ...ask, variability: [{ resource: 'B', product: '*', distribution: '', mtbf_min: 60, mttr_min: 60 }] });
  assert.equal(broken.status, 200, JSON.stringify(broken.body));
  assert.ok(broken.body.runs[0].throughput_per_day < plain.body.runs[0].throughput_per_day);
});

test('refusals name the field', async () => {
  for (const [body, field] of [[{ release: 'pull' }, 'release'], [{ dispatch: 'lifo' }, 'dispatch'],
    [{ replications: 1000, days: 100 }, 'replications'], [{ arrivals: 'sometimes' }, 'arrivals'],
    [{ variability: [{ resource: 'Z', product: '*', distribution: 'fixed(1)' }] }, 'resource'],
    [{ variability: [{ resource: 'B', product: '*', distribution: 'gamma(1)' }] }, 'distribution'],
    [{ saturated: true }, 'saturated']]) {
    const r = await call(server.url, 'POST', '/api/simulate', store.tokens.viewer, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.field, field, JSON.stringify(r.body));
  }
});
