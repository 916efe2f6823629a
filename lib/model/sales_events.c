/* sales_events.c — the sales desk's events applied to the model (DESIGN §8): visits
 * requested, booked, moved, cancelled, done or missed, opportunities created and changed,
 * reps away. A booked visit may not overlap another visit of the same rep that day, nor
 * pass the rep's target of visits a day: no event can double-book a rep. (That the drive
 * between visits fits is the desk's to check when it offers the slot.) Each handler checks
 * everything before it changes anything; every change is journalled (journal.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_events.h"
#include "model_priv.h"

/* Finds the appointment an event names. */
static int get_appointment(const cs_model *m, const cs_event *ev, const cs_loc *loc, int32_t *a, cs_error *err) {
  *a = ev->appointment_id ? cs_model_find_appointment(m, ev->appointment_id) : -1;
  if (*a >= 0) return 0;
  if (!ev->appointment_id) cs__err_at(err, loc, "appointment", 0, "", "missing field 'appointment' (an id)");
  else cs__err_at(err, loc, "appointment", 0, ev->appointment_id, "no appointment '%s'", ev->appointment_id);
  return CS_EINPUT;
}

/* Whether appointment a holds time on its rep's day. */
static bool holds_time(const cs_model *m, size_t a) {
  uint8_t s = m->appointments.status[a];
  return s == CS_APPT_BOOKED || s == CS_APPT_DONE || s == CS_APPT_NO_SHOW;
}

/* Checks that visit a, as it now stands, neither overlaps another visit of its rep that
 * day nor passes the rep's target; names the field to blame. */
static int fits_the_day(const cs_model *m, size_t a, const cs_loc *loc, cs_error *err) {
  const cs_appointments *A = &m->appointments;
  int32_t r = A->rep[a], s = A->start[a], e = s + A->duration[a], count = 1;
  for (size_t i = 0; i < A->n; i++) {
    if (i == a || !holds_time(m, i) || A->rep[i] != r || A->date[i] != A->date[a]) continue;
    count++;
    if (A->start[i] < e && s < A->start[i] + A->duration[i])
      return cs__err_at(err, loc, "start", 0, A->id[a], "appointment '%s' would overlap '%s' of rep '%s'", A->id[a],
                        A->id[i], m->reps.id[r]);
  }
  if (count > m->reps.target_per_day[r])
    return cs__err_at(err, loc, "date", 0, A->id[a], "rep '%s' already holds %d visits that day (the target)",
                      m->reps.id[r], (int)m->reps.target_per_day[r]);
  return 0;
}

/* appointment.requested and appointment.booked: the row, validated as a row of
 * appointments.csv (a request that does not say when it came in came in today); a booked
 * one must fit its rep's day, else it is taken back. */
int cs__appointment_created(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  cs_row row = {ev->row, NULL};
  size_t n = m->appointments.n;
  int rc = cs_model_add_row(m, CS_TABLE_APPOINTMENTS, &row, loc, err);
  if (!rc && m->appointments.requested_on[n] == CS_DATE_NONE) m->appointments.requested_on[n] = m->settings.today;
  if (rc || !holds_time(m, n)) return rc;
  rc = fits_the_day(m, n, loc, err);
  if (rc) {
    /* Taken back: the row was the last one appended (and journalled, when a batch is open). */
    if (m->priv->journal_on) cs__journal_undo_last(m);
    else {
      cs__idmap_del(&m->priv->appointment_ids, m->appointments.id[n]);
      m->appointments.n = n;
    }
  }
  return rc;
}

/* appointment.moved: a booked, unpinned visit takes a new rep, date or start. */
int cs__appointment_moved(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t a;
  int rc = get_appointment(m, ev, loc, &a, err);
  if (rc) return rc;
  cs_appointments *A = &m->appointments;
  if (A->status[a] != CS_APPT_BOOKED)
    return cs__err_at(err, loc, "appointment", 0, A->id[a], "appointment '%s' is %s; only a booked one moves", A->id[a],
                      cs_appt_status_name((cs_appt_status)A->status[a]));
  if (A->pinned[a])
    return cs__err_at(err, loc, "appointment", 0, A->id[a], "appointment '%s' is pinned: promised to the customer", A->id[a]);
  int32_t rep = A->rep[a];
  if ((ev->has & CS_EVF_REP) && (rep = cs_model_find_rep(m, ev->rep_id)) < 0)
    return cs__err_at(err, loc, "rep", 0, ev->rep_id, "no rep '%s'", ev->rep_id);
  if ((ev->has & CS_EVF_START) && ev->start + A->duration[a] > 1440)
    return cs__err_at(err, loc, "start", 0, A->id[a], "the visit would end after midnight");
  if (cs__journal_appointment(m, (size_t)a)) return cs__err(err, CS_ENOMEM, "out of memory");
  int32_t old_rep = A->rep[a], old_start = A->start[a];
  cs_date old_date = A->date[a];
  A->rep[a] = rep;
  if (ev->has & CS_EVF_DATE) A->date[a] = ev->date;
  if (ev->has & CS_EVF_START) A->start[a] = ev->start;
  rc = fits_the_day(m, (size_t)a, loc, err);
  if (rc) {
    A->rep[a] = old_rep, A->start[a] = old_start, A->date[a] = old_date;
    if (m->priv->journal_on) m->priv->njournal--;
  }
  return rc;
}

/* A rep's day as one sortable key. */
static int64_t rep_day_key(int32_t rep, cs_date date) { return (int64_t)rep << 32 | (uint32_t)date; }

/* Orders 64-bit keys ascending (qsort). */
static int cmp_key(const void *x, const void *y) {
  int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
  return (a > b) - (a < b);
}

/* One visit that holds time on a rep's day a reroute touched. */
typedef struct held_visit {
  int64_t key;
  int32_t start, a;
} held_visit;

/* Orders held visits by rep-day, then start (qsort). */
static int cmp_held(const void *x, const void *y) {
  const held_visit *a = x, *b = y;
  if (a->key != b->key) return (a->key > b->key) - (a->key < b->key);
  return (a->start > b->start) - (a->start < b->start);
}

/* Checks, after a reroute, every rep-day in keys[0..nkeys) (sorted): no two visits overlap
 * and none holds more than the rep's target. One pass over the visits, then a sort. */
static int days_fit(const cs_model *m, const int64_t *keys, size_t nkeys, const cs_loc *loc, cs_error *err) {
  const cs_appointments *A = &m->appointments;
  held_visit *h = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  for (size_t i = 0; i < A->n && !rc; i++) {
    if (!holds_time(m, i)) continue;
    int64_t key = rep_day_key(A->rep[i], A->date[i]);
    if (!bsearch(&key, keys, nkeys, sizeof *keys, cmp_key)) continue;
    if (cs__grow((void **)&h, sizeof *h, &cap, n + 1)) rc = cs__err(err, CS_ENOMEM, "out of memory");
    else h[n++] = (held_visit){key, A->start[i], (int32_t)i};
  }
  if (!rc && n) qsort(h, n, sizeof *h, cmp_held);
  for (size_t i = 0, count = 0; i < n && !rc; i++) {
    count = i && h[i].key == h[i - 1].key ? count + 1 : 1;
    int32_t a = h[i].a, r = A->rep[a];
    char day[11];
    if (i && h[i].key == h[i - 1].key && h[i - 1].start + A->duration[h[i - 1].a] > h[i].start)
      rc = cs__err_at(err, loc, "moves", 0, A->id[a], "appointment '%s' would overlap '%s' of rep '%s' on %s", A->id[a],
                      A->id[h[i - 1].a], m->reps.id[r], cs_date_format(A->date[a], day));
    else if ((int32_t)count > m->reps.target_per_day[r])
      rc = cs__err_at(err, loc, "moves", 0, A->id[a], "rep '%s' would hold more than %d visits (the target) on %s",
                      m->reps.id[r], (int)m->reps.target_per_day[r], cs_date_format(A->date[a], day));
  }
  free(h);
  return rc;
}

/* Checks one move of appointments.rerouted against the model: a booked, unpinned visit,
 * a known rep, a start that ends the visit by midnight. */
static int move_ok(const cs_model *m, const cs_event_move *mv, int32_t a, int32_t r, const cs_loc *at, cs_error *err) {
  const cs_appointments *A = &m->appointments;
  if (a < 0) return cs__err_at(err, at, "appointment", 0, mv->appointment_id, "no appointment '%s'", mv->appointment_id);
  if (A->status[a] != CS_APPT_BOOKED)
    return cs__err_at(err, at, "appointment", 0, A->id[a], "appointment '%s' is %s; only a booked one moves", A->id[a],
                      cs_appt_status_name((cs_appt_status)A->status[a]));
  if (A->pinned[a])
    return cs__err_at(err, at, "appointment", 0, A->id[a], "appointment '%s' is pinned: promised to the customer", A->id[a]);
  if (r < 0) return cs__err_at(err, at, "rep", 0, mv->rep_id, "no rep '%s'", mv->rep_id);
  if (mv->start + A->duration[a] > 1440)
    return cs__err_at(err, at, "start", 0, A->id[a], "the visit would end after midnight");
  return 0;
}

/* appointments.rerouted: booked, unpinned visits take new reps and starts on their dates,
 * all at once (a route plan swaps visits between reps, which one move at a time could not
 * do without overlapping); the plan is then checked whole — no two visits of a rep
 * overlap, no day passes its target — and taken back whole when it breaks a rule. */
int cs__appointments_rerouted(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  cs_appointments *A = &m->appointments;
  size_t n = ev->nmoves, done = 0;
  int32_t *old_rep = malloc((n + 1) * sizeof *old_rep), *old_start = malloc((n + 1) * sizeof *old_start);
  int32_t *idx = malloc((n + 1) * sizeof *idx);
  int64_t *keys = malloc((n + 1) * sizeof *keys);
  uint8_t *moved = calloc(A->n + 1, 1);
  int rc = 0;
  if (!old_rep || !old_start || !idx || !keys || !moved) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  for (size_t k = 0; k < n && !rc; k++) {
    const cs_event_move *mv = &ev->moves[k];
    char path[40];
    snprintf(path, sizeof path, "moves[%zu]", k);
    cs_loc at = {loc ? loc->file : NULL, loc ? loc->line : 0, path};
    int32_t a = cs_model_find_appointment(m, mv->appointment_id), r = cs_model_find_rep(m, mv->rep_id);
    rc = move_ok(m, mv, a, r, &at, err);
    if (!rc && moved[a]) rc = cs__err_at(err, &at, "appointment", 0, A->id[a], "appointment '%s' is moved twice", A->id[a]);
    if (!rc && cs__journal_appointment(m, (size_t)a)) rc = cs__err(err, CS_ENOMEM, "out of memory");
    if (rc) break;
    moved[a] = 1;
    idx[done] = a, old_rep[done] = A->rep[a], old_start[done] = A->start[a];
    keys[done] = rep_day_key(r, A->date[a]);
    A->rep[a] = r, A->start[a] = mv->start;
    done++;
  }
  if (!rc && done) {
    qsort(keys, done, sizeof *keys, cmp_key);
    rc = days_fit(m, keys, done, loc, err);
  }
  if (rc) {
    for (size_t k = done; k-- > 0;) A->rep[idx[k]] = old_rep[k], A->start[idx[k]] = old_start[k];
    if (m->priv->journal_on) m->priv->njournal -= done;
  }
out:
  free(idx);
  free(old_rep);
  free(old_start);
  free(keys);
  free(moved);
  return rc;
}

/* appointment.cancelled, .done, .no_show: a visit's status moves on. A visit that happened
 * or was missed cannot be cancelled; only a booked one is done or missed. */
int cs__appointment_status(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t a;
  int rc = get_appointment(m, ev, loc, &a, err);
  if (rc) return rc;
  cs_appointments *A = &m->appointments;
  uint8_t now = A->status[a], to = ev->type == CS_EVENT_APPOINTMENT_CANCELLED ? CS_APPT_CANCELLED
                                   : ev->type == CS_EVENT_APPOINTMENT_DONE   ? CS_APPT_DONE
                                                                             : CS_APPT_NO_SHOW;
  bool ok = to == CS_APPT_CANCELLED ? now == CS_APPT_REQUESTED || now == CS_APPT_BOOKED : now == CS_APPT_BOOKED;
  if (!ok)
    return cs__err_at(err, loc, "appointment", 0, A->id[a], "appointment '%s' is %s and cannot become %s", A->id[a],
                      cs_appt_status_name((cs_appt_status)now), cs_appt_status_name((cs_appt_status)to));
  if (cs__journal_appointment(m, (size_t)a)) return cs__err(err, CS_ENOMEM, "out of memory");
  A->status[a] = to;
  return 0;
}

/* opportunity.created: the row, validated as a row of opportunities.csv; one that does
 * not say since when it is in its stage entered it today. */
int cs__opportunity_created(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  cs_row row = {ev->row, NULL};
  size_t n = m->opportunities.n;
  int rc = cs_model_add_row(m, CS_TABLE_OPPORTUNITIES, &row, loc, err);
  if (!rc && m->opportunities.stage_since[n] == CS_DATE_NONE) m->opportunities.stage_since[n] = m->settings.today;
  return rc;
}

/* opportunity.changed: stage, next step, expected throughput and probability take new
 * values when given; a stage that changes starts today (stage_since), and the stage left
 * goes to the history, as opportunity.stage_changed does. */
int cs__opportunity_changed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t o = ev->opportunity_id ? cs_model_find_opportunity(m, ev->opportunity_id) : -1;
  if (!ev->opportunity_id) return cs__err_at(err, loc, "opportunity", 0, "", "missing field 'opportunity' (an id)");
  if (o < 0) return cs__err_at(err, loc, "opportunity", 0, ev->opportunity_id, "no opportunity '%s'", ev->opportunity_id);
  cs_opportunities *O = &m->opportunities;
  const char *next = ev->has & CS_EVF_NEXT_STEP ? cs__model_str(m, ev->next_step) : O->next_step[o];
  if (!next || ((ev->has & CS_EVF_STAGE) && cs__change_stage(m, (size_t)o, ev->stage, m->settings.today)) ||
      cs__journal_opportunity(m, (size_t)o))
    return cs__err(err, CS_ENOMEM, "out of memory");
  O->next_step[o] = next;
  if (ev->has & CS_EVF_EXPECTED) O->expected_throughput[o] = ev->expected_throughput;
  if (ev->has & CS_EVF_PROBABILITY) O->probability[o] = ev->probability;
  return 0;
}

/* rep.absent: the rep does not work on `days` dates from `date`. */
int cs__rep_absent(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t r = ev->rep_id ? cs_model_find_rep(m, ev->rep_id) : -1;
  if (!ev->rep_id) return cs__err_at(err, loc, "rep", 0, "", "missing field 'rep' (an id)");
  if (r < 0) return cs__err_at(err, loc, "rep", 0, ev->rep_id, "no rep '%s'", ev->rep_id);
  for (cs_date d = ev->date; d < ev->date + ev->days; d++) {
    int32_t i = cs__rep_day_find(m, r, d);
    if (i >= 0) {
      if (cs__journal_rep_day(m, (size_t)i)) return cs__err(err, CS_ENOMEM, "out of memory");
      m->rep_calendar.available[i] = 0;
    } else if (cs__add_rep_day(m, r, d, 0, -1, -1)) {
      return cs__err(err, CS_ENOMEM, "out of memory");
    }
  }
  return 0;
}
