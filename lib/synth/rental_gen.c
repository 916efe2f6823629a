/* rental_gen.c — a synthetic lighting-and-audio rental house (DESIGN §9): items from
 * scarce consoles to bulk cable, partners who sub-rent some of them, staff and freelance
 * crew with their skills and holidays, and a season of jobs whose peaks overlap (festivals
 * hold many lines for several days), so that some items run short and some crew days need
 * freelancers. Rows are validated as a file's are. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rng.h"
#include "synth_priv.h"

/* Kinds of gear: a name, how many are owned, the open market's day rate, what one costs
 * to buy, the turnaround, and whether partners lend it. Bulk kinds come in hundreds. */
static const struct {
  const char *name;
  int owned_lo, owned_hi;
  double rate_lo, rate_hi, buy_lo, buy_hi;
  int turnaround;
  int market;  /* 0: no open-market pool (only partners, if any) */
} kinds[] = {
  {"Lighting console", 1, 3, 180, 350, 25000, 60000, 1, 1},
  {"Audio console", 1, 3, 200, 400, 30000, 70000, 1, 1},
  {"Media server", 1, 2, 250, 450, 35000, 80000, 1, 0},
  {"Moving head spot", 12, 60, 25, 45, 4000, 9000, 1, 1},
  {"Moving head wash", 12, 60, 20, 40, 3000, 7000, 1, 1},
  {"LED par", 30, 150, 6, 12, 400, 900, 0, 1},
  {"Line array cabinet", 8, 36, 35, 70, 6000, 12000, 1, 1},
  {"Subwoofer", 6, 24, 30, 55, 4000, 8000, 1, 1},
  {"Stage monitor", 8, 30, 12, 25, 1200, 2500, 0, 1},
  {"Wireless microphone", 8, 40, 15, 30, 900, 2200, 0, 1},
  {"Truss 3 m", 40, 200, 4, 9, 300, 600, 0, 1},
  {"Chain hoist", 10, 40, 18, 35, 2000, 4000, 1, 1},
  {"Power distribution", 6, 24, 20, 40, 1500, 3500, 0, 1},
  {"DMX cable 10 m", 200, 800, 0.5, 1.5, 15, 40, 0, 1},
  {"Speaker cable 15 m", 150, 600, 0.6, 1.8, 20, 50, 0, 1},
  {"Stage deck 2x1 m", 40, 160, 6, 12, 400, 900, 0, 1},
  {"LED wall panel", 20, 120, 30, 60, 1500, 3500, 1, 0},
  {"Haze machine", 3, 10, 25, 45, 1500, 3000, 0, 1},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static const char *const skills[] = {"lighting", "audio", "rigging", "video", "stagehand"};
#define NSKILLS (sizeof skills / sizeof skills[0])

/* A skill drawn as often as jobs ask for it: every job's first crew line is rigging (the
 * load-in), the others any skill alike. */
static size_t pick_skill(cs__rng *g) {
  double u = cs__rng_uniform(g, 0, 1);
  return u < 0.4 ? 2 : (size_t)(u < 0.55 ? 0 : u < 0.7 ? 1 : u < 0.85 ? 3 : 4);
}

/* Adds one row of text to table t. */
static int row(cs_model *m, cs_table t, const char *const *values, long line, cs_error *err) {
  cs_loc loc = {cs_table_file(t), line, NULL};
  cs_row r = {values, NULL};
  return cs_model_add_row(m, t, &r, &loc, err);
}

/* An integer in [lo, hi]. */
static int pick_int(cs__rng *g, int lo, int hi) { return lo + (int)cs__rng_pick(g, (size_t)(hi - lo) + 1); }

int cs__generate_rental(cs_model *m, const cs__rental_gen *p, cs_error *err) {
  cs__rng g = {p->seed};
  char a[8][64];
  const char *v[8];
  for (int i = 0; i < 8; i++) v[i] = a[i];
  int rc = 0;
  const char *const partners[] = {"StageHire", "LightPool", "SoundShare", "RigCo", "EventStock"};
  size_t npartners = p->items >= 1000 ? 5 : 3;
  double *rate = cs_arena_calloc(m->priv->strings, p->items + 1, sizeof *rate);
  int *owned = cs_arena_calloc(m->priv->strings, p->items + 1, sizeof *owned);
  if (!rate || !owned) return cs__err(err, CS_ENOMEM, "out of memory");
  /* Items: the kinds in turn, numbered within their kind. */
  for (size_t i = 0; i < p->items && !rc; i++) {
    size_t k = i % NKINDS;
    owned[i] = pick_int(&g, kinds[k].owned_lo, kinds[k].owned_hi);
    rate[i] = round(cs__rng_uniform(&g, kinds[k].rate_lo, kinds[k].rate_hi) * 10) / 10;
    snprintf(a[0], 64, "IT%04zu", i + 1);
    snprintf(a[1], 64, "%s %zu", kinds[k].name, i / NKINDS + 1);
    snprintf(a[2], 64, "%d", owned[i]);
    if (kinds[k].market) snprintf(a[3], 64, "%.1f", rate[i]);
    else a[3][0] = '\0';
    snprintf(a[4], 64, "%.0f", round(cs__rng_uniform(&g, kinds[k].buy_lo, kinds[k].buy_hi) / 10) * 10);
    snprintf(a[5], 64, "%d", kinds[k].turnaround);
    rc = row(m, CS_TABLE_ITEMS, v, (long)i + 2, err);
  }
  /* Partners: each lends about two items in five, fewer than the house owns, a little
   * cheaper than the open market, with a minimum charge and a delivery of its own. */
  long line = 2;
  for (size_t s = 0; s < npartners && !rc; s++) {
    double min_charge = 100 + 50 * (double)s, delivery = 60 + 30 * (double)s;
    for (size_t i = 0; i < p->items && !rc; i++) {
      if (cs__rng_uniform(&g, 0, 1) > 0.4) continue;
      snprintf(a[0], 64, "%s", partners[s]);
      snprintf(a[1], 64, "IT%04zu", i + 1);
      snprintf(a[2], 64, "%d", owned[i] / 3 + 1);
      snprintf(a[3], 64, "%.1f", round(rate[i] * cs__rng_uniform(&g, 0.7, 0.95) * 10) / 10);
      snprintf(a[4], 64, "%.0f", min_charge);
      snprintf(a[5], 64, "%.0f", delivery);
      rc = row(m, CS_TABLE_SUPPLIERS, v, line++, err);
    }
  }
  /* Crew: staff with one or two skills; freelancers with one, a day rate and a season's
   * limit of days. */
  size_t ncrew = p->staff + p->freelancers;
  for (size_t c = 0; c < ncrew && !rc; c++) {
    bool staff = c < p->staff;
    size_t s1 = pick_skill(&g), s2 = pick_skill(&g);
    snprintf(a[0], 64, "%s%04zu", staff ? "ST" : "FL", staff ? c + 1 : c - p->staff + 1);
    snprintf(a[1], 64, "%s %zu", staff ? "Staff" : "Freelancer", staff ? c + 1 : c - p->staff + 1);
    if (staff && s2 != s1 && cs__rng_uniform(&g, 0, 1) < 0.5) snprintf(a[2], 64, "%s;%s", skills[s1], skills[s2]);
    else snprintf(a[2], 64, "%s", skills[s1]);
    snprintf(a[3], 64, "%s", staff ? "staff" : "freelance");
    snprintf(a[4], 64, "%d", staff ? 0 : pick_int(&g, 22, 45) * 10);
    snprintf(a[5], 64, "%d", staff ? 220 : pick_int(&g, 60, 160));
    rc = row(m, CS_TABLE_CREW, v, (long)c + 2, err);
  }
  /* Staff holidays: two weeks each somewhere in the season. */
  line = 2;
  for (size_t c = 0; c < p->staff && !rc; c++) {
    cs_date start = p->today + (cs_date)cs__rng_pick(&g, (size_t)p->days);
    for (cs_date d = start; d < start + 14 && !rc; d++) {
      snprintf(a[0], 64, "ST%04zu", c + 1);
      cs_date_format(d, a[1]);
      snprintf(a[2], 64, "0");
      rc = row(m, CS_TABLE_CREW_CALENDAR, v, line++, err);
    }
  }
  /* Jobs: mostly short shows, one in ten a festival that holds more for longer. */
  long li = 2, lc = 2;
  static const char *const venues[] = {"Arena", "Park", "Hall", "Theatre", "Club", "Square", "Hotel", "Expo"};
  for (size_t j = 0; j < p->jobs && !rc; j++) {
    bool festival = cs__rng_uniform(&g, 0, 1) < 0.1;
    int len = festival ? pick_int(&g, 3, 8) : pick_int(&g, 1, 3);
    cs_date out = p->today + 1 + (cs_date)cs__rng_pick(&g, (size_t)(p->days - len));
    size_t lines = festival ? (size_t)pick_int(&g, 15, 30) : (size_t)pick_int(&g, 4, 14);
    double value = 0;
    char id[32];
    snprintf(id, sizeof id, "J%05zu", j + 1);
    /* Lines first (their value sets the price). */
    size_t chosen[32];
    size_t nchosen = 0;
    for (size_t k = 0; k < lines && k < 32; k++) {
      size_t i = cs__rng_pick(&g, p->items);
      bool dup = false;
      for (size_t q = 0; q < nchosen; q++) dup |= chosen[q] == i;
      if (!dup) chosen[nchosen++] = i;
    }
    double u = cs__rng_uniform(&g, 0, 1);
    int status = u < 0.7 ? CS_JOB_CONFIRMED : u < 0.9 ? CS_JOB_HOLD : CS_JOB_QUOTE;
    int qty[32];
    for (size_t k = 0; k < nchosen; k++) {
      size_t i = chosen[k];
      double share = festival ? cs__rng_uniform(&g, 0.3, 0.8) : cs__rng_uniform(&g, 0.1, 0.5);
      qty[k] = (int)ceil(owned[i] * share);
      value += qty[k] * rate[i] * len;
    }
    size_t ncrewl = festival ? (size_t)pick_int(&g, 3, 5) : (size_t)pick_int(&g, 1, 2);
    snprintf(a[0], 64, "%s", id);
    snprintf(a[1], 64, "Customer %zu", cs__rng_pick(&g, p->jobs / 3 + 1) + 1);
    snprintf(a[2], 64, "%s %zu", venues[cs__rng_pick(&g, 8)], cs__rng_pick(&g, 40) + 1);
    cs_date_format(out, a[3]);
    cs_date_format(out + len - 1, a[4]);
    double price = round(value * cs__rng_uniform(&g, 1.3, 2.2) + (double)ncrewl * 600 * len);
    snprintf(a[5], 64, "%.0f", price);
    snprintf(a[6], 64, "%s", cs_job_status_name((cs_job_status)status));
    snprintf(a[7], 64, "%.0f", round(price * cs__rng_uniform(&g, 0.02, 0.05)));
    rc = row(m, CS_TABLE_JOBS, v, (long)j + 2, err);
    for (size_t k = 0; k < nchosen && !rc; k++) {
      snprintf(a[0], 64, "%s", id);
      snprintf(a[1], 64, "IT%04zu", chosen[k] + 1);
      snprintf(a[2], 64, "%d", qty[k]);
      rc = row(m, CS_TABLE_JOB_ITEMS, v, li++, err);
    }
    /* Crew: the first line starts the day before (the load-in). */
    for (size_t k = 0; k < ncrewl && !rc; k++) {
      snprintf(a[0], 64, "%s", id);
      snprintf(a[1], 64, "%s", skills[k == 0 ? 2 : cs__rng_pick(&g, NSKILLS)]);
      snprintf(a[2], 64, "%d", festival ? pick_int(&g, 2, 4) : pick_int(&g, 1, 2));
      cs_date_format(k == 0 ? out - 1 : out, a[3]);
      cs_date_format(out + len - 1, a[4]);
      rc = row(m, CS_TABLE_JOB_CREW, v, lc++, err);
    }
  }
  return rc;
}
