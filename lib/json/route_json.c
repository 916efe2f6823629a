/* route_json.c — the route engine's answers as JSON (part of the one results-to-JSON
 * layer): a Solomon instance's routes, and the desk's route improvement with the event
 * that applies it. */
#include "clockspeed/cs_json.h"
#include "internal.h"
#include "json_priv.h"

json_t *cs_json_solomon(const char *name, const cs_vrp *p, const cs_vrp_solution *X) {
  json_t *routes = json_array();
  size_t used = 0;
  for (size_t v = 0; v < p->nvehicles; v++) {
    if (!X->len[v]) continue;
    json_t *r = json_array();
    for (size_t i = 0; i < X->len[v]; i++)
      json_array_append_new(r, json_integer(p->jobs[X->jobs[X->first[v] + i]].location));
    json_array_append_new(routes, r);
    used++;
  }
  json_t *missing = json_array();
  for (size_t j = 0; j < p->njobs; j++)
    if (X->vehicle_of[j] < 0) json_array_append_new(missing, json_integer(p->jobs[j].location));
  return json_pack("{s:s, s:I, s:o, s:o, s:o, s:I, s:o}", "instance", name, "vehicles", (json_int_t)used, "distance",
                   json_real(X->travel), "routes", routes, "unassigned", missing, "iterations",
                   (json_int_t)X->iterations, "seconds", json_real(X->seconds));
}

/* {"travel_min", "appointments"} of one side of a plan. */
static json_t *side(int32_t travel, size_t appointments) {
  return json_pack("{s:I, s:I}", "travel_min", (json_int_t)travel, "appointments", (json_int_t)appointments);
}

json_t *cs_json_reroute(const cs_model *m, const cs_reroute *P) {
  json_t *days = json_array(), *moves = json_array();
  for (size_t k = 0; k < P->ndays; k++) {
    const cs_reroute_day *D = &P->days[k];
    json_array_append_new(days, json_pack("{s:o, s:o, s:o, s:I, s:I, s:I}", "date", cs__json_date(D->date), "before",
                                          side(D->travel_before, D->appointments), "after",
                                          side(D->travel_after, D->appointments), "neighbourhoods",
                                          (json_int_t)D->groups, "improved", (json_int_t)D->improved, "left_alone",
                                          (json_int_t)D->left_alone));
  }
  for (size_t i = 0; i < P->nmoves; i++) {
    const cs_reroute_move *mv = &P->moves[i];
    char from[16], to[16];
    json_array_append_new(moves, json_pack("{s:s, s:o, s:s, s:s, s:s, s:s}", "appointment",
                                           m->appointments.id[mv->appointment], "date", cs__json_date(mv->date),
                                           "from_rep", m->reps.id[mv->from_rep], "to_rep", m->reps.id[mv->to_rep],
                                           "from_start", cs__fmt_hhmm(mv->from_start, from, sizeof from), "start",
                                           cs__fmt_hhmm(mv->start, to, sizeof to)));
  }
  return json_pack("{s:o, s:I, s:o, s:o, s:o, s:o, s:f, s:b}", "from",
                   cs__json_date(P->ndays ? P->days[0].date : CS_DATE_NONE), "days", (json_int_t)P->ndays, "before",
                   side(P->travel_before, P->appointments), "after", side(P->travel_after, P->appointments), "by_day",
                   days, "moves", moves, "seconds", P->seconds, "applied", 0);
}

char *cs_json_reroute_event(const cs_model *m, const cs_reroute *P) {
  if (!P->nmoves) return NULL;
  json_t *moves = json_array();
  for (size_t i = 0; moves && i < P->nmoves; i++) {
    const cs_reroute_move *mv = &P->moves[i];
    char start[16];
    json_array_append_new(moves, json_pack("{s:s, s:s, s:s}", "appointment", m->appointments.id[mv->appointment],
                                           "rep", m->reps.id[mv->to_rep], "start",
                                           cs__fmt_hhmm(mv->start, start, sizeof start)));
  }
  json_t *ev = moves ? json_pack("{s:s, s:o}", "type", "appointments.rerouted", "moves", moves) : NULL;
  char *text = ev ? json_dumps(ev, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(ev);
  return text;
}
