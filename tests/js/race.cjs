// race.cjs — bookings racing for the last capacity of a store, from two servers and the
// CLI: each trial books two requests that each fit alone and not together, at once, and
// checks that exactly one won and that the room left is exactly what was there less what
// the winner took (asked of the store itself through the CLI).
'use strict';
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const { call } = require('./harness.cjs');

const cli = process.env.CS_CLI;

// The CLI, asynchronously: resolves with { code, out, err }.
function run(args, input) {
  return new Promise((resolve) => {
    const p = execFile(cli, args, (e, out, err) => resolve({ code: e ? e.code : 0, out, err }));
    if (input !== undefined) { p.stdin.write(input); p.stdin.end(); }
  });
}

// A racer over one store (P&Q's product Q): servers { a, b } and the CLI.
function racer(db, servers, token) {
  let id = 0, dueDay = 4;
  const day = (n) => new Date(Date.UTC(2026, 0, 5 + n)).toISOString().slice(0, 10);
  // Whether qty of Q fits by `due`, asked of the store itself.
  const fits = async (qty, due) =>
    JSON.parse((await run(['quote', db, '--product', 'Q', '--qty', String(qty), '--due', due, '--json'])).out).feasible;
  // The largest quantity of Q that still fits by `due`, by doubling and bisection.
  async function room(due) {
    let lo = 0, hi = 1;
    while (await fits(hi, due)) { lo = hi; hi *= 2; }
    while (hi - lo > 1) { const mid = Math.floor((lo + hi) / 2); if (await fits(mid, due)) lo = mid; else hi = mid; }
    return lo;
  }
  // One booking by a server or the CLI; resolves true when it was accepted.
  function book(who, qty, due) {
    const bid = `W-${process.pid}-${++id}`;
    if (who === 'cli')
      return run(['quote', db, '--product', 'Q', '--qty', String(qty), '--due', due, '--price', '1000', '--book', '--id', bid, '--json'])
        .then((r) => { assert.equal(r.code, 0, r.err); return JSON.parse(r.out).booked === bid; });
    return call(servers[who].url, 'POST', '/api/quote', token, { product: 'Q', qty, due, price: 1000, book: true, id: bid })
      .then((r) => { assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body)); return r.status === 201; });
  }
  // Races x against y `trials` times; resolves to the number of trials that did not book
  // exactly one.
  return async function race(x, y, trials) {
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
    return overbooked;
  };
}

module.exports = { racer, run };
