// simulate.js — the dashboard's Simulation panel: the plant under push, rope and CONWIP with
// variability (POST /api/simulate, the same JSON as `clockspeed simulate --json`): a table of
// each policy's measures with their 95 % intervals, lead-time boxes on a canvas, and WIP and
// the Constraint's utilisation day by day (uPlot). Uses app.js's helpers (api, el, esc, pct).
'use strict';

window.simulation = (() => {
  const hue = (i) => `hsl(${(i * 137.508) % 360}, 60%, 42%)`;
  const name = (r) => `${r.release}/${r.dispatch}`;
  const pm = (m, h, d) => `${m.toFixed(d)} ± ${h.toFixed(d)}`;

  function table(res) {
    return '<table><tr><th>policy</th><th class="num">units/day</th><th class="num">on time %</th>' +
      '<th class="num">lead time (min)</th><th class="num">p90</th><th class="num">WIP</th><th class="num">Constraint busy %</th></tr>' +
      res.runs.map((r) => `<tr data-policy="${esc(name(r))}"><td>${esc(name(r))}</td>` +
        `<td class="num">${pm(r.throughput_per_day, r.ci95.throughput_per_day, 1)}</td>` +
        `<td class="num">${pm(100 * r.on_time, 100 * r.ci95.on_time, 1)}</td>` +
        `<td class="num">${pm(r.lead_time_min.mean, r.ci95.lead_time_min.mean, 0)}</td>` +
        `<td class="num">${r.lead_time_min.p90.toFixed(0)}</td>` +
        `<td class="num">${pm(r.wip, r.ci95.wip, 1)}</td>` +
        `<td class="num">${pm(100 * r.constraint_utilisation, 100 * r.ci95.constraint_utilisation, 1)}</td></tr>`).join('') +
      `</table><div class="help">${res.runs[0].replications} replications each on the same random numbers; ` +
      `the Constraint: ${esc(res.constraint || '–')}; ${Math.round(res.events).toLocaleString()} events in ${res.seconds.toFixed(2)} s.</div>`;
  }

  // One horizontal box per policy on a shared lead-time axis.
  function boxes(res) {
    const cv = el('sim-box');
    cv.hidden = false;
    cv.height = 30 + 28 * res.runs.length;
    const ctx = cv.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, cv.width, cv.height);
    const max = Math.max(...res.runs.map((r) => r.lead_time_min.p95)) || 1, left = 130, w = cv.width - left - 20;
    const x = (v) => left + (v / max) * w;
    ctx.font = '12px sans-serif';
    res.runs.forEach((r, i) => {
      const y = 12 + i * 28, l = r.lead_time_min;
      ctx.fillStyle = '#333';
      ctx.fillText(name(r), 4, y + 13);
      ctx.strokeStyle = ctx.fillStyle = hue(i);
      ctx.globalAlpha = 0.35;
      ctx.fillRect(x(l.p50), y + 3, Math.max(1, x(l.p90) - x(l.p50)), 14);
      ctx.globalAlpha = 1;
      ctx.strokeRect(x(l.p50), y + 3, Math.max(1, x(l.p90) - x(l.p50)), 14);
      ctx.beginPath();
      ctx.moveTo(x(l.p90), y + 10);
      ctx.lineTo(x(l.p95), y + 10);
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(x(l.mean), y + 10, 3.5, 0, 2 * Math.PI);
      ctx.fill();
    });
    ctx.fillStyle = '#666';
    ctx.fillText(`0 … ${Math.round(max)} minutes`, left, cv.height - 4);
    cv.dataset.boxes = String(res.runs.length);
  }

  // A measure day by day, one line per policy.
  function byDay(res, key, target, label) {
    target.innerHTML = '';
    if (!window.uPlot) return;
    const n = res.runs[0].by_day[key].length;
    const xs = Array.from({ length: n }, (_, i) => i + 1);
    new uPlot({ width: Math.min(560, target.clientWidth || 520), height: 170, title: label, scales: { x: { time: false } },
      series: [{ label: 'day' }, ...res.runs.map((r, i) => ({ label: name(r), stroke: hue(i) }))] },
    [xs, ...res.runs.map((r) => r.by_day[key])], target);
  }

  // variability.csv typed in: its header names the columns of each row (no quoted fields:
  // a distribution's parameters are separated by ';').
  function rows(text) {
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length < 2) return undefined;
    const head = lines[0].split(',').map((h) => h.trim());
    return lines.slice(1).map((l) => {
      const cells = l.split(','), row = {};
      head.forEach((h, i) => { if (cells[i] !== undefined && cells[i].trim() !== '') row[h] = cells[i].trim(); });
      return row;
    });
  }

  el('sim-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const body = { release: f.get('release'), dispatch: f.get('dispatch'), cv: Number(f.get('cv')),
      days: Number(f.get('days')), replications: Number(f.get('replications')), warmup: 5 };
    const variability = rows(f.get('variability') || '');
    if (variability) body.variability = variability;
    el('sim-result').innerHTML = '<div class="help">Simulating…</div>';
    try {
      const res = await api('/api/simulate', body);
      el('sim-result').innerHTML = table(res);
      boxes(res);
      byDay(res, 'wip', el('sim-wip'), 'WIP (orders released, unfinished), day by day');
      byDay(res, 'constraint_utilisation', el('sim-util'), 'Constraint busy share, day by day');
    } catch (err) { el('sim-result').innerHTML = `<div class="error">${esc(err.message)}</div>`; }
  });
  return {};
})();
