// cross_server.cjs — the latency from an event posted to server A to its signals on server
// B's event stream, both `clockspeed serve` on one store (DESIGN §7, §12). Prints one JSON
// line: median and p99 over N events.
// Usage: node bench/cross_server.cjs CLI STORE LABEL PRODUCT [N]
'use strict';
const { spawn, execFileSync } = require('node:child_process');

const [cli, db, label, product, count] = process.argv.slice(2);
const n = Number(count || 200);

// Starts a server on the store; resolves to { url, proc } when it says where it listens.
function serve() {
  return new Promise((resolve, reject) => {
    const proc = spawn(cli, ['serve', db, '--listen', '127.0.0.1:0', '--stop-after', '600'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, proc });
    });
    proc.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

(async () => {
  const token = execFileSync(cli, ['token', 'create', '--role', 'planner', db]).toString().trim().split('\n').pop();
  const a = await serve(), b = await serve();
  const ctl = new AbortController();
  const res = await fetch(`${b.url}/api/stream?token=${token}`, { signal: ctl.signal });
  const reader = res.body.getReader();
  let text = '';
  const until = async (needle) => {
    while (!text.includes(needle)) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      text += Buffer.from(value).toString();
    }
  };
  await until(': connected');
  const ms = [];
  for (let i = 0; i < n; i++) {
    const id = `XS${process.pid}-${i}`;
    text = '';
    const t0 = performance.now();
    const r = await fetch(`${a.url}/api/events`, {
      method: 'POST', headers: { Authorization: `Bearer ${token}` },
      body: JSON.stringify([{ type: 'order.created', order: { id, product, qty: 1, due: '2026-06-01' } }]),
    });
    if (r.status !== 201) throw new Error(`POST /api/events: ${r.status} ${await r.text()}`);
    await until(`"${id}"`);
    ms.push(performance.now() - t0);
  }
  ctl.abort();
  a.proc.kill();
  b.proc.kill();
  ms.sort((x, y) => x - y);
  const at = (p) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)];
  console.log(JSON.stringify({ bench: 'cross_server_signals', store: label, n, median_ms: +at(50).toFixed(2),
    p99_ms: +at(99).toFixed(2), max_ms: +ms[ms.length - 1].toFixed(2), budget: 'p99 100 ms' }));
})().catch((e) => { console.error('cross_server: ' + e.message); process.exit(1); });
