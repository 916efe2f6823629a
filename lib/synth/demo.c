/* demo.c — the bundled demo companies: Goldratt's P&Q case and a job-shop plant. */
#include <string.h>

#include "clockspeed/cs_generate.h"
#include "synth_priv.h"

static const char *const demo_names[] = {"pq", "plant", "sales", "rental", NULL};

const char *const *cs_demo_names(void) { return demo_names; }

/* Adds rows given as text, exactly as a CSV file would give them. */
static int add_rows(cs_model *m, cs_table t, const char *const rows[][7], size_t n, cs_error *err) {
  for (size_t i = 0; i < n; i++) {
    cs_loc loc = {"demo", (long)i + 2, NULL};
    cs_row row = {rows[i], NULL};
    int rc = cs_model_add_row(m, t, &row, &loc, err);
    if (rc) return rc;
  }
  return 0;
}

/* Goldratt's P&Q (The Haystack Syndrome): four resources of 2,400 minutes a week,
 * OE 6,000 a week; P sells at 90 for 100 a week, Q at 100 for 50 a week. The market's
 * orders come in on the day they are wanted (lead time 0). */
static int build_pq(cs_model *m, cs_error *err) {
  static const char *const settings[][7] = {
    {"period_days", "5"}, {"operating_expense", "6000"}, {"currency", "USD"},
    {"today", "2026-01-05"},
  };
  static const char *const resources[][7] = {
    {"A", "2400", "1", "machine", "Resource A", "0"},
    {"B", "2400", "1", "machine", "Resource B", "0"},
    {"C", "2400", "1", "machine", "Resource C", "0"},
    {"D", "2400", "1", "machine", "Resource D", "0"},
  };
  /* TVC: P = RM1 20 + RM2 20 + purchased part 5; Q = RM2 20 + RM3 20. */
  static const char *const products[][7] = {
    {"P", "90", "45", "100", "Product P", "0"},
    {"Q", "100", "40", "50", "Product Q", "0"},
  };
  static const char *const routings[][7] = {
    {"P", "A", "15", "1", "0"}, {"P", "C", "10", "2", "0"}, {"P", "B", "15", "3", "0"},
    {"P", "C", "5", "4", "0"},  {"P", "D", "15", "5", "0"},
    {"Q", "A", "10", "1", "0"}, {"Q", "B", "15", "2", "0"}, {"Q", "B", "15", "3", "0"},
    {"Q", "C", "5", "4", "0"},  {"Q", "D", "5", "5", "0"},
  };
  int rc = add_rows(m, CS_TABLE_SETTINGS, settings, 4, err);
  if (!rc) rc = add_rows(m, CS_TABLE_RESOURCES, resources, 4, err);
  if (!rc) rc = add_rows(m, CS_TABLE_PRODUCTS, products, 2, err);
  if (!rc) rc = add_rows(m, CS_TABLE_ROUTINGS, routings, 10, err);
  return rc;
}

/* A field sales desk alone (no plant): 25 reps, 600 accounts, 300 opportunities, a week of
 * visits done and the next two weeks partly booked, and its pipeline: the starter
 * catalogue of buying frictions, the stages the deals went through, frictions met. */
static int build_sales(cs_model **out, cs_error *err) {
  static const char *const settings[][7] = {
    {"currency", "EUR"}, {"today", "2026-01-05"}, {"travel_speed_kmh", "50"}, {"road_factor", "1.3"},
    {"travel_cost_per_min", "0.5"}, {"appointment_buffer_days", "10"},
  };
  cs_model *m = cs_model_new();
  if (!m) return cs__err(err, CS_ENOMEM, "out of memory");
  int rc = add_rows(m, CS_TABLE_SETTINGS, settings, 6, err);
  if (!rc) rc = cs__generate_sales(m, 25, 600, 300, 2026, err);
  if (!rc) rc = cs__generate_pipeline(m, 11, err);
  if (!rc) rc = cs_model_finish(m, err);
  if (rc) {
    cs_model_free(m);
    return rc;
  }
  *out = m;
  return CS_OK;
}

/* A lighting and audio rental house alone: 300 items from scarce consoles to bulk cable,
 * 3 partners, 40 staff and 80 freelancers, and a summer of 400 jobs with festivals. */
static int build_rental(cs_model **out, cs_error *err) {
  static const char *const settings[][7] = {{"currency", "EUR"}, {"today", "2026-05-29"}};
  cs_model *m = cs_model_new();
  if (!m) return cs__err(err, CS_ENOMEM, "out of memory");
  int rc = add_rows(m, CS_TABLE_SETTINGS, settings, 2, err);
  cs__rental_gen r = {300, 400, 40, 80, 0, 120, 2026};
  cs_date_parse("2026-05-29", &r.today);
  if (!rc) rc = cs__generate_rental(m, &r, err);
  if (!rc) rc = cs_model_finish(m, err);
  if (rc) {
    cs_model_free(m);
    return rc;
  }
  *out = m;
  return CS_OK;
}

int cs_demo_build(const char *name, cs_model **out, cs_error *err) {
  *out = NULL;
  if (strcmp(name, "plant") == 0) {
    cs_gen_params p = {
      .resources = 30, .products = 200, .orders = 400, .steps_mean = 4, .horizon_days = 56,
      .constraint_load = 1.18, .other_load_min = 0.45, .other_load_max = 0.86, .seed = 42,
      .plant_names = 1,
    };
    cs_date today;
    cs_date_parse("2026-01-05", &today);
    int rc = cs_generate(&p, today, NULL, NULL, out, err);
    if (!rc) {
      (*out)->settings.currency = "USD";
      (*out)->priv->settings_set |= 1u << CS__SET_CURRENCY;
    }
    return rc;
  }
  if (strcmp(name, "sales") == 0) return build_sales(out, err);
  if (strcmp(name, "rental") == 0) return build_rental(out, err);
  if (strcmp(name, "pq") != 0)
    return cs__err(err, CS_EINPUT, "no demo named '%s' (try pq, plant, sales or rental)", name);
  cs_model *m = cs_model_new();
  if (!m) return cs__err(err, CS_ENOMEM, "out of memory");
  int rc = build_pq(m, err);
  if (!rc) rc = cs_model_finish(m, err);
  if (rc) {
    cs_model_free(m);
    return rc;
  }
  *out = m;
  return CS_OK;
}
