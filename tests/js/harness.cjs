// harness.cjs — what the API and browser tests share: a fresh store, tokens of every role,
// and a real `clockspeed serve` on a free loopback port that stops by itself.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cli = process.env.CS_CLI;

// Makes a temporary directory holding a demo store; returns its paths and tokens.
function makeStore(demo = 'pq') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-js-'));
  const db = path.join(dir, demo + '.db');
  execFileSync(cli, ['init', db, '--demo', demo]);
  const token = (role) => execFileSync(cli, ['token', 'create', '--role', role, db]).toString().trim().split('\n').pop();
  return { dir, db, tokens: { viewer: token('viewer'), planner: token('planner'), admin: token('admin') } };
}

// Starts the server on the store; resolves when it prints where it listens.
function startServer(db, extra = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn(cli, ['serve', db, '--listen', '127.0.0.1:0', '--stop-after', '240', ...extra],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error('the server did not start: ' + out)), 20000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        const url = `http://127.0.0.1:${m[1]}`;
        resolve({ url, proc, stop: () => stopServer(proc) });
      }
    });
    proc.stderr.on('data', (d) => { out += d; });
    proc.on('exit', (code) => { clearTimeout(timer); if (!out.includes('serving')) reject(new Error('exit ' + code + ': ' + out)); });
  });
}

// Stops a server with SIGTERM and waits for it.
function stopServer(proc, signal = 'SIGTERM') {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode);
    proc.on('exit', (code) => resolve(code));
    proc.kill(signal);
  });
}

// Calls the API: returns { status, body } with the body parsed when it is JSON.
async function call(url, method, route, token, body) {
  const headers = {};
  if (token) headers.Authorization = 'Bearer ' + token;
  const r = await fetch(url + route, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await r.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, body: parsed, headers: r.headers };
}

module.exports = { makeStore, startServer, stopServer, call, cli };
