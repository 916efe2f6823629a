/* route_json.c — the route engine's answers as JSON (part of the one results-to-JSON
 * layer): a Solomon instance's routes. */
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
