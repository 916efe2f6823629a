/* plan.c — one plan for every held and confirmed job (DESIGN §9): which jobs take part
 * and from which day, the gear half (gear.c) and the crew half (crew.c) put together,
 * with the plan's cost, its lower bound and the gap between them. */
#include <stdlib.h>

#include "rental_priv.h"

bool cs_job_planned(const cs_model *m, int32_t j) {
  return m->jobs.status[j] == CS_JOB_HOLD || m->jobs.status[j] == CS_JOB_CONFIRMED;
}

cs_date cs__line_end(const cs_model *m, int32_t r) {
  return m->jobs.in[m->job_items.job[r]] + m->items.turnaround_days[m->job_items.item[r]];
}

int cs__scope_init(cs__scope *S, const cs_model *m, const cs_rental_options *opt, cs_error *err) {
  S->m = m;
  S->from = opt && opt->from != CS_DATE_NONE ? opt->from : m->settings.today;
  S->items = NULL, S->used0 = NULL, S->billed = NULL, S->nbilled = 0;
  S->warm = NULL, S->keep_basis = false;
  S->crew_from = S->crew_to = CS_DATE_NONE;
  S->planned = calloc(m->jobs.n + 1, 1);
  if (!S->planned) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t j = 0; j < m->jobs.n; j++) S->planned[j] = cs_job_planned(m, (int32_t)j);
  if (opt && opt->with_job >= 0) S->planned[opt->with_job] = 1;
  if (opt && opt->without_job >= 0) S->planned[opt->without_job] = 0;
  S->warm = opt ? opt->warm : NULL;
  S->keep_basis = opt && opt->keep_basis;
  return 0;
}

void cs__scope_free(cs__scope *S) {
  free(S->planned);
  S->planned = NULL;
}

double cs_rental_line_cost(const cs_rental_plan *p, const cs_rental_line *l) {
  double c = 0;
  for (size_t k = l->first; k < l->first + l->nsubs; k++) c += p->subs[k].cost;
  return c;
}

int cs__plan_scope(const cs__scope *S, double secs, bool prove, cs_arena *a, cs_rental_plan **out, cs_error *err) {
  const cs_model *m = S->m;
  cs_rental_plan *p = cs_arena_calloc(a, 1, sizeof *p);
  if (!p) return cs__err(err, CS_ENOMEM, "out of memory");
  double lb_gear = 0, lb_crew = 0;
  /* The crew first: the gear's whole-number search then runs only when the plan could be
   * more than CS_RENTAL_GAP above its bound in all. */
  int rc = cs__crew_plan(S, a, p, &lb_crew, err);
  if (!rc) {
    double crew_gap = p->crew_cost - (lb_crew < p->crew_cost ? lb_crew : p->crew_cost);
    double slack = CS_RENTAL_GAP * p->crew_cost - crew_gap;
    rc = cs__gear_plan(S, secs, prove ? -1 : slack > 0 ? slack : 0, a, p, &lb_gear, err);
  }
  if (rc) return rc;
  p->from = S->from;
  p->to = S->from;
  for (size_t j = 0; j < m->jobs.n; j++) {
    if (!S->planned[j] || (S->from != CS_DATE_NONE && m->jobs.in[j] < S->from)) continue;
    p->jobs++;
    if (p->from == CS_DATE_NONE || m->jobs.out[j] < p->from) p->from = m->jobs.out[j];
    if (p->to == CS_DATE_NONE || m->jobs.in[j] > p->to) p->to = m->jobs.in[j];
  }
  if (S->from != CS_DATE_NONE) p->from = S->from;
  p->cost = p->gear_cost + p->crew_cost;
  /* A bound above its half's cost comes from rounding, or from a plan that leaves more
   * unfilled than its relaxation (max_days binding): the cost is then its own bound. */
  p->gear_bound = lb_gear < p->gear_cost ? lb_gear : p->gear_cost;
  p->crew_bound = lb_crew < p->crew_cost ? lb_crew : p->crew_cost;
  p->lower_bound = p->gear_bound + p->crew_bound;
  p->gap = p->cost > 0 ? (p->cost - p->lower_bound) / p->cost : 0;
  *out = p;
  return 0;
}

int cs_rental_plan_compute(const cs_model *m, const cs_rental_options *opt, cs_arena *a, cs_rental_plan **out,
                           cs_error *err) {
  cs__scope S;
  int rc = cs__scope_init(&S, m, opt, err);
  if (rc) return rc;
  double secs = !opt || opt->milp_seconds == 0 ? CS_RENTAL_MILP_SECONDS : opt->milp_seconds < 0 ? 0 : opt->milp_seconds;
  rc = cs__plan_scope(&S, secs, opt && opt->prove, a, out, err);
  cs__scope_free(&S);
  return rc;
}
