/* sales_json.c — the sales desk's answers as JSON, for `--json` and the HTTP API alike
 * (part of the one results-to-JSON layer): the best slots for a visit and the
 * coordinator's board. */
#include <stdio.h>

#include "clockspeed/cs_command.h"
#include "clockspeed/cs_json.h"
#include "internal.h"
#include "json_priv.h"

/* A time of day as "HH:MM". */
static json_t *json_time(int32_t t) {
  char buf[16];
  return json_string(cs__fmt_hhmm(t, buf, sizeof buf));
}

json_t *cs_json_slots(const cs_model *m, const cs_slot_result *R) {
  json_t *arr = json_array();
  for (size_t i = 0; i < R->n; i++) {
    const cs_slot *s = &R->slots[i];
    json_array_append_new(
        arr, json_pack("{s:s, s:o, s:o, s:o, s:I, s:o, s:o, s:o, s:I, s:I}", "rep", m->reps.id[s->rep], "date",
                       cs__json_date(s->date), "start", json_time(s->start), "end", json_time(s->end), "added_travel_min",
                       (json_int_t)s->added_travel, "value", cs__json_num(s->value), "bid_price_per_min",
                       cs__json_num(s->bid_price), "score", cs__json_num(s->score), "fill_before",
                       (json_int_t)s->fill_before, "fill_after", (json_int_t)s->fill_after));
  }
  return json_pack("{s:o, s:I, s:I, s:o, s:o}", "slots", arr, "considered", (json_int_t)R->considered, "feasible",
                   (json_int_t)R->feasible, "why_none", R->n || !R->why_none ? json_null() : json_string(R->why_none),
                   "booked", R->booked ? json_string(R->booked) : json_null());
}

char *cs_json_appointment_booked_event(const cs_model *m, const cs_book_ask *b, const cs_slot *s, const char *id) {
  char date[11], start[16];
  cs__fmt_hhmm(s->start, start, sizeof start);
  json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "id", id, "opportunity",
                          m->opportunities.id[b->q.opportunity], "rep", m->reps.id[s->rep], "date",
                          cs_date_format(s->date, date), "start", start, "duration_min", (json_int_t)b->q.duration,
                          "status", "booked");
  if (row && b->q.skill && *b->q.skill) json_object_set_new(row, "skill", json_string(b->q.skill));
  if (row && b->q.window_from >= 0) json_object_set_new(row, "window_from", json_time(b->q.window_from));
  if (row && b->q.window_to >= 0) json_object_set_new(row, "window_to", json_time(b->q.window_to));
  json_t *ev = row ? json_pack("{s:s, s:o}", "type", "appointment.booked", "appointment", row) : NULL;
  char *text = ev ? json_dumps(ev, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(ev);
  return text;
}

void cs_appointment_id(const cs_model *m, cs_date at, char *buf, size_t size) {
  char d[11];
  cs_date_format(at, d);
  for (size_t n = m->appointments.n + 1;; n++) {
    snprintf(buf, size, "APT-%.4s%.2s%.2s-%zu", d, d + 5, d + 8, n);
    if (cs_model_find_appointment(m, buf) < 0) return;
  }
}

json_t *cs_json_board(const cs_model *m, const cs_board *B) {
  json_t *reps = json_array(), *queue = json_array();
  for (size_t i = 0; i < B->nreps; i++) {
    const cs_board_rep *r = &B->reps[i];
    json_t *empty = json_array();
    for (size_t k = 0; k < r->nempty; k++) json_array_append_new(empty, cs__json_date(r->empty_days[k]));
    json_array_append_new(reps, json_pack("{s:s, s:I, s:I, s:o, s:s, s:o}", "id", m->reps.id[r->rep], "booked_ahead",
                                          (json_int_t)r->booked_ahead, "target", (json_int_t)r->target, "fill",
                                          cs__json_num(r->fill), "color", cs_buffer_color_name(r->color), "empty_days",
                                          empty));
  }
  for (size_t i = 0; i < B->nqueue; i++) {
    const cs_board_item *q = &B->queue[i];
    json_t *item = json_pack("{s:s, s:o, s:o, s:o}", "opportunity", m->opportunities.id[q->opportunity], "value",
                             cs__json_num(q->value), "value_per_rep_min", cs__json_num(q->value_per_rep_min), "age_days",
                             cs__json_num(q->age_days));
    json_object_set_new(item, "appointment", q->appointment >= 0 ? json_string(m->appointments.id[q->appointment]) : json_null());
    json_array_append_new(queue, item);
  }
  json_t *stages = json_array();
  for (size_t i = 0; i < B->nstages; i++)
    json_array_append_new(stages, json_pack("{s:s, s:I, s:o}", "stage", B->stages[i].stage, "opportunities",
                                            (json_int_t)B->stages[i].opportunities, "throughput",
                                            cs__json_num(B->stages[i].throughput)));
  json_t *measures = json_pack(
      "{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "appointments_per_rep_day", cs__json_num(B->appointments_per_rep_day),
      "selling_time_share", cs__json_num(B->selling_time_share), "travel_share", cs__json_num(B->travel_share),
      "no_show_rate", cs__json_num(B->no_show_rate), "pipeline_throughput", cs__json_num(B->pipeline_throughput),
      "pipeline_by_stage", stages, "stage_advances_per_week", cs__json_num(B->stage_advances_per_week));
  return json_pack("{s:o, s:o, s:o}", "reps", reps, "queue", queue, "measures", measures);
}

/* One day of a rep's diary: the working day, and each visit with the driving before it. */
static json_t *diary_day_json(const cs_model *m, const cs_diary_day *x) {
  const cs_appointments *A = &m->appointments;
  json_t *visits = json_array();
  for (size_t i = 0; i < x->n; i++) {
    int32_t a = x->visits[i].appointment, o = A->opportunity[a], acc = m->opportunities.account[o];
    json_t *v = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:b, s:I}", "id", A->id[a], "opportunity",
                          m->opportunities.id[o], "account", m->accounts.id[acc], "lat", cs__json_num(m->accounts.lat[acc]),
                          "lon", cs__json_num(m->accounts.lon[acc]), "start", json_time(A->start[a]), "end",
                          json_time(A->start[a] + A->duration[a]), "status", cs_appt_status_name((cs_appt_status)A->status[a]),
                          "pinned", (int)A->pinned[a], "travel_before_min", (json_int_t)x->visits[i].travel_before);
    /* Line of sight: the customer, the step the visit is for, the throughput at stake. */
    if (v) {
      json_object_set_new(v, "customer", json_string(m->accounts.name[acc]));
      json_object_set_new(v, "next_step", json_string(m->opportunities.next_step[o]));
      json_object_set_new(v, "value", cs__json_num(m->opportunities.expected_throughput[o] * m->opportunities.probability[o]));
    }
    json_array_append_new(visits, v);
  }
  return json_pack("{s:o, s:b, s:o, s:o, s:I, s:I, s:I, s:o}", "date", cs__json_date(x->date), "works", (int)x->works,
                   "start", json_time(x->start), "end", json_time(x->end), "travel_min", (json_int_t)x->travel,
                   "busy_min", (json_int_t)x->busy, "travel_home_min", (json_int_t)x->travel_home, "visits", visits);
}

json_t *cs_json_diary(const cs_model *m, const cs_diary *D) {
  json_t *reps = json_array();
  for (size_t i = 0; i < D->nreps; i++) {
    const cs_diary_rep *R = &D->reps[i];
    json_t *days = json_array();
    for (size_t k = 0; k < D->ndays; k++) json_array_append_new(days, diary_day_json(m, &R->days[k]));
    json_array_append_new(reps, json_pack("{s:s, s:s, s:{s:o, s:o}, s:o}", "id", m->reps.id[R->rep], "name",
                                          m->reps.name[R->rep], "home", "lat", cs__json_num(m->reps.home_lat[R->rep]),
                                          "lon", cs__json_num(m->reps.home_lon[R->rep]), "days", days));
  }
  return json_pack("{s:o, s:I, s:o}", "from", cs__json_date(D->from), "days", (json_int_t)D->ndays, "reps", reps);
}
