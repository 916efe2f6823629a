// harness.cjs — what the API and browser tests share: a fresh store, tokens of every role,
// and a real `clockspeed serve` on a free loopback port that stops by itself.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cli = process.env.CS_CLI;

// A fresh, empty database on the PostgreSQL server the test setup started
// (scripts/pg-test.sh; CS_PG_URI_FILE names its address): its URI.
function pgDatabase(name) {
  const file = process.env.CS_PG_URI_FILE;
  if (!file || !fs.existsSync(file)) throw new Error('no PostgreSQL server: CS_PG_URI_FILE names ' + file);
  const base = fs.readFileSync(file, 'utf8').trim();
  const db = `${name}_${process.pid}`;
  for (const sql of [`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`, `CREATE DATABASE ${db}`])
    execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', base + '/postgres', '-c', sql]);
  return `${base}/${db}`;
}

// Makes a demo store — a SQLite file in a temporary directory, or with { pg: true } a
// database of its own on the suite's PostgreSQL server; returns its paths and tokens.
function makeStore(demo = 'pq', { pg = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-js-'));
  const db = pg ? pgDatabase(demo) : path.join(dir, demo + '.db');
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

// Starts Debian's Chromium headless with a fresh profile, through playwright-core; resolves
// to { context, close } (close also removes the profile).
async function openBrowser(viewport) {
  const { chromium } = require('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

// Where screenshots go for review (CS_SCREENSHOTS), made if missing.
function screenshotDir() {
  const dir = process.env.CS_SCREENSHOTS || path.join(os.tmpdir(), 'cs-screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// Registers, on node:test's `test`, a store of the demo, a server on it and a browser page
// made before the tests and taken down after them; returns the object whose store,
// server, context and page fields they fill.
function browserSuite(test, demo, viewport) {
  const s = { store: makeStore(demo) };
  let browser;
  test.before(async () => {
    s.server = await startServer(s.store.db);
    browser = await openBrowser(viewport);
    s.context = browser.context;
    s.page = await s.context.newPage();
  });
  test.after(async () => {
    await browser?.close();
    await s.server?.stop();
    fs.rmSync(s.store.dir, { recursive: true, force: true });
  });
  return s;
}

// How many pixels of the canvas `selector` on the page differ from the background colour
// [r, g, b]: what a drawing put on it.
function inkedPixels(page, selector, background) {
  return page.$eval(selector, (cv, bg) => {
    const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== bg[0] || d[i + 1] !== bg[1] || d[i + 2] !== bg[2]) n++;
    return n;
  }, background);
}

// A GET a browser suite's tests read the truth from: the body, once the status is 200.
async function getOk(s, route) {
  const r = await call(s.server.url, 'GET', route, s.store.tokens.viewer);
  if (r.status !== 200) throw new Error(`GET ${route}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

module.exports = { makeStore, pgDatabase, getOk, startServer, stopServer, call, cli, openBrowser, screenshotDir, browserSuite, inkedPixels };
