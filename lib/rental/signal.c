/* signal.c — the rental house's Constraint (DESIGN §9): the dual of each item-day's owned
 * capacity, summed over the plan, says which item limits the house most and whether one
 * more unit pays back (the sum of its daily duals at least its purchase cost); the skill
 * that costs the most in freelancers and unfilled days is named beside it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rental_priv.h"

/* Orders item values by their unfillable days, then dual sum, highest first, then by item. */
static int by_value(const void *pa, const void *pb) {
  const cs_item_value *a = pa, *b = pb;
  if (a->unfillable_days != b->unfillable_days) return a->unfillable_days > b->unfillable_days ? -1 : 1;
  if (a->dual_sum != b->dual_sum) return a->dual_sum > b->dual_sum ? -1 : 1;
  return (a->item > b->item) - (a->item < b->item);
}

int cs_rental_signal_compute(const cs_model *m, cs_arena *a, cs_rental_signal **out, cs_error *err) {
  cs_rental_plan *p = NULL;
  int rc = cs_rental_plan_compute(m, NULL, a, &p, err);
  return rc ? rc : cs_rental_signal_of(m, p, a, out, err);
}

int cs_rental_signal_of(const cs_model *m, const cs_rental_plan *p, cs_arena *a, cs_rental_signal **out, cs_error *err) {
  cs_rental_signal *S = cs_arena_calloc(a, 1, sizeof *S);
  if (!S) return cs__err(err, CS_ENOMEM, "out of memory");
  S->plan = p;
  int rc = 0;
  double *sum = calloc(m->items.n + 1, sizeof *sum);
  int32_t *unf = calloc(m->items.n + 1, sizeof *unf);
  if (!sum || !unf) {
    free(sum), free(unf);
    return cs__err(err, CS_ENOMEM, "out of memory");
  }
  for (size_t k = 0; k < p->nduals; k++) {
    if (p->duals[k].unfillable) unf[p->duals[k].item]++;
    else sum[p->duals[k].item] += p->duals[k].value;
  }
  size_t n = 0;
  for (size_t i = 0; i < m->items.n; i++) n += sum[i] > 0 || unf[i] > 0;
  S->items = cs_arena_calloc(a, n + 1, sizeof *S->items);
  if (!S->items) {
    free(sum), free(unf);
    return cs__err(err, CS_ENOMEM, "out of memory");
  }
  double days = p->to != CS_DATE_NONE && p->from != CS_DATE_NONE ? (double)(p->to - p->from + 1) : 0;
  for (size_t i = 0; i < m->items.n; i++) {
    if (sum[i] <= 0 && !unf[i]) continue;
    double pc = m->items.purchase_cost[i];
    cs_item_value *v = &S->items[S->nitems++];
    v->item = (int32_t)i, v->dual_sum = sum[i], v->unfillable_days = unf[i];
    v->payback_days = pc >= 0 && !unf[i] && sum[i] > 0 ? pc / sum[i] * days : NAN;
    v->pays_back = pc >= 0 && (unf[i] > 0 || sum[i] >= pc);
  }
  free(sum), free(unf);
  qsort(S->items, S->nitems, sizeof *S->items, by_value);
  S->constraint_item = S->nitems ? S->items[0].item : -1;
  /* The skill that most limits the crew: the most days nobody can fill, then the most
   * spent on freelancers. */
  cs__idmap skills = {0};
  double *cost = calloc(p->ncrew + 1, sizeof *cost);
  int32_t *nobody = calloc(p->ncrew + 1, sizeof *nobody);
  const char **name = calloc(p->ncrew + 1, sizeof *name);
  size_t ns = 0;
  for (size_t k = 0; k < p->ncrew && cost && name && nobody && !rc; k++) {
    const char *skill = m->job_crew.skill[p->crew[k].line];
    int32_t s = cs__idmap_get(&skills, skill);
    if (s < 0) {
      s = (int32_t)ns;
      name[ns++] = skill;
      rc = cs__idmap_put(&skills, skill, s);
    }
    if (p->crew[k].crew < 0) nobody[s]++;
    else cost[s] += p->crew[k].cost;
  }
  if (!cost || !name || !nobody) rc = CS_ENOMEM;
  for (size_t s = 0; s < ns && !rc; s++)
    if (nobody[s] > S->skill_unfilled || (nobody[s] == S->skill_unfilled && cost[s] > S->skill_cost))
      S->skill_cost = cost[s], S->skill_unfilled = nobody[s], S->constraint_skill = name[s];
  cs__idmap_free(&skills);
  free(cost), free(name), free(nobody);
  if (rc) return cs__err(err, CS_ENOMEM, "out of memory");
  *out = S;
  return 0;
}
