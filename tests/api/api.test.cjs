// api.test.cjs — the JSON API against a real server: roles on every route, bad bodies
// answered 400 with the field named, events delivered on the stream, and every
// acknowledged event still there after the server is killed with SIGKILL.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { makeStore, startServer, stopServer, call } = require('../js/harness.cjs');

const doc = JSON.parse(fs.readFileSync(path.join(process.env.CS_WEB, 'openapi.json'), 'utf8'));
const rank = { none: 0, viewer: 1, planner: 2, admin: 3 };
const store = makeStore('pq');
let server;

test.before(async () => { server = await startServer(store.db, ['--heartbeat', '0.2']); });
test.after(async () => { await server.stop(); fs.rmSync(store.dir, { recursive: true, force: true }); });

// The role a documented route asks for ("Needs a bearer token of role X").
function roleOf(op) {
  const m = /role (\w+)/.exec(op.description || '');
  return m ? m[1] : 'none';
}

test('every documented route exists and enforces its role', async () => {
  for (const [route, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (route === '/api/stream') continue; // a stream: tested below
      const need = roleOf(op);
      const body = method === 'get' ? undefined : '{}';
      const anon = await call(server.url, method.toUpperCase(), route, null, body);
      if (need === 'none') {
        assert.equal(anon.status, 200, `${method} ${route} without a token`);
        continue;
      }
      assert.equal(anon.status, 401, `${method} ${route} without a token`);
      assert.ok(anon.body.error.message.includes('bearer token'), anon.body.error.message);
      const bogus = await call(server.url, method.toUpperCase(), route, 'f'.repeat(64), body);
      assert.equal(bogus.status, 401, `${method} ${route} with an unknown token`);
      for (const role of ['viewer', 'planner', 'admin']) {
        const r = await call(server.url, method.toUpperCase(), route, store.tokens[role], body);
        if (rank[role] < rank[need]) assert.equal(r.status, 403, `${method} ${route} as ${role}`);
        else assert.ok(r.status !== 401 && r.status !== 403 && r.status !== 404, `${method} ${route} as ${role}: ${r.status}`);
      }
    }
  }
});

test('reads answer what --json answers', async () => {
  const c = await call(server.url, 'GET', '/api/constraint', store.tokens.viewer);
  assert.equal(c.status, 200);
  assert.equal(c.body.constraint, 'B');
  assert.equal(c.body.clockspeed.resource, 'B');
  const sig = await call(server.url, 'GET', '/api/signals', store.tokens.viewer);
  assert.equal(sig.body.announced_constraint, sig.body.drum);
  assert.ok('refresh_ms' in sig.body);
  const mix = await call(server.url, 'GET', '/api/mix', store.tokens.viewer);
  assert.equal(mix.body.net_profit, 300);
  assert.equal(mix.body.cost_accounting.net_profit, -300);
  const q = await call(server.url, 'POST', '/api/quote', store.tokens.viewer, { product: 'P', qty: 10, due: '2026-01-09', price: 80 });
  assert.equal(q.status, 200);
  assert.equal(q.body.floor_unit_price, 75);
  assert.equal(q.body.accept, true);
  assert.equal(q.body.cost_accounting.verdict, 'reject');
  const d = await call(server.url, 'POST', '/api/decide', store.tokens.viewer, { decision: 'overtime', resource: 'B', minutes: 600, cost: 1 });
  assert.equal(d.body.delta_throughput, 1200);
  // The what-if reaches the decision log (within a second) with its arguments, so the regret
  // report values it again: P&Q has no orders due in its period, and the log says so.
  let whatif;
  for (let i = 0; i < 40 && !whatif; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const g = await call(server.url, 'GET', '/api/regret', store.tokens.viewer);
    whatif = g.body.log.find((e) => e.type === 'decide');
  }
  assert.ok(whatif, 'the what-if was logged');
  assert.equal(whatif.outcome, 'no orders due in its period');
  const sim = await call(server.url, 'POST', '/api/simulate-pricing', store.tokens.viewer, { generate: 100, seed: 3 });
  assert.equal(sim.status, 200);
  assert.deepEqual(sim.body.policies.map((x) => x.policy), ['cost-plus', 'tcu', 'bid-price', 'first-come']);
  for (const p of sim.body.policies) assert.ok(p.throughput <= sim.body.hindsight + 1e-6);
  // A stream like the history needs one: P&Q has none, and the answer says so (400).
  const bad = await call(server.url, 'POST', '/api/simulate-pricing', store.tokens.viewer, { history: true });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /'ordered'/);
  const p = await call(server.url, 'POST', '/api/promise', store.tokens.viewer, { product: 'Q', qty: 10 });
  assert.equal(p.status, 200);
  assert.ok(p.body.safe_date);
});

test('bad bodies are refused with the field named', async () => {
  let r = await call(server.url, 'POST', '/api/quote', store.tokens.viewer, '{bad json');
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /JSON object/);
  r = await call(server.url, 'POST', '/api/quote', store.tokens.viewer, { product: 'NOPE', qty: 1, due: '2026-01-09' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.message, "field 'product': no product 'NOPE'");
  const seeds = [[-1, "field 'seed': -1 is out of range 0..9007199254740992"],
    [1e30, "field 'seed': 1e+30 is out of range 0..9007199254740992"], [2.5, "field 'seed': must be a whole number"]];
  for (const [seed, message] of seeds) {
    // A seed that is no whole number of 0 to 2^53 was cast to uint64_t (undefined behaviour).
    r = await call(server.url, 'POST', '/api/simulate-pricing', store.tokens.viewer, { generate: 10, seed });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.message, message);
  }
  // A price of 1e30 made Clp abort the whole process (its assertion on objective values).
  r = await call(server.url, 'POST', '/api/decide', store.tokens.viewer,
    { decision: 'add-product', price: 1e30, tvc: 0, demand: 10, steps: [{ resource: 'B', minutes: 1 }] });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.message, "field 'price': 1e+30 is out of range 0..1000000000000");
  r = await call(server.url, 'POST', '/api/decide', store.tokens.viewer,
    { decision: 'add-product', price: 100, tvc: 0, demand: 10, steps: [{ resource: 'B', minutes: 1e308 }] });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'minutes');
  // So did an operating expense past what money formats: refused, the settings as they were.
  r = await call(server.url, 'PUT', '/api/settings', store.tokens.admin, { operating_expense: 1e308 });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.message, "event:1: column 'value': '1e+308' is out of range 0..1e+15");
  const mix = await call(server.url, 'GET', '/api/mix', store.tokens.viewer);
  assert.equal(mix.body.operating_expense, 6000);
  r = await call(server.url, 'POST', '/api/quote', store.tokens.viewer, { product: 'P', qty: 1, due: 'soon' });
  assert.equal(r.body.error.message, "field 'due': 'soon' is not a date (YYYY-MM-DD)");
  r = await call(server.url, 'POST', '/api/events', store.tokens.planner,
    '{"type":"order.created","order":{"id":"E1","product":"P","qty":5,"due":"2026-01-09"}}\n{"type":"order.released","order":"E1","date":"soon"}');
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'date');
  assert.equal(r.body.error.line, 2);
  // Nothing of the refused batch was applied.
  const b = await call(server.url, 'GET', '/api/buffers', store.tokens.viewer);
  assert.ok(!b.body.orders.some((o) => o.id === 'E1'));
  r = await call(server.url, 'POST', '/api/events', store.tokens.planner, 'x'.repeat(2 << 20));
  assert.equal(r.status, 413);
  r = await call(server.url, 'GET', '/api/nothing', store.tokens.viewer);
  assert.equal(r.status, 404);
  r = await call(server.url, 'DELETE', '/api/mix', store.tokens.admin);
  assert.equal(r.status, 405);
});

test('the stream delivers the signals of an event', async () => {
  const ctl = new AbortController();
  const res = await fetch(server.url + '/api/stream?token=' + store.tokens.viewer, { signal: ctl.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const reader = res.body.getReader();
  let text = '';
  const readUntil = async (needle) => {
    while (!text.includes(needle)) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended: ' + text);
      text += Buffer.from(value).toString();
    }
  };
  await readUntil(': connected');
  const t0 = Date.now();
  const r = await call(server.url, 'POST', '/api/events', store.tokens.planner,
    [{ type: 'order.created', order: { id: 'S1', product: 'Q', qty: 3, due: '2026-01-08' } },
     { type: 'order.released', order: 'S1', date: '2026-01-05' }]);
  assert.equal(r.status, 201);
  await readUntil('"id":"S1"');
  const ms = Date.now() - t0;
  console.log(`signals arrived ${ms} ms after the events were posted`);
  assert.ok(ms < 2000);
  assert.match(text, /event: signals/);
  ctl.abort();
  // A vanished client is noticed at the next heartbeats and let go; the server answers on.
  let clients = -1;
  for (let i = 0; i < 50 && clients !== 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const m = await call(server.url, 'GET', '/metrics');
    clients = Number(/clockspeed_stream_clients (\d+)/.exec(m.body)[1]);
  }
  assert.equal(clients, 0);
  const h = await call(server.url, 'GET', '/healthz');
  assert.equal(h.status, 200);
});

test('settings need admin and take effect', async () => {
  let r = await call(server.url, 'PUT', '/api/settings', store.tokens.planner, { production_buffer_days: 6 });
  assert.equal(r.status, 403);
  r = await call(server.url, 'PUT', '/api/settings', store.tokens.admin, { production_buffer_days: 6 });
  assert.equal(r.status, 200);
  r = await call(server.url, 'PUT', '/api/settings', store.tokens.admin, { production_buffer_days: -1 });
  assert.equal(r.status, 400);
});

test('metrics count requests and events', async () => {
  const r = await call(server.url, 'GET', '/metrics');
  assert.match(r.body, /clockspeed_requests_total \d+/);
  assert.match(r.body, /clockspeed_events_applied_total [1-9]/);
  assert.match(r.body, /clockspeed_signal_refresh_seconds_count [1-9]/);
});

test('every acknowledged event survives kill -9', async () => {
  const ids = [];
  for (let i = 0; i < 20; i++) {
    const id = 'K' + i;
    const r = await call(server.url, 'POST', '/api/events', store.tokens.planner, { type: 'order.created', order: { id, product: 'P', qty: 1, due: '2026-01-20' } });
    assert.equal(r.status, 201);
    ids.push(id);
  }
  const booked = await call(server.url, 'POST', '/api/quote', store.tokens.planner, { product: 'P', qty: 2, due: '2026-01-09', price: 95, book: true, id: 'BK1' });
  assert.equal(booked.status, 201);
  assert.equal(booked.body.booked, 'BK1');
  await stopServer(server.proc, 'SIGKILL');
  server = await startServer(store.db, ['--heartbeat', '0.2']);
  const b = await call(server.url, 'GET', '/api/buffers', store.tokens.viewer);
  for (const id of [...ids, 'BK1', 'S1']) assert.ok(b.body.orders.some((o) => o.id === id), id + ' is back');
});
