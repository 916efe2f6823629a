// sales.js — the dashboard's Sales view: the reps' appointment buffers, one rep's week
// (visits as blocks, the driving between them), the coordination queue with a booking form
// that finds the best slots and books one, and a canvas map of a day's routes with the
// route improvement's plan shown before and after. It reads the same JSON API as the CLI's
// --json (/api/desk, /api/diary, /api/book, /api/route) and uses app.js's helpers (api, el,
// esc, money, pct).
'use strict';

window.sales = (() => {
  const colors = ['black', 'red', 'yellow', 'green'];
  const weekday = (d) => ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(d + 'T00:00:00Z').getUTCDay()];
  const minutes = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const hue = (i) => `hsl(${(i * 137.508) % 360}, 65%, 42%)`;
  let board = null, rep = null, week = null, mapDay = null, lastAsk = null;
  let mapData = null, plan = null, showing = 'after';

  // The headline of a model that holds only the desk.
  function headline() {
    if (!board) return '';
    const n = (c) => board.reps.filter((r) => r.color === c).length;
    return `${board.reps.length} reps · ${n('black')} black, ${n('red')} red · ${board.queue.length} requests to book`;
  }

  function drawBoard() {
    const by = { green: [], yellow: [], red: [], black: [] };
    for (const r of board.reps) by[r.color].push(r);
    el('rep-counts').innerHTML = colors.map((c) => `<span class="pill ${c}">${by[c].length} ${c}</span>`).join('');
    el('rep-board').innerHTML = '<div class="board">' + colors.map((c) =>
      `<div class="col" data-color="${c}"><h4>${c}</h4>` + by[c].slice(0, 40).map((r) =>
        `<button type="button" class="pill ${c}${r.id === rep ? ' chosen' : ''}" data-rep="${esc(r.id)}" title="${r.booked_ahead} of ${r.target} booked` +
        (r.empty_days.length ? `; nothing on ${r.empty_days.join(', ')}` : '') + `">${esc(r.id)} ${Math.round(r.fill * 100)}%</button>`).join('') +
      (by[c].length > 40 ? `<div class="help">… ${by[c].length - 40} more</div>` : '') + '</div>').join('') + '</div>';
    const m = board.measures;
    el('sales-measures').innerHTML = '<table>' + [
      ['Visits per rep-day (target 4)', m.appointments_per_rep_day.toFixed(2)],
      ['Selling time (face time ÷ working time)', pct(m.selling_time_share)],
      ['Travel (driving ÷ working time)', pct(m.travel_share)],
      ['No-shows', pct(m.no_show_rate)],
      ['Pipeline throughput', money(m.pipeline_throughput)],
      ['Stage moves per week (last four weeks)', m.stage_advances_per_week.toFixed(1)],
      ...m.pipeline_by_stage.map((s) => [`· ${esc(s.stage || '(no stage)')}: ${s.opportunities} opportunities`, money(s.throughput)]),
    ].map(([k, v]) => `<tr><td>${k}</td><td class="num">${v}</td></tr>`).join('') + '</table>';
  }

  function drawQueue() {
    const q = board.queue.slice(0, 12);
    el('sales-queue').innerHTML = q.length ? '<table><tr><th>opportunity</th><th>request</th><th class="num">value</th><th class="num">per rep-minute</th><th class="num">age (days)</th><th></th></tr>' +
      q.map((x) => `<tr><td>${esc(x.opportunity)}</td><td>${x.appointment ? esc(x.appointment) : '–'}</td><td class="num">${money(x.value)}</td>` +
        `<td class="num">${money(x.value_per_rep_min)}</td><td class="num">${x.age_days.toFixed(0)}</td>` +
        `<td><button type="button" class="small" data-find="${esc(x.opportunity)}">Slots</button></td></tr>`).join('') + '</table>' +
      (board.queue.length > 12 ? `<div class="help">… ${board.queue.length - 12} more</div>` : '')
      : '<div class="help">Nothing waits to be booked.</div>';
  }

  // One rep's week as day columns on a shared time axis: working hours, visits and driving
  // (each day's head: visits booked, minutes of driving).
  function drawDiary() {
    el('diary-rep').textContent = week ? `${week.id} (${week.name})` : '–';
    if (!week) { el('diary').innerHTML = ''; return; }
    const days = week.days;
    let t0 = 24 * 60, t1 = 0;
    for (const d of days) if (d.works) { t0 = Math.min(t0, minutes(d.start)); t1 = Math.max(t1, minutes(d.end)); }
    if (t1 <= t0) { t0 = 8 * 60; t1 = 17 * 60; }
    t0 = Math.floor(t0 / 60) * 60; t1 = Math.ceil(t1 / 60) * 60;
    const y = (t) => ((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0) * 100).toFixed(2) + '%';
    const h = (a, b) => ((Math.min(b, t1) - Math.max(a, t0)) / (t1 - t0) * 100).toFixed(2) + '%';
    const hours = [];
    for (let t = t0; t <= t1; t += 60) hours.push(`<div class="hour" style="top:${y(t)}">${String(t / 60).padStart(2, '0')}:00</div>`);
    el('diary').innerHTML = `<div class="week"><div class="axis">${hours.join('')}</div>` + days.map((d) => {
      let body = '';
      if (d.works) {
        body += `<div class="working" style="top:${y(minutes(d.start))};height:${h(minutes(d.start), minutes(d.end))}"></div>`;
        let last = null;
        for (const v of d.visits) {
          const s = minutes(v.start), e = minutes(v.end);
          if (v.travel_before_min) body += `<div class="drive" style="top:${y(s - v.travel_before_min)};height:${h(s - v.travel_before_min, s)}" title="${v.travel_before_min} min driving"></div>`;
          body += `<div class="visit ${v.status}${v.pinned ? ' pinned' : ''}" data-appt="${esc(v.id)}" style="top:${y(s)};height:${h(s, e)}" ` +
            `title="${esc(v.id)} · ${esc(v.customer)} (${esc(v.opportunity)}) · ${esc(v.next_step || 'no next step')} · ${money(v.value)} at stake · ${v.start}–${v.end} · ${v.status}">` +
            `${v.start} ${esc(v.customer)}<br><span class="stake">${money(v.value)}</span></div>`;
          last = e;
        }
        if (last != null && d.travel_home_min) body += `<div class="drive" style="top:${y(last)};height:${h(last, last + d.travel_home_min)}" title="${d.travel_home_min} min home"></div>`;
      }
      const sum = d.works ? `${d.visits.length} · ${d.travel_min} min drive` : 'off';
      return `<div class="day${d.works ? '' : ' off'}" data-date="${d.date}"><div class="dayhead">${weekday(d.date)} ${d.date.slice(5)}<br><span class="help">${sum}</span></div>` +
        `<div class="daybody">${body}</div></div>`;
    }).join('') + '</div>';
    const sel = el('map-date');
    const keep = mapDay || days[0].date;
    sel.innerHTML = days.map((d) => `<option value="${d.date}"${d.date === keep ? ' selected' : ''}>${weekday(d.date)} ${d.date}</option>`).join('');
  }

  // A day's routes on a canvas: an equirectangular projection (longitude scaled by the
  // cosine of the mean latitude) fitted to the homes and visits drawn.
  function drawMap(day) {
    const cv = el('map');
    const ctx = cv.getContext('2d');
    ctx.fillStyle = '#f6f8fb';
    ctx.fillRect(0, 0, cv.width, cv.height);
    const routes = [];
    day.reps.forEach((r, i) => {
      const d = r.days[0];
      if (!d || !d.works || !d.visits.length) return;
      routes.push({ id: r.id, color: hue(i), pts: [[r.home.lat, r.home.lon], ...d.visits.map((v) => [v.lat, v.lon]), [r.home.lat, r.home.lon]] });
    });
    cv.dataset.routes = String(routes.length);
    cv.dataset.visits = String(routes.reduce((n, r) => n + r.pts.length - 2, 0));
    if (!routes.length) { el('map-legend').textContent = `No visits booked on ${day.from}.`; return; }
    const all = routes.flatMap((r) => r.pts);
    const lat0 = all.reduce((s, p) => s + p[0], 0) / all.length, k = Math.cos(lat0 * Math.PI / 180);
    const xs = all.map((p) => p[1] * k), ys = all.map((p) => p[0]);
    const minx = Math.min(...xs), maxx = Math.max(...xs), miny = Math.min(...ys), maxy = Math.max(...ys);
    const pad = 16, scale = Math.min((cv.width - 2 * pad) / Math.max(maxx - minx, 1e-6), (cv.height - 2 * pad) / Math.max(maxy - miny, 1e-6));
    const px = (p) => [pad + (p[1] * k - minx) * scale, cv.height - pad - (p[0] - miny) * scale];
    const drawn = routes.filter((r) => r.id !== rep).concat(routes.filter((r) => r.id === rep));
    for (const r of drawn) {
      const bold = r.id === rep;
      ctx.strokeStyle = r.color;
      ctx.lineWidth = bold ? 3.5 : 1.2;
      ctx.globalAlpha = rep && !bold ? 0.45 : 1;
      ctx.beginPath();
      r.pts.forEach((p, j) => { const [x, yy] = px(p); if (j) ctx.lineTo(x, yy); else ctx.moveTo(x, yy); });
      ctx.stroke();
      ctx.fillStyle = r.color;
      const [hx, hy] = px(r.pts[0]);
      ctx.fillRect(hx - 4, hy - 4, 8, 8);
      for (const p of r.pts.slice(1, -1)) { const [x, yy] = px(p); ctx.beginPath(); ctx.arc(x, yy, bold ? 4 : 2.5, 0, 2 * Math.PI); ctx.fill(); }
    }
    ctx.globalAlpha = 1;
    const km = (maxx - minx) * 111.2;
    el('map-legend').textContent = `${routes.length} routes, ${cv.dataset.visits} visits on ${day.from}; the map is about ${km.toFixed(0)} km across.`;
  }

  async function loadWeek() {
    if (!rep) return;
    week = (await api('/api/diary?rep=' + encodeURIComponent(rep) + '&days=7')).reps[0];
  }

  // The day as the plan would leave it: each moved visit taken from its rep's route and put
  // in its new rep's at its new start.
  function planned(day, p) {
    const at = new Map(), reps = new Map();
    const out = { ...day, reps: day.reps.map((r) => ({ ...r, days: [{ ...r.days[0], visits: [...r.days[0].visits] }] })) };
    for (const r of out.reps) { reps.set(r.id, r); for (const v of r.days[0].visits) at.set(v.id, v); }
    for (const m of p.moves) {
      const v = at.get(m.appointment), from = reps.get(m.from_rep), to = reps.get(m.to_rep);
      if (!v || !from || !to) continue;
      from.days[0].visits = from.days[0].visits.filter((x) => x.id !== v.id);
      to.days[0].visits.push({ ...v, start: m.start });
    }
    for (const r of out.reps) r.days[0].visits.sort((a, b) => minutes(a.start) - minutes(b.start));
    return out;
  }

  // The plan's summary and the before/after switch.
  function drawPlan() {
    const box = el('route-result');
    if (!plan || plan.from !== mapData.from) { box.innerHTML = ''; return; }
    const b = plan.before.travel_min, a = plan.after.travel_min;
    const less = b ? ` (${((b - a) / b * 100).toFixed(1)} % less)` : '';
    box.innerHTML = `<div class="verdict ${a < b ? 'good' : ''}" id="route-summary">Driving ${b} → ${a} min${less}; ` +
      `${plan.moves.length} visits move${plan.applied ? ' — applied' : ''}.</div>` +
      (plan.moves.length && !plan.applied
        ? `<label><input type="radio" name="route-show" value="before"${showing === 'before' ? ' checked' : ''}> Before</label> ` +
          `<label><input type="radio" name="route-show" value="after"${showing === 'after' ? ' checked' : ''}> After</label> ` +
          '<button type="button" id="route-apply">Apply the plan</button>'
        : '');
  }

  async function loadMap() {
    const date = mapDay || (week && week.days[0].date);
    mapData = await api('/api/diary?days=1&limit=300' + (date ? '&from=' + date : ''));
    const showPlan = plan && plan.from === mapData.from && !plan.applied && showing === 'after';
    drawMap(showPlan ? planned(mapData, plan) : mapData);
    drawPlan();
  }

  // Reads the board, the chosen rep's week and the map's day, and draws them all.
  async function draw() {
    board = await api('/api/desk');
    if (!rep || !board.reps.some((r) => r.id === rep)) {
      const first = colors.map((c) => board.reps.find((r) => r.color === c)).find(Boolean);
      rep = first ? first.id : null;
    }
    drawBoard();
    drawQueue();
    await loadWeek();
    drawDiary();
    await loadMap();
    if (window.pipeline) await window.pipeline.draw();
  }

  el('rep-board').addEventListener('click', async (e) => {
    const b = e.target.closest('[data-rep]');
    if (!b) return;
    rep = b.dataset.rep;
    drawBoard();
    await loadWeek();
    drawDiary();
    await loadMap();
  });

  el('map-date').addEventListener('change', async (e) => { mapDay = e.target.value; await loadMap(); });

  el('route-plan').addEventListener('click', async () => {
    const box = el('route-result');
    box.innerHTML = '<div class="help">Routing…</div>';
    try {
      plan = await api('/api/route', { date: mapData.from });
      showing = 'after';
      await loadMap();
    } catch (err) { box.innerHTML = `<div class="error">${esc(err.message)}</div>`; }
  });

  el('route-result').addEventListener('change', (e) => {
    if (e.target.name !== 'route-show') return;
    showing = e.target.value;
    drawMap(showing === 'after' ? planned(mapData, plan) : mapData);
  });

  el('route-result').addEventListener('click', async (e) => {
    if (e.target.id !== 'route-apply' || !plan) return;
    // Exactly the moves shown, as one event: refused whole if a booking collided since.
    const moves = plan.moves.map((m) => ({ appointment: m.appointment, rep: m.to_rep, start: m.start }));
    try {
      await api('/api/events', { type: 'appointments.rerouted', moves });
      plan = { ...plan, applied: true };
      await draw();
    } catch (err) { el('route-result').insertAdjacentHTML('beforeend', `<div class="error">${esc(err.message)}</div>`); }
  });

  el('sales-queue').addEventListener('click', (e) => {
    const b = e.target.closest('[data-find]');
    if (!b) return;
    el('book-opportunity').value = b.dataset.find;
    el('book-form').requestSubmit();
  });

  function slotsTable(r) {
    if (!r.slots.length) return `<div class="error">No slot to offer: ${esc(r.why_none || 'none found')}.</div>`;
    return `<div class="help">${r.considered} rep-days looked at, ${r.feasible} feasible insertions; the best ${r.slots.length}:</div>` +
      '<table><tr><th>#</th><th>rep</th><th>date</th><th>time</th><th class="num">added driving</th><th class="num">score</th><th>day</th><th></th></tr>' +
      r.slots.map((s, i) => `<tr><td>${i + 1}</td><td>${esc(s.rep)}</td><td>${weekday(s.date)} ${s.date}</td><td>${s.start}–${s.end}</td>` +
        `<td class="num">${s.added_travel_min} min</td><td class="num">${money(s.score)}</td><td>${s.fill_before} → ${s.fill_after}</td>` +
        `<td><button type="button" class="small" data-slot="${i + 1}">Book</button></td></tr>`).join('') + '</table>' +
      `<div class="help">Value of the visit ${money(r.slots[0].value)}; score = value − bid price × (minutes + added driving) − driving cost.</div>`;
  }

  el('book-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const ask = { opportunity: f.get('opportunity'), duration: Number(f.get('duration')), k: Number(f.get('k')) };
    if (f.get('from')) ask.from = f.get('from');
    if (f.get('to')) ask.to = f.get('to');
    try {
      const r = await api('/api/book', ask);
      lastAsk = ask;
      el('book-result').innerHTML = slotsTable(r);
    } catch (err) { el('book-result').innerHTML = `<div class="error">${esc(err.message)}</div>`; }
  });

  el('book-result').addEventListener('click', async (e) => {
    const b = e.target.closest('[data-slot]');
    if (!b || !lastAsk) return;
    try {
      const r = await api('/api/book', { ...lastAsk, confirm: true, slot: Number(b.dataset.slot) });
      const s = r.slots[Number(b.dataset.slot) - 1];
      el('book-result').innerHTML = r.booked
        ? `<div class="verdict good booked">Booked ${esc(r.booked)}: ${esc(s.rep)} on ${weekday(s.date)} ${s.date} at ${s.start}.</div>`
        : `<div class="error">Nothing booked: the slot is gone; find slots again.</div>`;
      lastAsk = null;
      if (r.booked) { rep = s.rep; mapDay = s.date; await draw(); }
    } catch (err) { el('book-result').innerHTML = `<div class="error">${esc(err.message)}</div>`; }
  });

  return { draw, headline };
})();
