/* sales_gen.c — a synthetic sales desk (DESIGN §8) from a seed alone: reps living across a
 * region about 100 km by 90 km, accounts spread over it, opportunities in several stages,
 * a week of visits done (with some no-shows and cancellations) and the next weeks partly
 * booked (some reps well below their buffer, some with empty days), and requests waiting
 * for the desk. Rows go through cs_model_add_row, so they are validated as a file's are.
 * Booked days are feasible by construction: each rep's visits are at accounts within
 * about 10 km of home, on fixed times far enough apart for the drive between them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clockspeed/cs_generate.h"
#include "rng.h"
#include "synth_priv.h"

/* Kilometres per degree of latitude. */
#define KM_PER_DEG 111.2

static const char *const stages[] = {"qualify", "discovery", "proposal", "negotiation"};
static const double stage_probability[] = {0.1, 0.25, 0.5, 0.7};
static const char *const next_steps[] = {
    "site survey of the loading bay", "demo of the new line to the plant manager", "pricing review with purchasing",
    "trial run on the customer's parts", "meet the budget owner", "walk the shop floor with maintenance",
    "present the payback calculation", "reference visit follow-up"};
/* When each of the day's visits starts, minutes after midnight: far enough apart for a
 * drive between two accounts within 10 km of home (at most about 40 minutes). */
static const int visit_start[] = {9 * 60, 10 * 60 + 45, 12 * 60 + 45, 14 * 60 + 45};

/* Adds one row of text to table t. */
static int row(cs_model *m, cs_table t, const char *const *values, long line, cs_error *err) {
  cs_loc loc = {cs_table_file(t), line, NULL};
  cs_row r = {values, NULL};
  return cs_model_add_row(m, t, &r, &loc, err);
}


/* Approximate km between two points (good enough to choose nearby accounts). */
static double near_km(double lat1, double lon1, double lat2, double lon2) {
  double dy = (lat2 - lat1) * KM_PER_DEG, dx = (lon2 - lon1) * KM_PER_DEG * cos(lat1 * 3.14159265358979 / 180);
  return sqrt(dx * dx + dy * dy);
}

int cs__generate_sales(cs_model *m, size_t reps, size_t accounts, size_t opportunities, uint64_t seed, cs_error *err) {
  cs__rng g = {seed};
  char a[12][64];
  const char *v[12];
  for (int i = 0; i < 12; i++) v[i] = a[i];
  int rc = 0;
  double *lat = cs_arena_calloc(m->priv->strings, accounts + reps + 1, sizeof(double));
  double *lon = cs_arena_calloc(m->priv->strings, accounts + reps + 1, sizeof(double));
  if (!lat || !lon) return cs__err(err, CS_ENOMEM, "out of memory");
  /* Reps: homes over the region; one in three also installs. */
  for (size_t r = 0; r < reps && !rc; r++) {
    double la = cs__rng_uniform(&g, 51.9, 52.8), lo = cs__rng_uniform(&g, 4.3, 5.6);
    lat[accounts + r] = la, lon[accounts + r] = lo;
    snprintf(a[0], 64, "REP%04zu", r + 1);
    snprintf(a[1], 64, "Rep %zu", r + 1);
    snprintf(a[2], 64, "%.5f", la);
    snprintf(a[3], 64, "%.5f", lo);
    snprintf(a[4], 64, "08:00");
    snprintf(a[5], 64, "17:00");
    snprintf(a[6], 64, "Mon-Fri");
    snprintf(a[7], 64, r % 3 == 0 ? "sales;install" : "sales");
    snprintf(a[8], 64, "4");
    rc = row(m, CS_TABLE_REPS, v, (long)r + 2, err);
  }
  /* Accounts: half near some rep's home (a rep's territory), half anywhere. */
  for (size_t i = 0; i < accounts && !rc; i++) {
    double la, lo;
    if (i % 2 == 0 && reps) {
      size_t r = cs__rng_pick(&g, reps);
      la = lat[accounts + r] + cs__rng_uniform(&g, -0.06, 0.06);
      lo = lon[accounts + r] + cs__rng_uniform(&g, -0.09, 0.09);
    } else {
      la = cs__rng_uniform(&g, 51.9, 52.8), lo = cs__rng_uniform(&g, 4.3, 5.6);
    }
    lat[i] = la, lon[i] = lo;
    snprintf(a[0], 64, "ACC%05zu", i + 1);
    snprintf(a[1], 64, "Account %zu", i + 1);
    snprintf(a[2], 64, "%.5f", la);
    snprintf(a[3], 64, "%.5f", lo);
    snprintf(a[4], 64, i % 4 == 0 ? "09:00" : "08:00");
    snprintf(a[5], 64, i % 5 == 0 ? "16:00" : "18:00");
    rc = row(m, CS_TABLE_ACCOUNTS, v, (long)i + 2, err);
  }
  /* Opportunities: one in ten without a concrete next step (the desk will not book it). */
  for (size_t o = 0; o < opportunities && !rc; o++) {
    size_t st = cs__rng_pick(&g, 4);
    snprintf(a[0], 64, "OPP%05zu", o + 1);
    snprintf(a[1], 64, "ACC%05zu", cs__rng_pick(&g, accounts) + 1);
    snprintf(a[2], 64, "%s", stages[st]);
    snprintf(a[3], 64, "%.0f", round(cs__rng_uniform(&g, 2000, 40000) / 100) * 100);
    snprintf(a[4], 64, "%g", stage_probability[st]);
    a[5][0] = 0;
    snprintf(a[6], 64, "%s", o % 10 == 9 ? "" : next_steps[cs__rng_pick(&g, 8)]);
    snprintf(a[7], 64, "REP%04zu", cs__rng_pick(&g, reps) + 1);
    /* In its stage for up to three months: a spread of ages, without drawing from g. */
    a[8][0] = 0;
    if (m->settings.today != CS_DATE_NONE) cs_date_format(m->settings.today - (cs_date)((o * 37) % 90), a[8]);
    rc = row(m, CS_TABLE_OPPORTUNITIES, v, (long)o + 2, err);
  }
  /* Visits: last week's (done, some no-shows and cancellations) and the next two weeks',
   * booked more for some reps than others; each at an account near the rep's home, for an
   * opportunity of that account when it has one. */
  size_t *near = cs_arena_calloc(m->priv->strings, accounts + 1, sizeof(size_t));
  size_t *opp_of = cs_arena_calloc(m->priv->strings, accounts + 1, sizeof(size_t));
  if (!near || !opp_of) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t i = 0; i < accounts; i++) opp_of[i] = SIZE_MAX;
  for (size_t o = 0; o < m->opportunities.n; o++)
    if (m->opportunities.next_step[o][0]) opp_of[m->opportunities.account[o]] = o;
  long line = 2;
  size_t id = 0;
  cs_date today = m->settings.today;
  for (size_t r = 0; r < reps && !rc; r++) {
    size_t nn = 0;
    for (size_t i = 0; i < accounts; i++)
      if (opp_of[i] != SIZE_MAX && near_km(lat[accounts + r], lon[accounts + r], lat[i], lon[i]) < 10) near[nn++] = i;
    if (!nn) continue;
    /* How full this rep's coming days are: most well booked, some thin, a few empty. */
    double fill = r % 7 == 3 ? 0.2 : r % 5 == 1 ? 0.45 : 0.85;
    for (int day = -7; day < 14 && !rc; day++) {
      cs_date d = today + day;
      int wd = (int)(((long)d + 3) % 7);
      if (wd >= 5) continue;
      bool past = day < 0;
      if (!past && r % 7 == 3 && day < 2) continue; /* nothing booked on the next two days */
      for (int k = 0; k < 4 && !rc; k++) {
        if (!past && cs__rng_uniform(&g, 0, 1) > fill * (day < 7 ? 1 : 0.6)) continue;
        size_t acc = near[cs__rng_pick(&g, nn)];
        double u = cs__rng_uniform(&g, 0, 1);
        const char *status = !past ? "booked" : u < 0.06 ? "no_show" : u < 0.09 ? "cancelled" : "done";
        char date[11];
        snprintf(a[0], 64, "APT%06zu", ++id);
        snprintf(a[1], 64, "%s", m->opportunities.id[opp_of[acc]]);
        snprintf(a[2], 64, "REP%04zu", r + 1);
        snprintf(a[3], 64, "%s", cs_date_format(d, date));
        int start = visit_start[k];
        /* An account that opens at nine gets no visit before. */
        if (m->accounts.open[acc] > start) start = m->accounts.open[acc];
        cs__fmt_hhmm(start, a[4], 64);
        snprintf(a[5], 64, "%d", k % 2 ? 45 : 60);
        snprintf(a[6], 64, "%s", status);
        snprintf(a[7], 64, "%d", cs__rng_uniform(&g, 0, 1) < 0.3 ? 1 : 0);
        a[8][0] = a[9][0] = 0;
        snprintf(a[10], 64, "sales");
        a[11][0] = 0;
        rc = row(m, CS_TABLE_APPOINTMENTS, v, line++, err);
      }
    }
  }
  /* Requests waiting for the desk: one for every four reps at least, some needing an
   * installer, some with a window. */
  size_t want = reps / 4 + 8;
  for (size_t q = 0; q < want && !rc; q++) {
    size_t o = cs__rng_pick(&g, m->opportunities.n);
    if (!m->opportunities.next_step[o][0]) continue;
    snprintf(a[0], 64, "APT%06zu", ++id);
    snprintf(a[1], 64, "%s", m->opportunities.id[o]);
    a[2][0] = a[3][0] = a[4][0] = 0;
    snprintf(a[5], 64, "%d", q % 3 == 0 ? 90 : 60);
    snprintf(a[6], 64, "requested");
    snprintf(a[7], 64, "0");
    a[8][0] = a[9][0] = 0;
    if (q % 4 == 1) snprintf(a[8], 64, "13:00"), snprintf(a[9], 64, "17:00");
    snprintf(a[10], 64, q % 5 == 2 ? "install" : "sales");
    /* Asked for up to two weeks ago. */
    a[11][0] = 0;
    if (today != CS_DATE_NONE) cs_date_format(today - (cs_date)((q * 5) % 15), a[11]);
    rc = row(m, CS_TABLE_APPOINTMENTS, v, line++, err);
  }
  return rc;
}
