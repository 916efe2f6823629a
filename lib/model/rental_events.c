/* rental_events.c — the rental house's events (DESIGN §9): a job created with its lines,
 * changed (dates, price, status, lines) or cancelled; an item's owned units changed (a
 * purchase, a loss, a repair); a crew member absent. Each checks what it names before it
 * changes anything, or takes back what it added, so a refused event leaves the model as it
 * was. */
#include <stdio.h>
#include <string.h>

#include "clockspeed/cs_events.h"
#include "model_priv.h"

/* The rows of the rental tables and the journal before an event, to take it back. */
typedef struct mark {
  size_t jobs, job_items, job_crew, journal;
} mark;

static mark mark_now(const cs_model *m) {
  return (mark){m->jobs.n, m->job_items.n, m->job_crew.n, m->priv->journal_on ? cs__journal_len(m) : 0};
}

/* Takes back the rows added since `k` (through the journal when a batch is open). */
static void back_to(cs_model *m, const mark *k) {
  if (m->priv->journal_on) {
    while (cs__journal_len(m) > k->journal) cs__journal_undo_last(m);
    return;
  }
  while (m->job_crew.n > k->job_crew) cs__rental_undo_added(m, CS__J_JOB_CREW_ADDED, m->job_crew.n - 1);
  while (m->job_items.n > k->job_items) cs__rental_undo_added(m, CS__J_JOB_ITEM_ADDED, m->job_items.n - 1);
  while (m->jobs.n > k->jobs) cs__rental_undo_added(m, CS__J_JOB_ADDED, m->jobs.n - 1);
}

/* Adds job j's item lines from an event, each checked as a row of job_items.csv. */
static int add_item_lines(cs_model *m, int32_t j, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  for (size_t k = 0; k < ev->njob_items; k++) {
    const char *v[3] = {m->jobs.id[j], ev->job_items[k].item, ev->job_items[k].qty};
    char path[48];
    snprintf(path, sizeof path, "items[%zu]", k);
    cs_loc at = {loc ? loc->file : "event", loc ? loc->line : 0, path};
    cs_row row = {v, NULL};
    int rc = cs_model_add_row(m, CS_TABLE_JOB_ITEMS, &row, &at, err);
    if (rc) return rc;
  }
  return 0;
}

int cs__job_created(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  mark k = mark_now(m);
  cs_row row = {ev->row, NULL};
  int rc = cs_model_add_row(m, CS_TABLE_JOBS, &row, loc, err);
  int32_t j = (int32_t)m->jobs.n - 1;
  if (!rc) rc = add_item_lines(m, j, ev, loc, err);
  for (size_t c = 0; c < ev->njob_crew && !rc; c++) {
    const cs_event_job_crew *L = &ev->job_crew[c];
    const char *v[5] = {m->jobs.id[j], L->skill, L->qty, L->from, L->to};
    char path[48];
    snprintf(path, sizeof path, "crew[%zu]", c);
    cs_loc at = {loc ? loc->file : "event", loc ? loc->line : 0, path};
    cs_row crow = {v, NULL};
    rc = cs_model_add_row(m, CS_TABLE_JOB_CREW, &crow, &at, err);
  }
  if (rc) back_to(m, &k);
  return rc;
}

/* job.changed and job.cancelled: dates, price and status first checked, then lines set. */
int cs__job_changed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t j = ev->job_id ? cs_model_find_job(m, ev->job_id) : -1;
  if (j < 0) return cs__err_at(err, loc, "job", 0, ev->job_id ? ev->job_id : "", "no job '%s'", ev->job_id ? ev->job_id : "");
  cs_jobs *J = &m->jobs;
  cs_date out = ev->has & CS_EVF_DATE ? ev->date : J->out[j], in = ev->has & CS_EVF_DUE ? ev->due : J->in[j];
  int status = ev->type == CS_EVENT_JOB_CANCELLED ? CS_JOB_CANCELLED : J->status[j];
  if (ev->value && (status = cs_job_status_parse(ev->value)) < 0)
    return cs__err_at(err, loc, "status", 0, ev->value, "'%s' is not a job status (quote, hold, confirmed, done, cancelled)",
                      ev->value);
  if (in < out) return cs__err_at(err, loc, "in", 0, "", "the job would come back before it goes out");
  if (in - out > 3660) return cs__err_at(err, loc, "in", 0, "", "the job would last more than 3660 days");
  /* Lines: each item must exist and each qty be a whole number 0 to 1e6. */
  for (size_t k = 0; k < ev->njob_items; k++) {
    const cs_event_job_item *L = &ev->job_items[k];
    char path[48];
    snprintf(path, sizeof path, "items[%zu]", k);
    cs_loc at = {loc ? loc->file : "event", loc ? loc->line : 0, path};
    if (!L->item || cs_model_find_item(m, L->item) < 0)
      return cs__err_at(err, &at, "item", 0, L->item ? L->item : "", "'%s' is not a known item", L->item ? L->item : "");
    long q;
    if (!L->qty || cs__parse_long(L->qty, 0, 1000000, &q))
      return cs__err_at(err, &at, "qty", 0, L->qty ? L->qty : "", "qty must be a whole number from 0 to 1000000");
  }
  mark k0 = mark_now(m);
  if (cs__journal_job(m, (size_t)j)) return cs__err(err, CS_ENOMEM, "out of memory");
  J->out[j] = out, J->in[j] = in, J->status[j] = (uint8_t)status;
  if (ev->price >= 0 && ev->type == CS_EVENT_JOB_CHANGED) J->price[j] = ev->price;
  for (size_t k = 0; k < ev->njob_items; k++) {
    const cs_event_job_item *L = &ev->job_items[k];
    int32_t i = cs_model_find_item(m, L->item), r = cs__job_item_find(m, j, i);
    long q = 0;
    cs__parse_long(L->qty, 0, 1000000, &q);
    int rc = 0;
    if (r >= 0) {
      if (cs__journal_job_item(m, (size_t)r)) rc = CS_ENOMEM;
      else m->job_items.qty[r] = (int32_t)q;
    } else if (q > 0) {
      rc = cs__add_job_item(m, j, i, (int32_t)q);
    }
    if (rc) {
      back_to(m, &k0);
      return cs__err(err, CS_ENOMEM, "out of memory");
    }
  }
  return 0;
}

int cs__item_changed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t i = ev->item_id ? cs_model_find_item(m, ev->item_id) : -1;
  if (i < 0) return cs__err_at(err, loc, "item", 0, ev->item_id ? ev->item_id : "", "no item '%s'", ev->item_id ? ev->item_id : "");
  if (cs__journal_item(m, (size_t)i)) return cs__err(err, CS_ENOMEM, "out of memory");
  m->items.owned[i] = (int32_t)ev->qty;
  return 0;
}

int cs__crew_absent(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t c = ev->crew_id ? cs_model_find_crew(m, ev->crew_id) : -1;
  if (c < 0) return cs__err_at(err, loc, "crew", 0, ev->crew_id ? ev->crew_id : "", "no crew member '%s'", ev->crew_id ? ev->crew_id : "");
  for (cs_date d = ev->date; d < ev->date + ev->days; d++) {
    int32_t r = cs__crew_day_find(m, c, d);
    if (r >= 0) {
      if (cs__journal_crew_day(m, (size_t)r)) return cs__err(err, CS_ENOMEM, "out of memory");
      m->crew_calendar.available[r] = 0;
    } else if (cs__add_crew_day(m, c, d, 0)) {
      return cs__err(err, CS_ENOMEM, "out of memory");
    }
  }
  return 0;
}
