/* pipeline.c — the recurring view of buying frictions and the pipeline by stage (DESIGN
 * §11, cs_pipeline.h), and the countermeasures for one opportunity. Everything is counted
 * from the model's three pipeline tables and the opportunities' stages; nothing is stored.
 * docs/friction.md gives every definition. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_pipeline.h"
#include "internal.h"

double cs_opportunity_expected(const cs_model *m, int32_t o) {
  return m->opportunities.expected_throughput[o] * m->opportunities.probability[o];
}

/* Orders doubles ascending (qsort). */
static int cmp_double(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

/* The median of n values (sorts them); NaN for none. */
static double median(double *v, size_t n) {
  if (!n) return NAN;
  qsort(v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The usual length of a stage, with a scratch array of at least stage_history.n doubles. */
static double usual_days(const cs_model *m, const char *stage, double *scratch) {
  const cs_stage_history *h = &m->stage_history;
  size_t n = 0;
  for (size_t i = 0; i < h->n; i++)
    if (h->entered[i] != CS_DATE_NONE && strcmp(h->stage[i], stage) == 0) scratch[n++] = (double)(h->left[i] - h->entered[i]);
  return n >= 3 ? median(scratch, n) : m->settings.stage_usual_days;
}

double cs_stage_usual_days(const cs_model *m, const char *stage) {
  double *scratch = malloc((m->stage_history.n + 1) * sizeof *scratch);
  double d = scratch ? usual_days(m, stage, scratch) : m->settings.stage_usual_days;
  free(scratch);
  return d;
}

/* The day a question is asked: `at`, or today. */
static int day_of(const cs_model *m, cs_date at, cs_date *out, cs_error *err) {
  *out = at != CS_DATE_NONE ? at : m->settings.today;
  if (*out == CS_DATE_NONE) return cs__err(err, CS_EINPUT, "the model has no today: give a date");
  return 0;
}

/* Whether observation i holds its deal on day d. */
static bool holds(const cs_opportunity_frictions *x, size_t i, cs_date d) {
  return x->observed[i] <= d && (x->removed[i] == CS_DATE_NONE || x->removed[i] > d);
}

int cs_friction_advise(const cs_model *m, int32_t o, cs_date at, cs_arena *a, cs_friction_advice **out, cs_error *err) {
  cs_date day;
  int rc = day_of(m, at, &day, err);
  if (rc) return rc;
  const cs_opportunity_frictions *x = &m->opportunity_frictions;
  cs_friction_advice *R = cs_arena_calloc(a, 1, sizeof *R);
  cs_friction_hold *h = R ? cs_arena_calloc(a, x->n + 1, sizeof *h) : NULL;
  if (!h) return cs__err(err, CS_ENOMEM, "out of memory");
  R->opportunity = o, R->at = day, R->expected = cs_opportunity_expected(m, o), R->holds = h;
  cs_date since = m->opportunities.stage_since[o];
  R->days_in_stage = since == CS_DATE_NONE ? -1 : (int32_t)(day - since);
  R->usual_days = cs_stage_usual_days(m, m->opportunities.stage[o]);
  R->stalled = R->days_in_stage >= 0 && R->days_in_stage > R->usual_days;
  for (size_t i = 0; i < x->n; i++)
    if (x->opportunity[i] == o && holds(x, i, day))
      h[R->n++] = (cs_friction_hold){(int32_t)i, x->friction[i], (int32_t)(day - x->observed[i])};
  /* Oldest first: the longest-standing friction is the first to remove. */
  for (size_t i = 1; i < R->n; i++)
    for (size_t k = i; k > 0 && h[k].days_open > h[k - 1].days_open; k--) {
      cs_friction_hold t = h[k];
      h[k] = h[k - 1], h[k - 1] = t;
    }
  *out = R;
  return 0;
}

/* A history row to sort: its deal, the day it left, its index. */
typedef struct stay {
  int32_t opportunity;
  cs_date left;
  int32_t row;
} stay;

/* Orders stays by opportunity, then by the day they left (qsort). */
static int cmp_stay(const void *x, const void *y) {
  const stay *a = x, *b = y;
  if (a->opportunity != b->opportunity) return (a->opportunity > b->opportunity) - (a->opportunity < b->opportunity);
  return (a->left > b->left) - (a->left < b->left);
}

/* Each history row's place among its deal's stays (0 for the first stage it left), and
 * each deal's count of stays before its present stage (before_now). */
static int stay_places(const cs_model *m, cs_arena *a, int32_t **place, int32_t *before_now) {
  const cs_stage_history *h = &m->stage_history;
  stay *s = cs_arena_calloc(a, h->n + 1, sizeof *s);
  int32_t *p = cs_arena_calloc(a, h->n + 1, sizeof *p);
  if (!s || !p) return CS_ENOMEM;
  for (size_t i = 0; i < h->n; i++) s[i] = (stay){h->opportunity[i], h->left[i], (int32_t)i};
  qsort(s, h->n, sizeof *s, cmp_stay);
  for (size_t i = 0; i < h->n; i++) {
    bool same = i > 0 && s[i].opportunity == s[i - 1].opportunity;
    p[s[i].row] = same ? p[s[i - 1].row] + 1 : 0;
    before_now[s[i].opportunity]++;
  }
  *place = p;
  return 0;
}

/* Where a stage comes in the pipeline: the mean number of stages a deal had left before
 * it, over the history and the present stages. */
static double stage_rank(const cs_model *m, const char *stage, const int32_t *place, const int32_t *before_now) {
  const cs_stage_history *h = &m->stage_history;
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; i < h->n; i++)
    if (strcmp(h->stage[i], stage) == 0) sum += place[i], n++;
  for (size_t o = 0; o < m->opportunities.n; o++)
    if (strcmp(m->opportunities.stage[o], stage) == 0) sum += before_now[o], n++;
  return n ? sum / (double)n : 0;
}

/* The pipeline's stages at day `to`, in the order deals go through them. */
static int stages_view(const cs_model *m, cs_date to, double *scratch, cs_arena *a, cs_pipeline_view *V,
                       cs_error *err) {
  const cs_opportunities *O = &m->opportunities;
  int32_t *before = cs_arena_calloc(a, O->n + 1, sizeof *before), *place = NULL;
  cs_stage_stats *S = cs_arena_calloc(a, O->n + 1, sizeof *S);
  double *rank = cs_arena_calloc(a, O->n + 1, sizeof *rank);
  if (!before || !S || !rank || stay_places(m, a, &place, before)) return cs__err(err, CS_ENOMEM, "out of memory");
  size_t ns = 0;
  for (size_t o = 0; o < O->n; o++) {
    size_t s = 0;
    while (s < ns && strcmp(S[s].stage, O->stage[o]) != 0) s++;
    if (s == ns) {
      S[ns].stage = O->stage[o];
      S[ns].usual_days = usual_days(m, O->stage[o], scratch);
      rank[ns] = stage_rank(m, O->stage[o], place, before);
      ns++;
    }
    S[s].opportunities++;
    double T = cs_opportunity_expected(m, (int32_t)o);
    S[s].throughput += T;
    if (O->stage_since[o] != CS_DATE_NONE && (double)(to - O->stage_since[o]) > S[s].usual_days) {
      S[s].stalled++;
      S[s].tdd += T * (double)(to - O->stage_since[o]);
    }
  }
  for (size_t s = 0; s < ns; s++) {
    size_t n = 0;
    for (size_t o = 0; o < O->n; o++)
      if (O->stage_since[o] != CS_DATE_NONE && strcmp(O->stage[o], S[s].stage) == 0)
        scratch[n++] = (double)(to - O->stage_since[o]);
    S[s].median_days_in_stage = median(scratch, n);
    V->tdd += S[s].tdd;
  }
  /* In pipeline order; ties by name. */
  for (size_t i = 1; i < ns; i++)
    for (size_t k = i; k > 0 && (rank[k] < rank[k - 1] || (rank[k] == rank[k - 1] && strcmp(S[k].stage, S[k - 1].stage) < 0));
         k--) {
      cs_stage_stats t = S[k];
      double r = rank[k];
      S[k] = S[k - 1], rank[k] = rank[k - 1];
      S[k - 1] = t, rank[k - 1] = r;
    }
  V->stages = S, V->nstages = ns;
  return 0;
}

int cs_pipeline_view_compute(const cs_model *m, cs_date from, cs_date to, cs_arena *a, cs_pipeline_view **out,
                             cs_error *err) {
  int rc = day_of(m, to, &to, err);
  if (rc) return rc;
  if (from == CS_DATE_NONE) from = to - 90;
  if (from > to) return cs_error_set(err, CS_EINPUT, "from", "", "the window starts after it ends");
  const cs_opportunity_frictions *x = &m->opportunity_frictions;
  const cs_opportunities *O = &m->opportunities;
  size_t nf = m->frictions.n, big = x->n + m->stage_history.n + O->n + 1;
  cs_pipeline_view *V = cs_arena_calloc(a, 1, sizeof *V);
  cs_friction_stats *F = V ? cs_arena_calloc(a, nf + 1, sizeof *F) : NULL;
  double *scratch = F ? cs_arena_calloc(a, big, sizeof *scratch) : NULL;
  double *usual = scratch ? cs_arena_calloc(a, O->n + 1, sizeof *usual) : NULL;
  int32_t *counted = usual ? cs_arena_calloc(a, O->n + 1, sizeof *counted) : NULL;
  if (!counted) return cs__err(err, CS_ENOMEM, "out of memory");
  V->from = from, V->to = to, V->frictions = F, V->nfrictions = nf;
  if ((rc = stages_view(m, to, scratch, a, V, err))) return rc;
  /* Each opportunity's stage's usual length, from the stages just counted. */
  for (size_t o = 0; o < O->n; o++)
    for (size_t s = 0; s < V->nstages; s++)
      if (strcmp(V->stages[s].stage, O->stage[o]) == 0) usual[o] = V->stages[s].usual_days;
  for (size_t f = 0; f < nf; f++) {
    cs_friction_stats *s = &F[f];
    s->friction = (int32_t)f;
    size_t nr = 0;
    for (size_t i = 0; i < x->n; i++) {
      if (x->friction[i] != (int32_t)f) continue;
      if (x->observed[i] >= from && x->observed[i] <= to) {
        s->observed++;
        if (x->removed[i] != CS_DATE_NONE && x->removed[i] <= to) {
          s->removed++;
          scratch[nr++] = (double)(x->removed[i] - x->observed[i]);
        }
      }
      /* A deal counts once for a friction, however often it was observed. */
      int32_t o = x->opportunity[i];
      if (!holds(x, i, to) || counted[o] == (int32_t)f + 1) continue;
      counted[o] = (int32_t)f + 1;
      double T = cs_opportunity_expected(m, o);
      s->holding++;
      s->throughput_held += T;
      if (O->stage_since[o] != CS_DATE_NONE && (double)(to - O->stage_since[o]) > usual[o])
        s->tdd += T * (double)(to - O->stage_since[o]);
    }
    s->median_days_to_remove = median(scratch, nr);
  }
  *out = V;
  return 0;
}
