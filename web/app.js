// app.js — the clockspeed dashboard: reads the JSON API, draws the panels, and redraws
// what changed when the server's event stream says so. No framework, no bundler.
'use strict';

const params = new URLSearchParams(location.search);
const token = params.get('token') || localStorage.getItem('clockspeed-token') || '';
if (params.get('token')) localStorage.setItem('clockspeed-token', token);

const money = (v) => (v == null ? '–' : v.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const pct = (v) => (v == null ? '–' : (v * 100).toFixed(1) + ' %');
const el = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

async function api(path, body) {
  const opts = { headers: { Authorization: 'Bearer ' + token } };
  if (body !== undefined) {
    opts.method = 'POST';
    opts.body = JSON.stringify(body);
    opts.headers['Content-Type'] = 'application/json';
  }
  const r = await fetch(path, opts);
  const j = await r.json();
  if (!r.ok) throw new Error((j.error && j.error.message) || r.statusText);
  return j;
}

let model = { products: [], resources: [] };

// What the stream last told of a new Constraint (after the server's deadband).
let notice = '';

// The organisation's clockspeed: how often the Constraint completes an order, and how fresh
// the signals are after each event.
function clockspeedText(c, refreshMs) {
  if (!c || !c.resource) return '';
  const every = c.minutes_per_completion;
  const rate = every == null ? `no order through ${c.resource} since ${c.from}`
    : `${c.resource} completes an order every ${every < 120 ? Math.round(every) + ' min' : (every / 60).toFixed(1) + ' h'}`;
  return rate + (refreshMs == null ? '' : ` · signals ${refreshMs < 10 ? refreshMs.toFixed(1) : Math.round(refreshMs)} ms after each event`);
}

async function drawConstraint() {
  const c = await api('/api/constraint');
  const s = await api('/api/signals');
  // The Constraint as people are told it: moved, and a wandering alert raised, only once a
  // change has lasted (the server's deadband, /api/signals' announced_constraint).
  const name = s.announced_constraint || c.constraint || 'the market';
  const wandering = c.declared && name !== 'the market' && name !== c.declared;
  el('constraint-name').textContent = 'Constraint: ' + name + (wandering ? ' (declared: ' + c.declared + ')' : '');
  el('headline').textContent = 'Constraint ' + name + ' · planned load until ' + s.planned_load_date +
    ' · ' + s.counts.red + ' red, ' + s.counts.black + ' late';
  el('clockspeed').textContent = clockspeedText(c.clockspeed, s.refresh_ms) + notice;
  model.resources = c.resources.map((r) => r.id);
  el('loads').innerHTML = c.resources.slice(0, 16).map((r) => {
    const w = Math.min(100, (r.load || 0) * 100);
    const cls = r.id === c.constraint ? 'constraint' : r.protective_capacity < 0.1 ? 'thin' : '';
    return `<div class="bar"><span>${esc(r.id)}</span><div class="track"><div class="fill ${cls}" style="width:${w}%"></div></div><span>${pct(r.load)}</span></div>`;
  }).join('');
}

async function drawBuffers() {
  const b = await api('/api/buffers');
  const by = { green: [], yellow: [], red: [], black: [] };
  for (const o of b.orders) by[o.color].push(o);
  el('counts').innerHTML = ['black', 'red', 'yellow', 'green'].map((c) => `<span class="pill ${c}">${by[c].length} ${c}</span>`).join('');
  el('buffer-board').innerHTML = '<div class="board">' + ['black', 'red', 'yellow', 'green'].map((c) =>
    `<div class="col" data-color="${c}"><h4>${c}</h4>` + by[c].slice(0, 12).map((o) =>
      `<span class="pill ${c}" data-order="${esc(o.id)}" title="${esc(o.customer || 'no customer')} · due ${o.due} · T ${money(o.throughput)} at stake · ${pct(o.penetration)} into its buffer">${esc(o.id)}</span>`).join('') +
      (by[c].length > 12 ? `<div class="help">… ${by[c].length - 12} more</div>` : '') + '</div>').join('') + '</div>';
  const queues = Object.entries(b.queues).filter(([, q]) => q.length).sort((x, y) => y[1].length - x[1].length).slice(0, 8);
  // Line of sight: each waiting order with its customer, due date and throughput at stake.
  const byId = new Map(b.orders.map((o) => [o.id, o]));
  const item = (id) => {
    const o = byId.get(id);
    return o ? `<span class="qitem ${o.color}" data-queued="${esc(id)}">${esc(id)} <span class="help">${esc(o.customer || '–')}, due ${o.due.slice(5)}, T ${money(o.throughput)}</span></span>` : esc(id);
  };
  el('queues').innerHTML = queues.length ? queues.map(([r, q]) =>
    `<div class="queue"><b>${esc(r)}</b>: ${q.slice(0, 5).map(item).join(' → ')}${q.length > 5 ? ' …' : ''}</div>`).join('') : '<div class="help">No released work waiting.</div>';
  el('causes').innerHTML = b.red_causes.length ? '<table><tr><th>where</th><th class="num">orders</th><th class="num">throughput held</th></tr>' +
    b.red_causes.slice(0, 8).map((c) => `<tr><td>${c.resource === 'release' ? 'not released in time' : esc(c.resource)}</td><td class="num">${c.orders}</td><td class="num">${money(c.throughput)}</td></tr>`).join('') + '</table>'
    : '<div class="help">No red or black orders.</div>';
}

let gantt = null;
async function drawSchedule() {
  const s = await api('/api/schedule');
  const late = s.orders.filter((o) => o.late).length;
  el('schedule-summary').textContent = `Drum ${s.drum}: ${s.orders.length} orders, ${late} cannot make their date.`;
  const tasks = s.orders.slice(0, 30).map((o) => ({
    id: o.id, name: o.id + (o.late ? ' (late: ' + o.can_make + ')' : ''),
    start: o.drum_start, end: o.drum_end, progress: 0, custom_class: o.late ? 'late' : '',
  }));
  el('gantt').innerHTML = '';
  if (tasks.length && window.Gantt) gantt = new Gantt('#gantt', tasks, { view_mode: 'Day', readonly: true, bar_height: 16, padding: 10 });
}

async function drawMeasures() {
  const t = await api('/api/trend');
  const last = t.periods[t.periods.length - 1];
  const now = await api('/api/measures');
  el('measures').innerHTML = '<table>' + [
    ['Throughput (T)', money(last.throughput)], ['Operating expense (OE)', money(last.operating_expense)],
    ['Net profit (NP)', money(last.net_profit)], ['Inventory (I)', money(last.inventory)],
    ['On-time delivery', pct(last.on_time_rate)], ['Mean lead time (days)', last.mean_lead_time_days == null ? '–' : last.mean_lead_time_days.toFixed(1)],
    ['Lead time p50 / p90 (days)', now.lead_time_p50 == null ? '–' : `${now.lead_time_p50} / ${now.lead_time_p90}`],
    ['Throughput-dollar-days', money(last.tdd)], ['Inventory-dollar-days', money(last.idd)],
  ].map(([k, v]) => `<tr><td>${k}</td><td class="num">${v}</td></tr>`).join('') + '</table>' +
    // Consistency by customer: who gets the least reliable service.
    (now.by_customer.length ? '<h3>By customer, least on time first</h3><table class="spread"><tr><th>customer</th><th class="num">shipped</th><th class="num">on time</th><th class="num">lead time p50</th><th class="num">p90</th></tr>' +
      now.by_customer.slice(0, 8).map((c) => `<tr><td>${esc(c.customer || '(none)')}</td><td class="num">${c.shipped}</td><td class="num">${pct(c.on_time_rate)}</td>` +
        `<td class="num">${c.lead_time_p50 == null ? '–' : c.lead_time_p50}</td><td class="num">${c.lead_time_p90 == null ? '–' : c.lead_time_p90}</td></tr>`).join('') + '</table>' : '');
  const xs = t.periods.map((p) => Date.parse(p.to) / 1000);
  const data = [xs, t.periods.map((p) => p.throughput), t.periods.map((p) => p.operating_expense), t.periods.map((p) => p.net_profit)];
  el('trend').innerHTML = '';
  if (window.uPlot) new uPlot({ width: Math.min(560, el('trend').clientWidth || 520), height: 180,
    series: [{}, { label: 'T', stroke: '#4a78c2' }, { label: 'OE', stroke: '#7c8796' }, { label: 'NP', stroke: '#2e9e5b' }] }, data, el('trend'));
}

function fillSelects() {
  const opts = (ids) => ids.map((i) => `<option>${esc(i)}</option>`).join('');
  el('quote-product').innerHTML = opts(model.products);
  el('decide-product').innerHTML = opts(model.products);
  el('decide-resource').innerHTML = opts(model.resources);
}

el('quote-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const body = { product: f.get('product'), qty: Number(f.get('qty')), due: f.get('due') };
  if (f.get('price')) body.price = Number(f.get('price'));
  try {
    const q = await api('/api/quote', body);
    const verdict = q.accept == null ? '' : `<div class="verdict ${q.accept ? 'good' : 'bad'}">${q.accept ? 'Accept' : 'Refuse'}</div>`;
    el('quote-result').innerHTML = `<div class="side"><div><div>Floor price</div><div class="big floor">${money(q.floor_unit_price)}</div>
      <div>per unit (${money(q.floor_price)} in all): TVC ${money(q.tvc)} + Constraint time ${money(q.opportunity_cost)}</div>${verdict}
      <div class="help">Earliest it can be ready: ${q.earliest_feasible_due || 'not within the horizon'}</div>
      ${q.bid_prices.length ? '<div class="help">Bid prices used: ' + q.bid_prices.map((b) => `${esc(b.resource)} ${money(b.per_minute)}/min`).join(', ') + '</div>' : '<div class="help">No bid price: the Constraint has room.</div>'}</div>
      <div><div>Cost accounting</div><div class="big">${money(q.cost_accounting.full_unit_cost)}</div><div>full cost per unit</div><div class="verdict">${esc(q.cost_accounting.verdict)}</div></div></div>`;
  } catch (err) { el('quote-result').innerHTML = `<div class="error">${esc(err.message)}</div>`; }
});

el('decide-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const kind = f.get('decision');
  const body = { decision: kind };
  if (kind === 'overtime') Object.assign(body, { resource: f.get('resource'), minutes: Number(f.get('minutes')), cost: Number(f.get('cost')) });
  if (kind === 'accept-order') Object.assign(body, { product: f.get('product'), qty: Number(f.get('qty')), price: Number(f.get('price')) });
  if (kind === 'buy-product') Object.assign(body, { product: f.get('product'), buy_price: Number(f.get('price')) });
  if (kind === 'drop-product') Object.assign(body, { product: f.get('product') });
  try {
    const d = await api('/api/decide', body);
    el('decide-result').innerHTML = `<div class="side"><div><div>Throughput accounting</div><div class="verdict ${d.delta_net_profit > 0 ? 'good' : 'bad'}">${esc(d.verdict)}</div>
      <div>ΔT ${money(d.delta_throughput)} · ΔOE ${money(d.delta_operating_expense)} · ΔNP <b>${money(d.delta_net_profit)}</b></div><div class="help">${esc(d.reason)}</div></div>
      <div><div>Cost accounting</div><div class="verdict">${esc(d.cost_accounting.verdict)}</div><div>ΔNP by the table ${money(d.cost_accounting.delta_net_profit)}</div></div></div>`;
  } catch (err) { el('decide-result').innerHTML = `<div class="error">${esc(err.message)}</div>`; }
});

// The decision log against hindsight and cost accounting (GET /api/regret).
async function drawRegret() {
  const r = await api('/api/regret');
  const num = (v) => (v == null ? '–' : money(v));
  el('regret').innerHTML = '<table><tr><th>decisions</th><th class="num">count</th><th class="num">taken</th>' +
    '<th class="num">earned</th><th class="num">hindsight best</th><th class="num">cost accounting would</th></tr>' +
    r.decisions.map((d) => `<tr data-type="${d.type}"><td>${d.type}</td><td class="num">${d.count}</td><td class="num">${d.taken}</td>` +
      `<td class="num">${num(d.throughput_earned)}</td><td class="num">${num(d.hindsight_best)}</td><td class="num">${num(d.cost_accounting_would_earn)}</td></tr>`).join('') +
    '</table>' + (r.log.length ? '<h3>Latest decisions</h3><table><tr><th>day</th><th>type</th><th>subject</th><th class="num">signal</th><th>choice</th><th>cost accounting</th><th>outcome</th></tr>' +
      r.log.slice(-10).reverse().map((e) => `<tr><td>${e.at}</td><td>${e.type}</td><td>${esc(e.subject)}</td><td class="num">${money(e.signal)}</td>` +
        `<td>${esc(e.choice)}</td><td>${esc(e.cost_accounting || '–')}</td><td>${esc(e.outcome)}</td></tr>`).join('') + '</table>'
      : '<div class="help">No decision logged yet.</div>');
}

async function drawPlant() {
  const mix = await api('/api/mix');
  model.products = mix.mix.map((m) => m.product);
  await drawConstraint();
  fillSelects();
  await Promise.all([drawBuffers(), drawSchedule(), drawMeasures(), drawRegret()]);
}

// What the model holds: a plant (the signals have a drum), a sales desk (the board
// answers), a rental house (its shortages answer), or several; each gets its view and a
// tab when there are two or more.
const views = { plant: false, sales: false, rental: false };

function show(view) {
  for (const v of Object.keys(views)) {
    el('view-' + v).hidden = v !== view;
    document.querySelector(`#views [data-view=${v}]`).classList.toggle('on', v === view);
  }
  if (location.hash !== '#' + view) history.replaceState(null, '', '#' + view);
}

async function drawAll() {
  const s = await api('/api/signals');
  views.plant = s.drum != null;
  views.sales = await api('/api/desk').then(() => true, () => false);
  views.rental = await api('/api/shortages').then(() => true, () => false);
  const several = Object.values(views).filter(Boolean).length > 1;
  for (const v of Object.keys(views)) document.querySelector(`#views [data-view=${v}]`).hidden = !several || !views[v];
  document.querySelectorAll('#views button').forEach((b) => b.addEventListener('click', () => show(b.dataset.view)));
  const wanted = location.hash.slice(1);
  show(views[wanted] ? wanted : views.plant ? 'plant' : views.sales ? 'sales' : 'rental');
  if (views.plant) await drawPlant();
  if (views.sales) await window.sales.draw();
  if (views.rental) await window.rental.draw();
  if (!views.plant && views.sales) el('headline').textContent = window.sales.headline();
  if (!views.plant && !views.sales && views.rental) el('headline').textContent = window.rental.headline();
}

function listen() {
  const es = new EventSource('/api/stream?token=' + encodeURIComponent(token));
  es.onopen = () => el('live').classList.add('on');
  es.onerror = () => el('live').classList.remove('on');
  es.addEventListener('signals', (e) => {
    // A new Constraint is told only once it has lasted (the server's deadband).
    try {
      const s = JSON.parse(e.data);
      if (s.constraint_changed) notice = ` · the Constraint is now ${s.announced_constraint}`;
      // An order's colour, told only once it has lasted (the same deadband).
      const moved = (s.orders || []).filter((o) => o.color_changed && (o.announced === 'red' || o.announced === 'black'));
      if (moved.length) notice = ` · ${moved.map((o) => `order ${o.id} is now ${o.announced}`).join(', ')}`;
    } catch { /* not JSON: nothing to tell */ }
    if (views.plant) { drawConstraint(); drawBuffers(); drawSchedule(); drawMeasures(); drawRegret(); }
    if (views.sales) window.sales.draw();
    if (views.rental) window.rental.draw();
  });
}

drawAll().then(listen).catch((err) => { el('headline').innerHTML = `<span class="error">${esc(err.message)} — open the URL with ?token=…</span>`; });
