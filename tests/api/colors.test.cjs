// colors.test.cjs — an order's colour on the stream goes through the deadband (issue 15,
// settings deadband_band 0.05 and deadband_cycles 3): the live colour is sent at once as
// `status`, but the colour announced to people (`announced`) moves only when the change
// has lasted three Constraint cycles beyond the band. A red that lasts one cycle is never
// announced; one that lasts three is, in the batch of the third cycle, even when that
// batch does not name the order.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { makeStore, startServer, call } = require('../js/harness.cjs');

const store = makeStore('pq');
let server;

test.before(async () => { server = await startServer(store.db, ['--heartbeat', '0.2']); });
test.after(async () => { await server.stop(); fs.rmSync(store.dir, { recursive: true, force: true }); });

// The pq demo: today 2026-01-05, a production buffer of 10 days, B the Constraint (Q
// visits it twice). Due 2026-01-13 is green (0.2 of the buffer used), 2026-01-07 red
// beyond the band (0.8 against the edge 2/3 + 0.05).
const GREEN = '2026-01-13', RED = '2026-01-07', TODAY = '2026-01-05';
const created = (id, due) => [
  { type: 'order.created', order: { id, product: 'Q', qty: 1, due } },
  { type: 'order.released', order: id, date: TODAY }];
const step = (id) => ({ type: 'step.completed', order: id, date: TODAY });
const due = (id, d) => ({ type: 'order.changed', order: id, due: d });

test('an order that flickers red is not announced; one that stays red is', async () => {
  const ctl = new AbortController();
  const res = await fetch(server.url + '/api/stream?token=' + store.tokens.viewer, { signal: ctl.signal });
  const reader = res.body.getReader();
  let text = '';
  // The next `signals` message of the stream, parsed.
  const next = async () => {
    for (;;) {
      const m = /event: signals\ndata: (.*)\n\n/.exec(text);
      if (m) {
        text = text.slice(m.index + m[0].length);
        return JSON.parse(m[1]);
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended: ' + text);
      text += Buffer.from(value).toString();
    }
  };
  // Posts a batch and returns S2's entry on the stream (undefined when absent).
  const post = async (events) => {
    const r = await call(server.url, 'POST', '/api/events', store.tokens.planner, events);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const s = await next();
    return s.orders.find((o) => o.id === 'S2');
  };
  while (!text.includes(': connected')) text += Buffer.from((await reader.read()).value).toString();
  text = '';

  let s2 = await post(created('S2', GREEN));
  assert.deepEqual([s2.status, s2.announced, s2.color_changed], ['green', 'green', true]);
  s2 = await post([due('S2', RED)]);
  assert.deepEqual([s2.status, s2.announced, s2.color_changed], ['red', 'green', undefined]);
  // One Constraint cycle (K1's first step on B) while S2 is red: nothing to announce, so
  // a batch that does not name S2 does not carry it.
  s2 = await post([...created('K1', GREEN), step('K1'), step('K1')]);
  assert.equal(s2, undefined);
  // Back to green: the flicker is over and was never announced.
  s2 = await post([due('S2', GREEN)]);
  assert.deepEqual([s2.status, s2.announced, s2.color_changed], ['green', 'green', undefined]);
  // Red again, then two cycles, then a third: announced on the third.
  await post([due('S2', RED)]);
  s2 = await post([step('K1'), ...created('K2', GREEN), step('K2'), step('K2')]);
  assert.equal(s2, undefined);
  s2 = await post([step('K2')]);
  assert.ok(s2, 'S2 is on the stream when its announced colour changes, though the batch did not name it');
  assert.deepEqual([s2.status, s2.announced, s2.color_changed], ['red', 'red', true]);
  ctl.abort();
});
