/* generate.c — synthetic companies made from a seed: resources, products with routings,
 * demand sized so that one designed resource is the Constraint, an open order book, and
 * a few calendar exceptions. Deterministic: the same parameters give the same model. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_generate.h"
#include "model_priv.h"
#include "synth_priv.h"
#include "rng.h"

int cs_gen_params_for_scale(char scale, cs_gen_params *p, cs_error *err) {
  memset(p, 0, sizeof *p);
  p->steps_mean = 5;
  p->horizon_days = 365;
  p->constraint_load = 1.2;
  p->other_load_min = 0.45;
  p->other_load_max = 0.9;
  p->seed = 1;
  switch (scale) {
    case 'S': case 's': p->resources = 20; p->products = 200; p->orders = 2000; p->reps = 10; p->items = 100; break;
    case 'M': case 'm': p->resources = 200; p->products = 2000; p->orders = 20000; p->reps = 100; p->items = 500; break;
    case 'L': case 'l': p->resources = 2000; p->products = 20000; p->orders = 200000; p->reps = 1000; p->items = 2000; break;
    default: return cs__err(err, CS_EINPUT, "scale '%c' is not S, M or L", scale);
  }
  /* The sales desk: twenty accounts and ten opportunities a rep. */
  p->accounts = p->reps * 20;
  p->opportunities = p->reps * 10;
  /* The rental house: two and a half jobs an item, a staff member per ten items and two
   * and a half freelancers per staff member (L: 2,000 items, 5,000 jobs, 200 and 500). */
  p->jobs = p->items * 5 / 2;
  p->staff = p->items / 10;
  p->freelancers = p->staff * 5 / 2;
  return 0;
}

/* Readable job-shop resources for the plant demo: id, name, kind, units. */
static const struct { const char *id, *name, *kind; int units; } plant_resources[] = {
  {"SAW", "Band saw", "machine", 1},        {"LASER", "Laser cutter", "machine", 1},
  {"PUNCH", "Turret punch", "machine", 1},  {"BRAKE", "Press brake", "machine", 2},
  {"MILL1", "CNC mill 1", "machine", 1},    {"MILL2", "CNC mill 2", "machine", 1},
  {"MILL5X", "5-axis mill", "machine", 1},  {"LATHE1", "CNC lathe 1", "machine", 1},
  {"LATHE2", "CNC lathe 2", "machine", 1},  {"MLATHE", "Manual lathe", "machine", 1},
  {"DRILL", "Drill press", "machine", 2},   {"TAP", "Tapping station", "machine", 1},
  {"GRIND", "Surface grinder", "machine", 1}, {"HONE", "Honing machine", "machine", 1},
  {"DEBURR", "Deburring", "labour", 2},     {"WELD", "Welding cell", "labour", 2},
  {"ROBOT", "Robot welder", "machine", 1},  {"HTOVEN", "Heat-treat oven", "machine", 1},
  {"SHOT", "Shot blast", "machine", 1},     {"PLATE", "Plating line", "machine", 1},
  {"PAINT", "Paint booth", "machine", 1},   {"CURE", "Curing oven", "machine", 1},
  {"CMM", "Coordinate measuring", "machine", 1}, {"INSP", "Final inspection", "labour", 2},
  {"ASSY1", "Assembly bench 1", "labour", 3}, {"ASSY2", "Assembly bench 2", "labour", 3},
  {"TEST", "Test rig", "machine", 1},       {"PACK", "Packing", "labour", 2},
  {"KIT", "Kitting", "labour", 1},          {"SHIP", "Shipping dock", "labour", 2},
};
static const char *const plant_parts[] = {"Bracket", "Housing", "Shaft", "Flange", "Gear",
                                          "Cover", "Bushing", "Manifold", "Frame", "Valve body"};

/* Adds the resources with placeholder capacity (set once demand is known). */
static int gen_resources(cs_model *m, const cs_gen_params *p, cs__rng *g) {
  size_t nplant = sizeof plant_resources / sizeof plant_resources[0];
  for (size_t r = 0; r < p->resources; r++) {
    char id[32], name[64];
    const char *kind = "machine";
    int units = 1;
    if (p->plant_names && r < nplant) {
      snprintf(id, sizeof id, "%s", plant_resources[r].id);
      snprintf(name, sizeof name, "%s", plant_resources[r].name);
      kind = plant_resources[r].kind;
      units = plant_resources[r].units;
    } else {
      snprintf(id, sizeof id, "R%05zu", r + 1);
      snprintf(name, sizeof name, "Work centre %zu", r + 1);
      if (cs__rng_pick(g, 4) == 0) { kind = "labour"; units = 1 + (int)cs__rng_pick(g, 3); }
    }
    double ot = round(cs__rng_uniform(g, 0.8, 2.5) * 100) / 100;
    if (cs__add_resource(m, id, 0, units, kind, name, ot)) return CS_ENOMEM;
  }
  return 0;
}

/* Adds products and their routings; the designed constraint is visited by about half. */
static int gen_products(cs_model *m, const cs_gen_params *p, size_t drum, cs__rng *g,
                        cs_progress_fn progress, void *user) {
  size_t nr = p->resources;
  size_t *chosen = malloc((nr + 1) * sizeof *chosen);
  if (!chosen) return CS_ENOMEM;
  for (size_t i = 0; i < p->products; i++) {
    char id[32], name[64];
    double price = round(cs__rng_uniform(g, 40, 600));
    double tvc = round(price * cs__rng_uniform(g, 0.25, 0.65) * 100) / 100;
    double demand = round(cs__rng_uniform(g, 2, 60));
    if (p->plant_names) {
      snprintf(id, sizeof id, "P%04zu", 1001 + i);
      snprintf(name, sizeof name, "%s %zu", plant_parts[i % 10], 1001 + i);
    } else {
      snprintf(id, sizeof id, "P%06zu", i + 1);
      snprintf(name, sizeof name, "Product %zu", i + 1);
    }
    if (cs__add_product(m, id, price, tvc, demand, name)) { free(chosen); return CS_ENOMEM; }
    long k = lround(p->steps_mean + cs__rng_uniform(g, -2, 2));
    size_t steps = k < 1 ? 1 : (size_t)k > nr ? nr : (size_t)k;
    size_t n = 0;
    if (cs__rng_pick(g, 2) == 0) chosen[n++] = drum;
    while (n < steps) {
      size_t r = cs__rng_pick(g, nr), dup = 0;
      for (size_t j = 0; j < n; j++) dup |= chosen[j] == r;
      if (!dup) chosen[n++] = r;
    }
    for (size_t j = 0; j < n; j++) {
      double minutes = round(cs__rng_uniform(g, 1, 30) * 10) / 10;
      double setup = cs__rng_pick(g, 3) == 0 ? round(cs__rng_uniform(g, 5, 30)) : 0;
      if (cs__add_routing(m, (int32_t)i, (int32_t)chosen[j], minutes, (int32_t)(j + 1) * 10, setup)) {
        free(chosen);
        return CS_ENOMEM;
      }
    }
    if (progress && i % 1000 == 0) progress(user, "products", (double)i, (double)p->products);
  }
  if (progress) progress(user, "products", (double)p->products, (double)p->products);
  free(chosen);
  return 0;
}

/* Sets each resource's capacity so that its demand load is the designed one. */
static void size_capacity(cs_model *m, const cs_gen_params *p, size_t drum, cs__rng *g) {
  size_t nr = m->resources.n;
  double *work = calloc(nr + 1, sizeof *work);
  if (!work) return;
  for (size_t i = 0; i < m->routings.n; i++) {
    int32_t pr = m->routings.product[i];
    work[m->routings.resource[i]] += m->products.demand[pr] * m->routings.minutes[i] +
                                     m->routings.setup_minutes[i];
  }
  for (size_t r = 0; r < nr; r++) {
    double target = r == drum ? p->constraint_load : cs__rng_uniform(g, p->other_load_min, p->other_load_max);
    double cap = work[r] > 0 ? work[r] / (target * m->resources.units[r]) : 2400;
    /* Whole minutes, rounded so the designed load is kept to within a point. */
    m->resources.capacity[r] = r == drum ? floor(cap) : ceil(cap);
  }
  free(work);
}

/* Adds the order book: about horizon/period periods of demand, due from a quarter of the
 * horizon ago to the horizon's end. Orders due in the past are mostly shipped (one in five
 * late); open ones are confirmed, or released a production buffer before their due date
 * with some of their routing steps done (a few still wait for release); a few are only
 * quoted. */
static int gen_orders(cs_model *m, const cs_gen_params *p, cs_date today, cs__rng *g,
                      cs_progress_fn progress, void *user) {
  size_t np = m->products.n;
  if (!np) return 0;
  double periods = p->horizon_days / m->settings.period_days;
  double per_product = (double)p->orders / (double)np;
  size_t customers = p->orders / 20 + 1;
  size_t history = (size_t)(p->horizon_days / 4);
  cs_date pb = (cs_date)ceil(m->settings.production_buffer_days);
  int32_t *steps = calloc(np + 1, sizeof *steps);
  if (!steps) return CS_ENOMEM;
  for (size_t i = 0; i < m->routings.n; i++) steps[m->routings.product[i]]++;
  int rc = 0;
  for (size_t o = 0; o < p->orders && !rc; o++) {
    size_t pr = cs__rng_pick(g, np);
    double qty = fmax(1, round(m->products.demand[pr] * periods / per_product * cs__rng_uniform(g, 0.5, 1.5)));
    double price = round(m->products.price[pr] * cs__rng_uniform(g, 0.9, 1.1) * 100) / 100;
    cs_date due = today - (cs_date)history + (cs_date)cs__rng_pick(g, (size_t)fmax(1, p->horizon_days) + history);
    cs_date released = CS_DATE_NONE, shipped = CS_DATE_NONE;
    int32_t done = 0;
    size_t s = cs__rng_pick(g, 20);
    cs_order_status st;
    if (due < today - 2 && s >= 2) {
      st = CS_ORDER_DONE;
      released = due - pb - (cs_date)cs__rng_pick(g, 3);
      shipped = s < 6 ? due + 1 + (cs_date)cs__rng_pick(g, 5) : due - (cs_date)cs__rng_pick(g, 3);
      if (shipped >= today) shipped = today - 1;
      done = steps[pr];
    } else if (due - pb <= today && s >= 1 && s <= 2) {
      st = CS_ORDER_CONFIRMED; /* its rope date has come: release it now */
    } else if (due - pb <= today && s >= 1) {
      st = CS_ORDER_RELEASED;
      released = due - pb < today ? due - pb : today;
      done = steps[pr] > 1 ? (int32_t)cs__rng_pick(g, (size_t)steps[pr]) : 0;
    } else {
      st = s == 0 ? CS_ORDER_QUOTED : CS_ORDER_CONFIRMED;
    }
    char id[32], cust[32];
    snprintf(id, sizeof id, "SO%07zu", o + 1);
    snprintf(cust, sizeof cust, "C%05zu", cs__rng_pick(g, customers) + 1);
    if (cs__add_order(m, id, (int32_t)pr, qty, price, due, st, cust, released, shipped, done)) rc = CS_ENOMEM;
    if (progress && o % 10000 == 0) progress(user, "orders", (double)o, (double)p->orders);
  }
  free(steps);
  if (rc) return rc;
  if (progress) progress(user, "orders", (double)p->orders, (double)p->orders);
  return 0;
}

int cs_generate(const cs_gen_params *p, cs_date today, cs_progress_fn progress, void *user,
                cs_model **out, cs_error *err) {
  *out = NULL;
  if (p->resources == 0 || p->products == 0)
    return cs__err(err, CS_EINPUT, "a company needs at least one resource and one product");
  cs_model *m = cs_model_new();
  if (!m) return cs__err(err, CS_ENOMEM, "out of memory");
  cs__rng g = {p->seed};
  m->settings.today = today;
  m->settings.horizon_days = p->horizon_days;
  m->priv->settings_set |= (1u << CS__SET_TODAY) | (1u << CS__SET_HORIZON_DAYS) |
                           (1u << CS__SET_PERIOD_DAYS) | (1u << CS__SET_OPERATING_EXPENSE);
  size_t drum = p->plant_names && p->resources > 17 ? 17 : p->resources / 3;
  int rc = gen_resources(m, p, &g);
  if (!rc) rc = gen_products(m, p, drum, &g, progress, user);
  if (!rc) {
    size_capacity(m, p, drum, &g);
    /* OE: about 80 % of the throughput the market would bring if capacity allowed. */
    double t = 0;
    for (size_t i = 0; i < m->products.n; i++)
      t += (m->products.price[i] - m->products.tvc[i]) * m->products.demand[i];
    m->settings.operating_expense = round(t * 0.8 / p->constraint_load);
    rc = gen_orders(m, p, today, &g, progress, user);
  }
  /* A few calendar exceptions: maintenance days with half capacity. */
  for (size_t i = 0; !rc && i < p->resources / 10 + 1; i++) {
    size_t r = cs__rng_pick(&g, p->resources);
    cs_date d = today + 7 + (cs_date)(i * 3);
    if (cs__calendar_find(m, (int32_t)r, d) < 0) rc = cs__add_calendar(m, (int32_t)r, d, m->resources.capacity[r] / m->settings.period_days / 2);
  }
  if (rc) {
    cs_model_free(m);
    return cs__err(err, CS_ENOMEM, "out of memory");
  }
  if (p->reps) {
    if (progress) progress(user, "sales desk", 0, (double)p->reps);
    rc = cs__generate_sales(m, p->reps, p->accounts, p->opportunities, p->seed + 1, err);
    if (progress && !rc) progress(user, "sales desk", (double)p->reps, (double)p->reps);
  }
  if (!rc && p->items) {
    if (progress) progress(user, "rental house", 0, (double)p->jobs);
    const cs__rental_gen r = {p->items, p->jobs, p->staff, p->freelancers, today, (int)p->horizon_days, p->seed + 2};
    rc = cs__generate_rental(m, &r, err);
    if (progress && !rc) progress(user, "rental house", (double)p->jobs, (double)p->jobs);
  }
  if (!rc) rc = cs_model_finish(m, err);
  if (rc) {
    cs_model_free(m);
    return rc;
  }
  *out = m;
  return CS_OK;
}
