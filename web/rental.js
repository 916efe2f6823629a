// rental.js — the dashboard's Rental view (DESIGN §9): the plan's cost beside its bound and
// the house's Constraint; a timeline of the jobs in a window, coloured by how their gear is
// filled; the items short each day, red where the jobs hold more than is owned, with the
// fills the plan chose; the crew of a day with the customer each person works for; and a
// quote form that shows a new job's marginal over-hire lines and can book it. It reads
// /api/allocate (the plan with its Constraint) and /api/shortages and posts to /api/quote-job;
// app.js's helpers (api, el, esc, money, pct) draw.
'use strict';

window.rental = (() => {
  const DAY = 86400000;
  let plan = null, short = null, signal = null;
  const jobs = new Map();

  const toDay = (s) => Date.parse(s + 'T00:00:00Z') / DAY;
  const iso = (d) => new Date(d * DAY).toISOString().slice(0, 10);

  // How a job's gear and crew are filled: 'unfilled' when nothing can fill something,
  // 'sub' when some gear is sub-rented, else 'owned'.
  function fill(job) {
    const lines = plan.lines.filter((l) => l.job === job);
    const nobody = plan.unfilled.some((u) => u.job === job);
    if (nobody) return 'unfilled';
    return lines.some((l) => l.subrent.length) ? 'sub' : 'owned';
  }

  function windowDays() {
    const from = toDay(el('rental-from').value || plan.from);
    const days = Math.max(7, Math.min(60, Number(el('rental-days').value) || 21));
    return { from, days };
  }

  function drawSummary() {
    el('rental-summary').textContent = `${plan.jobs} jobs planned · over-hire cost ${money(plan.cost)} ` +
      `(gear ${money(plan.gear_cost)}, freelance crew ${money(plan.crew_cost)}) · within ${pct(plan.gap)} of the best plan`;
    const c = signal.constraint, k = signal.skill;
    el('rental-constraint').innerHTML = (c ? `The Constraint is <b>${esc(c.item)}</b>` +
      (c.unfillable_days ? `: on ${c.unfillable_days} days nothing can fill what the jobs hold.` : `: one more unit would save ${money(c.dual_sum)}.`)
      : 'No item is ever short.') +
      (k ? ` The crew skill that limits most is <b>${esc(k.skill)}</b> (${k.unfilled_days} person-days nobody can fill).` : '') +
      (signal.items.length ? ` Worth buying: ${signal.items.slice(0, 5).map((i) => esc(i.item)).join(', ')}.` : '');
  }

  function drawTimeline() {
    const { from, days } = windowDays();
    const shown = plan.job_list.filter((j) => toDay(j.in) >= from && toDay(j.out) < from + days)
      .sort((a, b) => a.out.localeCompare(b.out)).slice(0, 80);
    const rows = shown.map((j) => {
      const a = Math.max(0, toDay(j.out) - from), b = Math.min(days, toDay(j.in) - from + 1);
      const kind = fill(j.job);
      return `<div class="trow"><span class="tlabel" title="${esc(j.customer)} · ${esc(j.venue)}">${esc(j.job)} ${esc(j.customer)}</span>` +
        `<span class="ttrack"><span class="tbar ${kind}" data-job="${esc(j.job)}" data-fill="${kind}" style="left:${(100 * a / days).toFixed(2)}%;width:${(100 * (b - a) / days).toFixed(2)}%" ` +
        `title="${esc(j.job)} ${j.out} → ${j.in}, ${esc(j.status)}, ${money(j.price)}"></span></span></div>`;
    }).join('');
    el('rental-timeline').innerHTML = `<div class="help">${iso(from)} to ${iso(from + days - 1)} · ${shown.length} jobs</div>` + rows;
  }

  function drawItems() {
    const { from, days } = windowDays();
    const byItem = new Map();
    for (const d of short.items) {
      const t = toDay(d.date);
      if (t < from || t >= from + days) continue;
      if (!byItem.has(d.item)) byItem.set(d.item, new Map());
      byItem.get(d.item).set(t, d);
    }
    if (!byItem.size) { el('rental-items').innerHTML = '<div class="help">No item is short in the window.</div>'; return; }
    const head = '<tr><th>item</th>' + Array.from({ length: days }, (_, k) => `<th class="num">${iso(from + k).slice(5)}</th>`).join('') + '</tr>';
    const rows = [...byItem.entries()].slice(0, 40).map(([item, ds]) => '<tr><th>' + esc(item) + '</th>' +
      Array.from({ length: days }, (_, k) => {
        const d = ds.get(from + k);
        return d ? `<td class="num short" data-item="${esc(item)}" data-date="${d.date}" title="${d.demand} held, ${d.owned} owned">${d.demand}/${d.owned}</td>` : '<td></td>';
      }).join('') + '</tr>').join('');
    el('rental-items').innerHTML = `<table class="grid">${head}${rows}</table>`;
  }

  function drawFills(item, date) {
    const t = toDay(date);
    const lines = plan.lines.filter((l) => l.item === item && jobs.has(l.job) && toDay(jobs.get(l.job).out) <= t && toDay(jobs.get(l.job).in) >= t);
    el('rental-fills').innerHTML = `<h3>${esc(item)} on ${date}</h3><table><tr><th>job</th><th>customer</th><th class="num">qty</th>` +
      '<th class="num">owned</th><th>from elsewhere</th></tr>' + lines.map((l) => `<tr><td>${esc(l.job)}</td><td>${esc(jobs.get(l.job).customer)}</td>` +
        `<td class="num">${l.qty}</td><td class="num">${l.owned}</td><td>${l.subrent.map((s) => `${s.qty} ${esc(s.supplier)} (${money(s.cost)})`).join(', ')}` +
        `${l.unfilled ? ` <span class="error">${l.unfilled} unfilled</span>` : ''}</td></tr>`).join('') + '</table>';
  }

  function drawCrew() {
    const day = el('rental-crew-day').value || iso(windowDays().from);
    const list = plan.crew.filter((c) => c.date === day);
    // Line of sight: whom each day's work is for, when the job goes out and the T it holds.
    el('rental-crew').innerHTML = list.length ? '<table><tr><th>job</th><th>customer</th><th>skill</th><th>who</th><th>kind</th><th class="num">cost</th>' +
      '<th>goes out</th><th class="num">T at stake</th></tr>' +
      list.map((c) => `<tr${c.crew ? '' : ' class="nobody"'}><td>${esc(c.job)}</td><td>${esc(c.customer)}</td><td>${esc(c.skill)}</td>` +
        `<td>${c.crew ? esc(c.crew) : 'nobody'}</td><td>${c.kind || '–'}</td><td class="num">${money(c.cost)}</td>` +
        `<td>${jobs.has(c.job) ? jobs.get(c.job).out : ''}</td><td class="num">${jobs.has(c.job) ? money(jobs.get(c.job).at_stake) : ''}</td></tr>`).join('') + '</table>'
      : `<div class="help">No crew on ${day}.</div>`;
  }

  async function draw() {
    [plan, short] = await Promise.all([api('/api/allocate'), api('/api/shortages')]);
    signal = plan.signal;
    jobs.clear();
    for (const j of plan.job_list) jobs.set(j.job, j);
    if (!el('rental-from').value) {
      // The window opens on the first short day, else the plan's first day.
      el('rental-from').value = short.items.length ? short.items.map((d) => d.date).sort()[0] : plan.from;
    }
    if (!el('rental-crew-day').value) el('rental-crew-day').value = el('rental-from').value;
    drawSummary();
    drawTimeline();
    drawItems();
    drawCrew();
  }

  function headline() {
    return plan ? `Rental: ${plan.jobs} jobs · over-hire ${money(plan.cost)} · within ${pct(plan.gap)} of the best plan` : 'Rental';
  }

  // "IT0001:2; IT0014:100" as [{item, qty}] (or skill for crew).
  function parseList(text, key) {
    return (text || '').split(/[;,]/).map((s) => s.trim()).filter(Boolean).map((s) => {
      const [name, qty] = s.split(':');
      return { [key]: name.trim(), qty: Number(qty || 1) };
    });
  }

  async function quote(book) {
    const f = new FormData(el('rental-quote-form'));
    const job = { id: f.get('id'), out: f.get('out'), in: f.get('in'), price: Number(f.get('price')),
      materials_cost: Number(f.get('materials_cost') || 0), items: parseList(f.get('items'), 'item'), crew: parseList(f.get('crew'), 'skill') };
    try {
      const q = await api('/api/quote-job', book ? { job, book: true } : { job });
      el('rental-quote-result').innerHTML =
        `<div class="verdict ${q.accept ? 'good' : 'bad'}">Throughput ${money(q.throughput)}: ${q.accept ? 'accept' : 'refuse'}` +
        ` — price ${money(q.price)} less materials ${money(q.materials)} less marginal over-hire <b id="rental-marginal">${money(q.marginal_overhire)}</b></div>` +
        (q.reasons.length ? '<table><tr><th>item or skill</th><th>dates</th><th class="num">cost</th><th>from</th></tr>' +
          q.reasons.map((r) => `<tr><td>${esc(r.item || r.skill || 'suppliers')}</td><td>${r.dates[0]} → ${r.dates[1]}</td>` +
            `<td class="num">${money(r.cost)}</td><td>${esc(r.from)}</td></tr>`).join('') + '</table>' : '<div class="help">It costs nothing more: owned gear and staff cover it.</div>') +
        (q.unfilled ? `<div class="error">Nothing can fill ${q.unfilled} of what it needs.</div>` : '') +
        `<div class="help">Cost accounting would charge ${money(q.cost_accounting.full_cost)} and ${q.cost_accounting.verdict} it.</div>` +
        (q.booked ? `<div class="verdict good booked">Booked ${esc(q.job)}: the plan now holds it.</div>` : '');
      if (q.booked) await draw();
    } catch (err) { el('rental-quote-result').innerHTML = `<div class="error">${esc(err.message)}</div>`; }
  }

  el('rental-window').addEventListener('change', () => { drawTimeline(); drawItems(); });
  el('rental-crew-day').addEventListener('change', drawCrew);
  el('rental-items').addEventListener('click', (e) => {
    const c = e.target.closest('[data-item]');
    if (c) drawFills(c.dataset.item, c.dataset.date);
  });
  el('rental-quote-form').addEventListener('submit', (e) => { e.preventDefault(); quote(false); });
  el('rental-book').addEventListener('click', () => quote(true));

  return { draw, headline };
})();
