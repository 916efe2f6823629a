// abuse.test.cjs — one careless or hostile local client cannot deny service to the others:
// a thousand idle sockets, a slowloris that sends a header byte every two seconds, and a
// URL of 65 kB. Health and metrics keep answering within a second throughout.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const { makeStore, startServer, call } = require('../js/harness.cjs');

const store = makeStore('pq');
let server, port;

test.before(async () => {
  server = await startServer(store.db, ['--request-deadline', '3', '--per-ip', '64']);
  port = Number(new URL(server.url).port);
});
test.after(async () => { await server.stop(); fs.rmSync(store.dir, { recursive: true, force: true }); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Opens n sockets that send nothing (or, with trickle, one header byte every interval).
function openSockets(n, trickle) {
  const socks = [];
  for (let i = 0; i < n; i++) {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('error', () => {});
    if (trickle) {
      s.on('connect', () => {
        s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
        s.timer = setInterval(() => { if (!s.destroyed) s.write('X'); }, trickle);
      });
      s.on('close', () => clearInterval(s.timer));
    }
    socks.push(s);
  }
  return socks;
}

function closeAll(socks) {
  for (const s of socks) { clearInterval(s.timer); s.destroy(); }
}

// Health and metrics answered, each within a second.
async function answers() {
  for (const route of ['/healthz', '/metrics']) {
    const t0 = Date.now();
    const r = await Promise.race([call(server.url, 'GET', route), sleep(1000).then(() => ({ status: 'timeout' }))]);
    assert.equal(r.status, 200, `${route} under abuse`);
    assert.ok(Date.now() - t0 < 1000);
  }
}

test('a thousand idle sockets: health and metrics still answer', async () => {
  const socks = openSockets(1000);
  await sleep(500);
  for (let i = 0; i < 5; i++) { await answers(); await sleep(200); }
  closeAll(socks);
});

test('a slowloris beating the idle timeout is cut at the request deadline', async () => {
  const socks = openSockets(100, 500);
  const t0 = Date.now();
  await sleep(500);
  for (let i = 0; i < 10; i++) { await answers(); await sleep(300); }
  // By the deadline (3 s) and a sweep, every trickling socket has been shut.
  while (socks.some((s) => !s.destroyed) && Date.now() - t0 < 8000) await sleep(100);
  assert.ok(socks.every((s) => s.destroyed), 'the slow requests were cut');
  const m = await call(server.url, 'GET', '/metrics');
  const cut = Number(/clockspeed_requests_cut_total (\d+)/.exec(m.body)[1]);
  assert.ok(cut >= 100, `cut ${cut}`);
  closeAll(socks);
});

test('a 65 kB URL is answered 414', async () => {
  const r = await call(server.url, 'GET', '/api/constraint?x=' + 'a'.repeat(65000), store.tokens.viewer);
  assert.equal(r.status, 414);
  assert.equal(r.body.error.message, 'the URL is too long');
  await answers();
});
