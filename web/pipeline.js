// pipeline.js — the dashboard's buying-friction panel (DESIGN §11): a heat map of buying job
// × friction coloured by the Throughput-Dollar-Days of the stalled deals each holds, the
// pipeline by stage with its days in stage, and one deal's frictions with their
// countermeasures, the first bookable as the deal's next visit. It reads /api/frictions and
// /api/friction, books through /api/book and records the next step with an
// opportunity.changed event; app.js's helpers (api, el, esc, money) draw.
'use strict';

window.pipeline = (() => {
  const jobs = ['problem_identification', 'solution_exploration', 'requirements_building', 'supplier_selection',
    'validation', 'consensus_creation'];
  let view = null, deal = null;

  function drawHeat() {
    const max = Math.max(1, ...view.frictions.map((f) => f.tdd));
    const rows = jobs.map((j) => {
      const cells = view.frictions.filter((f) => f.buying_job === j).map((f) => {
        const a = f.tdd / max;
        const bg = `rgba(180, 40, 40, ${(0.08 + 0.92 * a).toFixed(3)})`;
        const fg = a > 0.45 ? '#fff' : '#222';
        return `<button type="button" class="heat" data-friction="${esc(f.friction)}" data-shade="${a.toFixed(3)}" style="background:${bg};color:${fg}" ` +
          `title="${esc(f.name)}: observed ${f.observed}, removed ${f.removed}, holding ${f.holding} deals (${money(f.throughput_held)}), TDD ${money(f.tdd)}">` +
          `${esc(f.friction)}<br><b>${f.observed}</b></button>`;
      }).join('');
      return `<tr><th>${esc(j.replace(/_/g, ' '))}</th><td>${cells}</td></tr>`;
    }).join('');
    el('friction-heat').innerHTML = `<table class="heatmap">${rows}</table>` +
      `<div class="help">${view.from} to ${view.to} · TDD of all stalled deals ${money(view.tdd)}</div>`;
  }

  function drawStages() {
    el('pipeline-stages').innerHTML = '<table><tr><th>stage</th><th class="num">deals</th><th class="num">expected T</th>' +
      '<th class="num">median days in stage</th><th class="num">usual</th><th class="num">stalled</th><th class="num">TDD</th></tr>' +
      view.pipeline.map((s) => `<tr><td>${esc(s.stage || '(no stage)')}</td><td class="num">${s.opportunities}</td>` +
        `<td class="num">${money(s.throughput)}</td><td class="num">${s.median_days_in_stage == null ? '–' : s.median_days_in_stage}</td>` +
        `<td class="num">${s.usual_days}</td><td class="num">${s.stalled}</td><td class="num">${money(s.tdd)}</td></tr>`).join('') + '</table>';
  }

  function drawDeal() {
    if (!deal) { el('friction-result').innerHTML = ''; return; }
    const head = `<div>${esc(deal.opportunity)} (${esc(deal.account)}), ${esc(deal.stage || 'no stage')}` +
      (deal.days_in_stage == null ? '' : ` for ${deal.days_in_stage} days (usually ${deal.usual_days})`) +
      `${deal.stalled ? ' — <b>stalled</b>' : ''}; expected throughput ${money(deal.expected_throughput)}.</div>`;
    if (!deal.frictions.length) { el('friction-result').innerHTML = head + '<div class="help">No friction holds it.</div>'; return; }
    el('friction-result').innerHTML = head + '<table><tr><th>friction</th><th>job</th><th class="num">open (days)</th><th>countermeasure</th><th></th></tr>' +
      deal.frictions.map((f, i) => `<tr><td title="${esc(f.signal)}">${esc(f.name)}</td><td>${esc(f.buying_job.replace(/_/g, ' '))}</td>` +
        `<td class="num">${f.days_open}</td><td>${esc(f.countermeasure)} (${f.duration_min} min, ${esc(f.owner_role)})</td>` +
        `<td><button type="button" class="small" data-book="${i}">Book as next visit</button></td></tr>`).join('') + '</table>';
  }

  async function draw() {
    view = await api('/api/frictions');
    drawHeat();
    drawStages();
  }

  el('friction-heat').addEventListener('click', (e) => {
    const b = e.target.closest('[data-friction]');
    if (!b) return;
    const f = view.frictions.find((x) => x.friction === b.dataset.friction);
    el('friction-detail').textContent = `${f.name} (${f.buying_job.replace(/_/g, ' ')}): observed ${f.observed}, removed ${f.removed}` +
      (f.median_days_to_remove == null ? '' : ` after ${f.median_days_to_remove} days (median)`) +
      `; it holds ${f.holding} deals worth ${money(f.throughput_held)}, TDD ${money(f.tdd)}.`;
  });

  el('friction-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      deal = await api('/api/friction?opportunity=' + encodeURIComponent(el('friction-opportunity').value));
      drawDeal();
    } catch (err) { el('friction-result').innerHTML = `<div class="error">${esc(err.message)}</div>`; }
  });

  el('friction-result').addEventListener('click', async (e) => {
    const b = e.target.closest('[data-book]');
    if (!b || !deal) return;
    const f = deal.frictions[Number(b.dataset.book)];
    try {
      // The countermeasure is the concrete next step the visit is for.
      const r = await api('/api/book', { opportunity: deal.opportunity, duration: f.duration_min, k: 3, confirm: true, slot: 1, next_step: f.countermeasure });
      if (!r.booked) throw new Error('no slot to offer: ' + (r.why_none || 'none found'));
      await api('/api/events', { type: 'opportunity.changed', opportunity: deal.opportunity, next_step: f.countermeasure });
      const s = r.slots[0];
      el('friction-result').insertAdjacentHTML('beforeend',
        `<div class="verdict good booked">Booked ${esc(r.booked)} for “${esc(f.name)}”: ${esc(s.rep)} on ${s.date} at ${s.start}.</div>`);
    } catch (err) { el('friction-result').insertAdjacentHTML('beforeend', `<div class="error">${esc(err.message)}</div>`); }
  });

  return { draw };
})();
