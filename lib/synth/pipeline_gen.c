/* pipeline_gen.c — the sales demo's pipeline (DESIGN §11): the starter catalogue of
 * frictions, the stages each opportunity went through before its present one, and the
 * frictions observed on the deals — the ones that fit the buyer's job at that stage —
 * some removed since, some holding the deal still. Its own random stream, so the rest of
 * the demo is the same with or without it. */
#include <stdio.h>
#include <string.h>

#include "rng.h"
#include "synth_priv.h"

/* The demo's stages in order, the buying jobs a deal in each is usually doing, and how
 * many days a stay in each usually lasts. */
static const char *const stages[] = {"qualify", "discovery", "proposal", "negotiation"};
static const cs_buying_job jobs[][2] = {
  {CS_JOB_PROBLEM_IDENTIFICATION, CS_JOB_SOLUTION_EXPLORATION},
  {CS_JOB_SOLUTION_EXPLORATION, CS_JOB_REQUIREMENTS_BUILDING},
  {CS_JOB_SUPPLIER_SELECTION, CS_JOB_VALIDATION},
  {CS_JOB_VALIDATION, CS_JOB_CONSENSUS_CREATION},
};
static const double usual_days[] = {14, 21, 28, 21};

/* The index of a stage among the demo's, or -1. */
static int stage_index(const char *s) {
  for (int k = 0; k < 4; k++)
    if (strcmp(s, stages[k]) == 0) return k;
  return -1;
}

/* Adds a row given as text. */
static int add(cs_model *m, cs_table t, const char *const *values, long line, cs_error *err) {
  cs_loc loc = {cs_table_file(t), line, NULL};
  cs_row row = {values, NULL};
  return cs_model_add_row(m, t, &row, &loc, err);
}

/* A friction of the catalogue for buying job j, picked at random. */
static int32_t friction_of(const cs_model *m, cs_buying_job j, cs__rng *g) {
  int32_t of[16];
  size_t n = 0;
  for (size_t f = 0; f < m->frictions.n && n < 16; f++)
    if (m->frictions.buying_job[f] == j) of[n++] = (int32_t)f;
  return n ? of[cs__rng_pick(g, n)] : -1;
}

int cs__generate_pipeline(cs_model *m, uint64_t seed, cs_error *err) {
  int rc = cs__add_friction_catalogue(m, err);
  cs__rng g = {seed};
  cs_date today = m->settings.today;
  char a[5][64];
  const char *v[5] = {a[0], a[1], a[2], a[3], a[4]};
  long hline = 2, fline = 2;
  for (size_t o = 0; o < m->opportunities.n && !rc && today != CS_DATE_NONE; o++) {
    int st = stage_index(m->opportunities.stage[o]);
    cs_date since = m->opportunities.stage_since[o];
    if (st < 0 || since == CS_DATE_NONE) continue;
    /* The stages before: each stay about its usual length, back from the present one. */
    cs_date left = since;
    cs_date entered_at[4];
    for (int k = st - 1; k >= 0; k--) {
      entered_at[k] = left - (cs_date)(usual_days[k] * cs__rng_uniform(&g, 0.5, 1.8));
      left = entered_at[k];
    }
    for (int k = 0; k < st && !rc; k++) {
      cs_date out = k + 1 < st ? entered_at[k + 1] : since;
      snprintf(a[0], 64, "%s", m->opportunities.id[o]);
      snprintf(a[1], 64, "%s", stages[k]);
      cs_date_format(entered_at[k], a[2]);
      cs_date_format(out, a[3]);
      rc = add(m, CS_TABLE_STAGE_HISTORY, v, hline++, err);
      /* A friction met in that stage, removed before the deal moved on. */
      if (!rc && cs__rng_uniform(&g, 0, 1) < 0.35) {
        int32_t f = friction_of(m, jobs[k][cs__rng_pick(&g, 2)], &g);
        cs_date seen = entered_at[k] + (cs_date)((out - entered_at[k]) / 3);
        snprintf(a[1], 64, "%s", m->frictions.id[f]);
        cs_date_format(seen, a[2]);
        cs_date_format(out - 1 > seen ? out - 1 : seen, a[3]);
        snprintf(a[4], 64, "met in %s", stages[k]);
        rc = add(m, CS_TABLE_OPPORTUNITY_FRICTIONS, v, fline++, err);
      }
    }
    /* The present stage: about half the deals meet a friction of its buying jobs; a deal
     * long in its stage more often, and it holds more often. */
    double age = (double)(today - since), p = 0.3 + 0.5 * (age > usual_days[st] ? 1 : age / usual_days[st]);
    if (rc || cs__rng_uniform(&g, 0, 1) > p) continue;
    int32_t f = friction_of(m, jobs[st][cs__rng_pick(&g, 2)], &g);
    cs_date seen = since + (cs_date)(age * cs__rng_uniform(&g, 0.1, 0.6));
    snprintf(a[0], 64, "%s", m->opportunities.id[o]);
    snprintf(a[1], 64, "%s", m->frictions.id[f]);
    cs_date_format(seen, a[2]);
    a[3][0] = 0;
    if (cs__rng_uniform(&g, 0, 1) < 0.3 && today - seen >= 2) cs_date_format(seen + (cs_date)((today - seen) / 2), a[3]);
    snprintf(a[4], 64, "%s", m->frictions.signal[f][0] ? "seen on the last visit" : "");
    rc = add(m, CS_TABLE_OPPORTUNITY_FRICTIONS, v, fline++, err);
  }
  return rc;
}
