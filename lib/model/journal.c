/* journal.c — undo for a batch of events. While a batch is open (cs_model_begin), every
 * change an event is about to make records what it replaces; a batch refused part way is
 * then taken back entry by entry, newest first, without reading the store again. */
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_events.h"
#include "model_priv.h"

int cs_model_begin(cs_model *m) {
  m->priv->njournal = 0;
  m->priv->journal_on = 1;
  return 0;
}

void cs_model_commit(cs_model *m) {
  m->priv->njournal = 0;
  m->priv->journal_on = 0;
}

void cs_model_rollback(cs_model *m) {
  while (m->priv->njournal) cs__journal_undo_last(m);
  m->priv->journal_on = 0;
}

/* Appends an entry to the open journal; NULL when none is open (nothing to record). */
static cs__jentry *push(cs_model *m, cs__jkind kind, size_t index, int *rc) {
  cs__model_priv *pv = m->priv;
  *rc = 0;
  if (!pv->journal_on) return NULL;
  if (cs__grow((void **)&pv->journal, sizeof *pv->journal, &pv->cap_journal, pv->njournal + 1)) {
    *rc = CS_ENOMEM;
    return NULL;
  }
  cs__jentry *e = &pv->journal[pv->njournal++];
  memset(e, 0, sizeof *e);
  e->kind = kind;
  e->index = index;
  return e;
}

int cs__journal_add(cs_model *m, cs__jkind kind, size_t index) {
  int rc;
  push(m, kind, index, &rc);
  return rc;
}

int cs__journal_order(cs_model *m, size_t o) {
  int rc;
  cs__jentry *e = push(m, CS__J_ORDER, o, &rc);
  if (e) {
    const cs_orders *O = &m->orders;
    e->u.order.qty = O->qty[o];
    e->u.order.price = O->price[o];
    e->u.order.due = O->due[o];
    e->u.order.released = O->released[o];
    e->u.order.shipped = O->shipped[o];
    e->u.order.customer = O->customer[o];
    e->u.order.status = O->status[o];
    e->u.order.steps_done = O->steps_done[o];
  }
  return rc;
}

int cs__journal_calendar(cs_model *m, size_t i) {
  int rc;
  cs__jentry *e = push(m, CS__J_CALENDAR, i, &rc);
  if (e) e->u.capacity = m->calendar.capacity[i];
  return rc;
}

int cs__journal_settings(cs_model *m) {
  int rc;
  cs__jentry *e = push(m, CS__J_SETTINGS, 0, &rc);
  if (e) {
    e->u.settings.values = m->settings;
    e->u.settings.set = m->priv->settings_set;
    e->u.settings.declared_id = m->priv->declared_id;
  }
  return rc;
}

int cs__journal_appointment(cs_model *m, size_t i) {
  int rc;
  cs__jentry *e = push(m, CS__J_APPOINTMENT, i, &rc);
  if (e) {
    const cs_appointments *A = &m->appointments;
    e->u.appt.rep = A->rep[i], e->u.appt.start = A->start[i], e->u.appt.date = A->date[i];
    e->u.appt.status = A->status[i];
  }
  return rc;
}

int cs__journal_opportunity(cs_model *m, size_t i) {
  int rc;
  cs__jentry *e = push(m, CS__J_OPPORTUNITY, i, &rc);
  if (e) {
    const cs_opportunities *O = &m->opportunities;
    e->u.opp.stage = O->stage[i], e->u.opp.next_step = O->next_step[i];
    e->u.opp.expected = O->expected_throughput[i], e->u.opp.probability = O->probability[i];
    e->u.opp.stage_since = O->stage_since[i];
  }
  return rc;
}

int cs__journal_rep_day(cs_model *m, size_t i) {
  int rc;
  cs__jentry *e = push(m, CS__J_REP_DAY, i, &rc);
  if (e) e->u.available = m->rep_calendar.available[i];
  return rc;
}

int cs__journal_opp_friction(cs_model *m, size_t i) {
  int rc;
  cs__jentry *e = push(m, CS__J_OPP_FRICTION, i, &rc);
  if (e) e->u.removed = m->opportunity_frictions.removed[i];
  return rc;
}

int cs__journal_job(cs_model *m, size_t i) {
  int rc;
  cs__jentry *e = push(m, CS__J_JOB, i, &rc);
  if (e) {
    const cs_jobs *J = &m->jobs;
    e->u.job.out = J->out[i], e->u.job.in = J->in[i], e->u.job.price = J->price[i];
    e->u.job.materials = J->materials_cost[i], e->u.job.status = J->status[i];
  }
  return rc;
}

int cs__journal_job_item(cs_model *m, size_t i) {
  int rc;
  cs__jentry *e = push(m, CS__J_JOB_ITEM, i, &rc);
  if (e) e->u.qty = m->job_items.qty[i];
  return rc;
}

int cs__journal_item(cs_model *m, size_t i) {
  int rc;
  cs__jentry *e = push(m, CS__J_ITEM, i, &rc);
  if (e) e->u.qty = m->items.owned[i];
  return rc;
}

int cs__journal_crew_day(cs_model *m, size_t i) {
  int rc;
  cs__jentry *e = push(m, CS__J_CREW_DAY, i, &rc);
  if (e) e->u.available = m->crew_calendar.available[i];
  return rc;
}

size_t cs__journal_len(const cs_model *m) { return m->priv->njournal; }

const cs__jentry *cs__journal_last(const cs_model *m) {
  return m->priv->njournal ? &m->priv->journal[m->priv->njournal - 1] : NULL;
}

void cs__journal_undo_last(cs_model *m) {
  cs__model_priv *pv = m->priv;
  if (!pv->njournal) return;
  const cs__jentry *e = &pv->journal[--pv->njournal];
  cs_orders *O = &m->orders;
  switch (e->kind) {
    case CS__J_ORDER: {
      size_t o = e->index;
      O->qty[o] = e->u.order.qty;
      O->price[o] = e->u.order.price;
      O->due[o] = e->u.order.due;
      O->released[o] = e->u.order.released;
      O->shipped[o] = e->u.order.shipped;
      O->customer[o] = e->u.order.customer;
      O->status[o] = e->u.order.status;
      O->steps_done[o] = e->u.order.steps_done;
      break;
    }
    case CS__J_ORDER_ADDED:
      /* Rows are taken back newest first, so the added order is the last one. */
      cs__idmap_del(&pv->order_ids, O->id[e->index]);
      O->n = e->index;
      break;
    case CS__J_CALENDAR:
      m->calendar.capacity[e->index] = e->u.capacity;
      break;
    case CS__J_CALENDAR_ADDED: {
      size_t i = e->index;
      int32_t r = m->calendar.resource[i];
      pv->cal_head[r] = pv->cal_next[i];
      m->calendar.n = i;
      break;
    }
    case CS__J_SETTINGS:
      m->settings = e->u.settings.values;
      pv->settings_set = e->u.settings.set;
      pv->declared_id = e->u.settings.declared_id;
      break;
    case CS__J_APPOINTMENT: {
      cs_appointments *A = &m->appointments;
      size_t i = e->index;
      A->rep[i] = e->u.appt.rep, A->start[i] = e->u.appt.start, A->date[i] = e->u.appt.date;
      A->status[i] = e->u.appt.status;
      break;
    }
    case CS__J_APPOINTMENT_ADDED:
      cs__idmap_del(&pv->appointment_ids, m->appointments.id[e->index]);
      m->appointments.n = e->index;
      break;
    case CS__J_OPPORTUNITY: {
      cs_opportunities *P = &m->opportunities;
      size_t i = e->index;
      P->stage[i] = e->u.opp.stage, P->next_step[i] = e->u.opp.next_step;
      P->expected_throughput[i] = e->u.opp.expected, P->probability[i] = e->u.opp.probability;
      P->stage_since[i] = e->u.opp.stage_since;
      break;
    }
    case CS__J_OPPORTUNITY_ADDED:
      cs__idmap_del(&pv->opportunity_ids, m->opportunities.id[e->index]);
      m->opportunities.n = e->index;
      break;
    case CS__J_REP_DAY:
      m->rep_calendar.available[e->index] = e->u.available;
      break;
    case CS__J_REP_DAY_ADDED: {
      size_t i = e->index;
      pv->rep_day_head[m->rep_calendar.rep[i]] = pv->rep_day_next[i];
      m->rep_calendar.n = i;
      break;
    }
    case CS__J_OPP_FRICTION:
      m->opportunity_frictions.removed[e->index] = e->u.removed;
      break;
    case CS__J_OPP_FRICTION_ADDED:
      m->opportunity_frictions.n = e->index;
      break;
    case CS__J_STAGE_ADDED:
      m->stage_history.n = e->index;
      break;
    case CS__J_DECISION_ADDED:
      m->decisions.n = e->index;
      break;
    case CS__J_JOB: {
      cs_jobs *J = &m->jobs;
      size_t i = e->index;
      J->out[i] = e->u.job.out, J->in[i] = e->u.job.in, J->price[i] = e->u.job.price;
      J->materials_cost[i] = e->u.job.materials, J->status[i] = e->u.job.status;
      break;
    }
    case CS__J_JOB_ITEM:
      m->job_items.qty[e->index] = e->u.qty;
      break;
    case CS__J_ITEM:
      m->items.owned[e->index] = e->u.qty;
      break;
    case CS__J_CREW_DAY:
      m->crew_calendar.available[e->index] = e->u.available;
      break;
    case CS__J_JOB_ADDED:
    case CS__J_JOB_ITEM_ADDED:
    case CS__J_JOB_CREW_ADDED:
    case CS__J_CREW_DAY_ADDED:
      cs__rental_undo_added(m, e->kind, e->index);
      break;
  }
}
