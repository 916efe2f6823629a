/* gear.c — the gear half of the rental plan (DESIGN §9): for every line of the planned
 * jobs, how many units are owned, how many come from which supplier, from the open market,
 * or cannot be had at all.
 *
 * An item whose planned lines never hold more than it owns keeps every line on owned
 * units. The other items ("contested") make one LP (docs/internals/rental.md): per line,
 * owned units x and units s from each supplier of the item; a line row x + sum s <= qty
 * (the rest comes from the open market, or stays unfilled at a prohibitive price); an
 * owned row per item-day held beyond what is owned; a supplier row per supplier-day asked
 * beyond its qty; and, for each job and supplier, a delivery switch y in [0, 1] with
 * s <= qty * y and the minimum charge's excess e >= min_charge * y - charges. The LP
 * maximises what the plan saves against the open market; its cost is a lower bound.
 * Its solution is rounded down, the rest refilled greedily, and then, job by job, each
 * supplier is dropped when refilling its units elsewhere costs less in all. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp.h"
#include "milp.h"
#include "rental_priv.h"

#define EPS 1e-6

/* One (job, supplier) pair that may be billed. */
typedef struct pair {
  int32_t job, sname;           /* sname: the supplier row first bearing the name */
  double min_charge, delivery;
  int y_col, mc_row, e_col;     /* LP columns of y and of the minimum charge's excess, its
                                 * row (-1: no minimum charge) */
} pair;

typedef struct gear {
  const cs_model *m;
  const cs_rental_basis *warm;  /* the scope's basis to start the LP from, or NULL */
  bool keep_basis;              /* give the plan the LP's final basis */
  cs_date d0;                   /* day 0 of the day arrays */
  size_t span;                  /* days */
  /* The lines planned: job_items rows. */
  int32_t *row;
  size_t n;
  int32_t *start, *end;         /* owned interval, day indices (clipped at day 0) */
  int32_t *sstart, *send;       /* sub-rented interval, day indices (clipped) */
  double *days;                 /* days a sub-rented unit is paid for */
  /* Per item: its lines (CSR), whether contested, owned units used per day. */
  size_t *item_start, *item_lines;
  uint8_t *contested;
  int32_t **used;               /* [item][day], contested items only */
  int32_t *demand_max;
  /* Per item: its supplier rows (CSR); per supplier row: units lent per day. */
  size_t *sup_start, *sup_list;
  int32_t **sup_used;           /* [supplier row][day] */
  int32_t *sname;               /* supplier row -> first row of its name */
  /* The allocation: owned, from each of the item's suppliers (line_sup[l] + k), market,
   * unfilled. */
  int32_t *own, *market, *unfilled;
  size_t *line_sup, nsub;
  int32_t *subq;
  /* Per job: its planned lines (CSR). */
  size_t *job_start, *job_lines;
  /* The LP, kept for the whole-number search: its data, each line's owned column, each
   * supplier slot's column (-1: none), the (job, supplier) pairs, and what everything
   * costs on the open market (the objective counts savings against it). */
  cs__lp_data lpd;
  int lp_ncols, lp_nrows;
  int *x_col, *s_col;
  pair *pairs;
  size_t npairs;
  double base;
  /* What the jobs pay suppliers outside the neighbourhood planned (a quote's), or none. */
  const cs__billed *billed;
  size_t nbilled;
} gear;

/* The open market's price per unit-day of an item, or the unfilled price. */
static double market_price(const cs_model *m, int32_t item) {
  double c = m->items.subrent_cost_per_day[item];
  return c >= 0 ? c : CS__UNFILLED_PER_DAY;
}

/* Builds a CSR index: for keys key[i] in [0, nkeys), start[k] .. start[k+1] in list. */
static int csr(const int32_t *key, size_t n, size_t nkeys, size_t **start, size_t **list) {
  *start = calloc(nkeys + 1, sizeof **start);
  *list = malloc((n + 1) * sizeof **list);
  if (!*start || !*list) return CS_ENOMEM;
  for (size_t i = 0; i < n; i++) (*start)[key[i] + 1]++;
  for (size_t k = 0; k < nkeys; k++) (*start)[k + 1] += (*start)[k];
  size_t *fill = malloc((nkeys + 1) * sizeof *fill);
  if (!fill) return CS_ENOMEM;
  memcpy(fill, *start, (nkeys + 1) * sizeof *fill);
  for (size_t i = 0; i < n; i++) (*list)[fill[key[i]]++] = i;
  free(fill);
  return 0;
}

static void gear_free(gear *g) {
  if (g->used)
    for (size_t i = 0; i < g->m->items.n; i++) free(g->used[i]);
  if (g->sup_used)
    for (size_t k = 0; k < g->m->suppliers.n; k++) free(g->sup_used[k]);
  free(g->row); free(g->start); free(g->end); free(g->sstart); free(g->send); free(g->days);
  free(g->item_start); free(g->item_lines); free(g->contested); free(g->used); free(g->demand_max);
  free(g->sup_start); free(g->sup_list); free(g->sup_used); free(g->sname);
  free(g->own); free(g->market); free(g->unfilled); free(g->line_sup); free(g->subq);
  free(g->job_start); free(g->job_lines);
  cs__lp_data_free(&g->lpd);
  free(g->x_col); free(g->s_col); free(g->pairs);
}

/* Collects the planned lines, their intervals as day indices, and the indexes by item,
 * supplier and job. */
static int gear_init(gear *g, const cs__scope *S) {
  const cs_model *m = S->m;
  const cs_job_items *L = &m->job_items;
  g->m = m;
  g->billed = S->billed, g->nbilled = S->nbilled;
  g->warm = S->warm, g->keep_basis = S->keep_basis;
  g->row = malloc((L->n + 1) * sizeof *g->row);
  if (!g->row) return CS_ENOMEM;
  cs_date lo = INT32_MAX, hi = INT32_MIN;
  for (size_t r = 0; r < L->n; r++) {
    if (!S->planned[L->job[r]] || L->qty[r] <= 0 || (S->items && !S->items[L->item[r]])) continue;
    cs_date end = cs__line_end(m, (int32_t)r), out = m->jobs.out[L->job[r]];
    if (S->from != CS_DATE_NONE && end < S->from) continue;
    g->row[g->n++] = (int32_t)r;
    if (out < lo) lo = out;
    if (end > hi) hi = end;
  }
  if (S->from != CS_DATE_NONE && lo < S->from) lo = S->from;
  g->d0 = lo;
  g->span = g->n ? (size_t)(hi - lo + 1) : 0;
  size_t n = g->n + 1;
  g->start = malloc(n * sizeof *g->start), g->end = malloc(n * sizeof *g->end);
  g->sstart = malloc(n * sizeof *g->sstart), g->send = malloc(n * sizeof *g->send);
  g->days = malloc(n * sizeof *g->days);
  g->own = calloc(n, sizeof *g->own), g->market = calloc(n, sizeof *g->market);
  g->unfilled = calloc(n, sizeof *g->unfilled), g->line_sup = malloc(n * sizeof *g->line_sup);
  int32_t *item_of = malloc(n * sizeof *item_of), *job_of = malloc(n * sizeof *job_of);
  int rc = 0;
  if (!g->start || !g->end || !g->sstart || !g->send || !g->days || !g->own || !g->market || !g->unfilled ||
      !g->line_sup || !item_of || !job_of) {
    rc = CS_ENOMEM;
    goto out;
  }
  for (size_t l = 0; l < g->n; l++) {
    int32_t r = g->row[l], j = L->job[r];
    cs_date out = m->jobs.out[j], in = m->jobs.in[j];
    g->start[l] = out < lo ? 0 : out - lo;
    g->end[l] = cs__line_end(m, r) - lo;
    g->sstart[l] = g->start[l];
    g->send[l] = in < lo ? -1 : in - lo;
    g->days[l] = (double)(in - out + 1);
    item_of[l] = L->item[r], job_of[l] = j;
  }
  if ((rc = csr(item_of, g->n, m->items.n, &g->item_start, &g->item_lines)) ||
      (rc = csr(job_of, g->n, m->jobs.n, &g->job_start, &g->job_lines)) ||
      (rc = csr(m->suppliers.item, m->suppliers.n, m->items.n, &g->sup_start, &g->sup_list)))
    goto out;
  /* The suppliers by name: each row points to the first row with its name. */
  g->sname = malloc((m->suppliers.n + 1) * sizeof *g->sname);
  if (!g->sname) {
    rc = CS_ENOMEM;
    goto out;
  }
  cs__idmap names = {0};
  for (size_t k = 0; k < m->suppliers.n && !rc; k++) {
    int32_t first = cs__idmap_get(&names, m->suppliers.supplier[k]);
    if (first < 0) {
      first = (int32_t)k;
      rc = cs__idmap_put(&names, m->suppliers.supplier[k], first);
    }
    g->sname[k] = first;
  }
  cs__idmap_free(&names);
  if (rc) goto out;
  /* Each line's slots for its item's suppliers. */
  size_t nsub = 0;
  for (size_t l = 0; l < g->n; l++) {
    int32_t i = m->job_items.item[g->row[l]];
    g->line_sup[l] = nsub;
    nsub += g->sup_start[i + 1] - g->sup_start[i];
  }
  g->nsub = nsub;
  g->subq = calloc(nsub + 1, sizeof *g->subq);
  g->used = calloc(m->items.n + 1, sizeof *g->used);
  g->sup_used = calloc(m->suppliers.n + 1, sizeof *g->sup_used);
  g->contested = calloc(m->items.n + 1, 1);
  g->demand_max = calloc(m->items.n + 1, sizeof *g->demand_max);
  if (!g->subq || !g->used || !g->sup_used || !g->contested || !g->demand_max) rc = CS_ENOMEM;
out:
  free(item_of);
  free(job_of);
  return rc;
}

/* Units item i's planned lines hold on each day (owned intervals); marks it contested
 * when some day holds more than it owns, and keeps the day array as its usage. */
static int item_demand(gear *g, int32_t i) {
  int32_t *d = calloc(g->span + 1, sizeof *d);
  if (!d) return CS_ENOMEM;
  const cs_job_items *L = &g->m->job_items;
  for (size_t k = g->item_start[i]; k < g->item_start[i + 1]; k++) {
    size_t l = g->item_lines[k];
    d[g->start[l]] += L->qty[g->row[l]];
    d[g->end[l] + 1] -= L->qty[g->row[l]];
  }
  int32_t run = 0, peak = 0;
  for (size_t t = 0; t < g->span; t++) {
    run += d[t];
    d[t] = run;
    if (run > peak) peak = run;
  }
  g->demand_max[i] = peak;
  g->contested[i] = peak > g->m->items.owned[i];
  if (g->contested[i]) g->used[i] = d;
  else free(d);
  return 0;
}

/* The least free capacity over days [a, b] of an array of usage against a capacity. */
static int32_t free_over(const int32_t *used, int32_t cap, int32_t a, int32_t b) {
  int32_t best = cap;
  for (int32_t t = a; t <= b; t++)
    if (cap - used[t] < best) best = cap - used[t];
  return best < 0 ? 0 : best;
}

/* Adds (sign 1) or removes (-1) line l's owned and supplier units from the usage. */
static void apply(gear *g, size_t l, int sign) {
  const cs_model *m = g->m;
  int32_t i = m->job_items.item[g->row[l]];
  if (g->used[i])
    for (int32_t t = g->start[l]; t <= g->end[l]; t++) g->used[i][t] += sign * g->own[l];
  for (size_t k = 0; k < g->sup_start[i + 1] - g->sup_start[i]; k++) {
    int32_t q = g->subq[g->line_sup[l] + k];
    size_t s = g->sup_list[g->sup_start[i] + k];
    if (q && g->sup_used[s])
      for (int32_t t = g->sstart[l]; t <= g->send[l]; t++) g->sup_used[s][t] += sign * q;
  }
}

/* Units supplier row s can still lend over line l's days (beyond what l holds of it). */
static int32_t sup_free(const gear *g, size_t l, size_t k, size_t s) {
  if (g->sup_used[s]) return free_over(g->sup_used[s], g->m->suppliers.qty[s], g->sstart[l], g->send[l]);
  return g->m->suppliers.qty[s] - g->subq[g->line_sup[l] + k];
}

/* Takes up to `need` units of line l from the item's supplier k (its k-th row); returns
 * what is still needed. */
static int32_t take_sup(gear *g, size_t l, size_t k, int32_t need) {
  int32_t i = g->m->job_items.item[g->row[l]];
  size_t s = g->sup_list[g->sup_start[i] + k];
  if (g->send[l] < g->sstart[l]) return need;
  int32_t f = sup_free(g, l, k, s);
  int32_t take = f < need ? f : need;
  if (take <= 0) return need;
  g->subq[g->line_sup[l] + k] += take;
  if (g->sup_used[s])
    for (int32_t t = g->sstart[l]; t <= g->send[l]; t++) g->sup_used[s][t] += take;
  return need - take;
}

/* How a refill may use suppliers: the cheapest by day rate, none but the market (then
 * suppliers only when the item has no market), or one supplier name first. */
enum { FILL_CHEAPEST = -1, FILL_MARKET = -2 };

/* Fills `need` more units of line l: owned where free over its whole interval, then by
 * `how` (a supplier name preferred, FILL_CHEAPEST or FILL_MARKET), never from supplier
 * name `skip` (-1 none), then the market, then unfilled. Usage is updated. */
static void refill(gear *g, size_t l, int32_t need, int32_t skip, int32_t how) {
  const cs_model *m = g->m;
  int32_t i = m->job_items.item[g->row[l]];
  if (need <= 0) return;
  if (g->used[i]) {
    int32_t take = free_over(g->used[i], m->items.owned[i], g->start[l], g->end[l]);
    if (take > need) take = need;
    for (int32_t t = g->start[l]; t <= g->end[l]; t++) g->used[i][t] += take;
    g->own[l] += take, need -= take;
  }
  size_t ns = g->sup_start[i + 1] - g->sup_start[i];
  if (how >= 0)
    for (size_t k = 0; k < ns && need > 0; k++)
      if (g->sname[g->sup_list[g->sup_start[i] + k]] == how) need = take_sup(g, l, k, need);
  bool market = m->items.subrent_cost_per_day[i] >= 0;
  while (need > 0 && !(how == FILL_MARKET && market)) {
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < ns; k++) {
      size_t s = g->sup_list[g->sup_start[i] + k];
      if (g->sname[s] == skip || m->suppliers.cost_per_day[s] >= market_price(m, i) || sup_free(g, l, k, s) <= 0 ||
          g->send[l] < g->sstart[l])
        continue;
      if (best == SIZE_MAX ||
          m->suppliers.cost_per_day[s] < m->suppliers.cost_per_day[g->sup_list[g->sup_start[i] + best]])
        best = k;
    }
    if (best == SIZE_MAX) break;
    need = take_sup(g, l, best, need);
  }
  if (need <= 0) return;
  if (market) g->market[l] += need;
  else g->unfilled[l] += need;
}

static void pair_terms(const gear *g, int32_t j, int32_t sn, double *mc, double *del);

/* The first of g->billed (sorted by job, then sname) at or after (j, sn). */
static size_t billed_from(const gear *g, int32_t j, int32_t sn) {
  size_t lo = 0, hi = g->nbilled;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const cs__billed *b = &g->billed[mid];
    if (b->job < j || (b->job == j && b->sname < sn)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* What job j pays supplier name sn outside the neighbourhood planned, or NULL. */
static const cs__billed *billed_outside(const gear *g, int32_t j, int32_t sn) {
  size_t k = billed_from(g, j, sn);
  return k < g->nbilled && g->billed[k].job == j && g->billed[k].sname == sn ? &g->billed[k] : NULL;
}

/* What job j is charged by supplier name sn for `rent` of day charges in the plan: the
 * minimum charge at least, and the delivery. When the job already has units from sn
 * outside the neighbourhood, only what it adds: max(min charge, rent + outside) less the
 * outside's charges, and no delivery (paid already). */
static void charge(const gear *g, int32_t j, int32_t sn, double rent, double *charged, double *del) {
  double mc;
  pair_terms(g, j, sn, &mc, del);
  const cs__billed *b = billed_outside(g, j, sn);
  if (b && b->rent > 0) mc -= b->rent, *del = 0;
  *charged = rent > mc ? rent : mc;
}

/* The largest minimum charge and delivery among supplier name sn's rows for the items job
 * j holds (over the whole job when it is billed outside the neighbourhood too): what the
 * job pays that supplier on top of the day charges. */
static void pair_terms(const gear *g, int32_t j, int32_t sn, double *mc, double *del) {
  const cs_model *m = g->m;
  const cs__billed *b = billed_outside(g, j, sn);
  if (b) {
    *mc = b->min_charge, *del = b->delivery;
    return;
  }
  *mc = 0, *del = 0;
  for (size_t k = g->job_start[j]; k < g->job_start[j + 1]; k++) {
    int32_t i = m->job_items.item[g->row[g->job_lines[k]]];
    for (size_t q = g->sup_start[i]; q < g->sup_start[i + 1]; q++) {
      size_t s = g->sup_list[q];
      if (g->sname[s] != sn) continue;
      if (m->suppliers.min_charge[s] > *mc) *mc = m->suppliers.min_charge[s];
      if (m->suppliers.delivery_cost[s] > *del) *del = m->suppliers.delivery_cost[s];
    }
  }
}

/* Whether job j holds units from supplier name sn on a slot before (line k, row q). */
static bool billed_before(const gear *g, int32_t j, size_t k, size_t q, int32_t sn) {
  const cs_model *m = g->m;
  for (size_t k2 = g->job_start[j]; k2 <= k; k2++) {
    size_t l = g->job_lines[k2];
    int32_t i = m->job_items.item[g->row[l]];
    for (size_t q2 = g->sup_start[i]; q2 < (k2 == k ? q : g->sup_start[i + 1]); q2++)
      if (g->sname[g->sup_list[q2]] == sn && g->subq[g->line_sup[l] + (q2 - g->sup_start[i])]) return true;
  }
  return false;
}

static bool job_uses(const gear *g, size_t j, int32_t sn);

/* What job j pays, for the minimum charges of suppliers it has units from outside the
 * neighbourhood and none from inside it: max(0, min charge - outside charges) each. */
static double outside_floor(const gear *g, int32_t j) {
  double c = 0;
  for (size_t k = billed_from(g, j, INT32_MIN); k < g->nbilled && g->billed[k].job == j; k++) {
    const cs__billed *b = &g->billed[k];
    if (b->rent > 0 && b->min_charge > b->rent && !job_uses(g, (size_t)j, b->sname)) c += b->min_charge - b->rent;
  }
  return c;
}

/* What job j's gear costs as allocated: per supplier, max(minimum charge, day charges)
 * plus delivery; the market's day charges; unfilled units at the unfilled price when
 * `penalty`. */
static double job_cost(const gear *g, int32_t j, bool penalty) {
  const cs_model *m = g->m;
  double total = 0;
  for (size_t k = g->job_start[j]; k < g->job_start[j + 1]; k++) {
    size_t l = g->job_lines[k];
    int32_t i = m->job_items.item[g->row[l]];
    total += g->market[l] * market_price(m, i) * g->days[l];
    if (penalty) total += g->unfilled[l] * CS__UNFILLED_PER_DAY * g->days[l];
    /* Each supplier the job uses is billed once, at its first slot. */
    for (size_t q = g->sup_start[i]; q < g->sup_start[i + 1]; q++) {
      int32_t sn = g->sname[g->sup_list[q]];
      if (!g->subq[g->line_sup[l] + (q - g->sup_start[i])] || billed_before(g, j, k, q, sn)) continue;
      double rent = 0, mc, del; /* mc: what is charged */
      for (size_t k2 = g->job_start[j]; k2 < g->job_start[j + 1]; k2++) {
        size_t l2 = g->job_lines[k2];
        int32_t i2 = m->job_items.item[g->row[l2]];
        for (size_t q2 = g->sup_start[i2]; q2 < g->sup_start[i2 + 1]; q2++) {
          size_t s2 = g->sup_list[q2];
          if (g->sname[s2] == sn)
            rent += g->subq[g->line_sup[l2] + (q2 - g->sup_start[i2])] * m->suppliers.cost_per_day[s2] * g->days[l2];
        }
      }
      charge(g, j, sn, rent, &mc, &del);
      total += mc + del;
    }
  }
  return total + outside_floor(g, j);
}

/* A growing triplet list for the LP's matrix. */
typedef struct trip {
  int *col, *row;
  double *val;
  size_t n, cap;
} trip;

static int trip_add(trip *t, int col, int row, double v) {
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 1024;
    int *c = realloc(t->col, cap * sizeof *c);
    if (c) t->col = c;
    int *r = realloc(t->row, cap * sizeof *r);
    if (r) t->row = r;
    double *x = realloc(t->val, cap * sizeof *x);
    if (x) t->val = x;
    if (!c || !r || !x) return CS_ENOMEM;
    t->cap = cap;
  }
  t->col[t->n] = col, t->row[t->n] = row, t->val[t->n] = v;
  t->n++;
  return 0;
}

/* Grows a column's or row's arrays of doubles to hold index i. */
static int grow_d(double **a, size_t *cap, size_t i) { return cs__grow((void **)a, sizeof **a, cap, i + 1); }

typedef struct lpb {
  trip t;
  double *obj, *ub, *rowub;
  size_t ncol, nrow, cap_col, cap_row;
} lpb;

static int new_col(lpb *b, double obj, double ub) {
  if (grow_d(&b->obj, &b->cap_col, b->ncol)) return -1;
  size_t c2 = b->cap_col - 1;
  if (cs__grow((void **)&b->ub, sizeof *b->ub, &c2, b->cap_col)) return -1;
  b->obj[b->ncol] = obj, b->ub[b->ncol] = ub;
  return (int)b->ncol++;
}

static int new_row(lpb *b, double rhs) {
  if (grow_d(&b->rowub, &b->cap_row, b->nrow)) return -1;
  b->rowub[b->nrow] = rhs;
  return (int)b->nrow++;
}

/* Builds and solves the LP over the contested items, rounds its answer down into the
 * allocation and returns its cost in *lp_cost (unfilled at the unfilled price). */
static int solve_lp(gear *g, cs_arena *a, cs_rental_plan *p, double *lp_cost, cs_error *err) {
  const cs_model *m = g->m;
  lpb b = {0};
  int rc = 0;
  size_t npairs = 0, cap_pairs = 0;
  pair *pairs = NULL;
  g->x_col = malloc((g->n + 1) * sizeof *g->x_col), g->s_col = malloc((g->nsub + 1) * sizeof *g->s_col);
  int *x_col = g->x_col, *s_col = g->s_col;
  cs__idmap pair_ids = {0};
  char **pair_keys = NULL;
  int **own_row = calloc(m->items.n + 1, sizeof *own_row), **sup_row = calloc(m->suppliers.n + 1, sizeof *sup_row);
  cs__lp *lp = NULL;
  double base = 0;
  unsigned char *start_basis = NULL;
  cs_rental_basis *kept = NULL;
  cs__basis_build B;
  if (cs__basis_begin(&B, g->warm, g->keep_basis, a)) goto nomem;
  if (!x_col || !s_col || !own_row || !sup_row) goto nomem;
  /* Rows of owned capacity: the contested item-days held beyond what is owned. */
  for (size_t i = 0; i < m->items.n; i++) {
    if (!g->contested[i]) continue;
    if (!(own_row[i] = malloc(g->span * sizeof **own_row))) goto nomem;
    for (size_t t = 0; t < g->span; t++) {
      own_row[i][t] = g->used[i][t] > m->items.owned[i] ? new_row(&b, m->items.owned[i]) : -1;
      if (own_row[i][t] >= 0 && cs__basis_note(&B, true, own_row[i][t], "o%zu/%ld", i, (long)g->d0 + (long)t)) goto nomem;
    }
  }
  /* Rows of supplier capacity: days a supplier could be asked for more than it has. */
  for (size_t i = 0; i < m->items.n; i++) {
    if (!g->contested[i]) continue;
    for (size_t q = g->sup_start[i]; q < g->sup_start[i + 1]; q++) {
      size_t s = g->sup_list[q];
      int32_t cap = m->suppliers.qty[s];
      int32_t *ask = calloc(g->span + 1, sizeof *ask);
      if (!ask || !(sup_row[s] = malloc(g->span * sizeof **sup_row))) {
        free(ask);
        goto nomem;
      }
      for (size_t k = g->item_start[i]; k < g->item_start[i + 1]; k++) {
        size_t l = g->item_lines[k];
        if (g->send[l] < g->sstart[l]) continue;
        int32_t qq = m->job_items.qty[g->row[l]];
        ask[g->sstart[l]] += qq < cap ? qq : cap;
        ask[g->send[l] + 1] -= qq < cap ? qq : cap;
      }
      int32_t run = 0;
      bool any = false;
      for (size_t t = 0; t < g->span; t++) {
        run += ask[t];
        sup_row[s][t] = run > cap ? new_row(&b, cap) : -1;
        if (sup_row[s][t] >= 0 && cs__basis_note(&B, true, sup_row[s][t], "u%zu/%ld", s, (long)g->d0 + (long)t)) {
          free(ask);
          goto nomem;
        }
        any |= run > cap;
      }
      free(ask);
      if (any && !(g->sup_used[s] = calloc(g->span + 1, sizeof **g->sup_used))) goto nomem;
    }
  }
  /* Columns: per contested line, owned units and each supplier's. */
  for (size_t l = 0; l < g->n; l++) {
    int32_t r = g->row[l], i = m->job_items.item[r], j = m->job_items.job[r];
    x_col[l] = -1;
    if (!g->contested[i]) continue;
    /* A line with no short day keeps its owned units: nothing competes for them. */
    bool short_day = false;
    for (int32_t t = g->start[l]; t <= g->end[l] && !short_day; t++) short_day = own_row[i][t] >= 0;
    if (!short_day) continue;
    double q = m->job_items.qty[r], mp = market_price(m, i);
    base += q * mp * g->days[l];
    const char *jid = m->jobs.id[j];
    int line_row = new_row(&b, q);
    if (cs__basis_note(&B, true, line_row, "l%ld/%s", (long)i, jid)) goto nomem;
    int xc = new_col(&b, mp * g->days[l], q);
    if (line_row < 0 || xc < 0 || cs__basis_note(&B, false, xc, "x%ld/%s", (long)i, jid)) goto nomem;
    x_col[l] = xc;
    if ((rc = trip_add(&b.t, xc, line_row, 1))) goto out;
    for (int32_t t = g->start[l]; t <= g->end[l]; t++)
      if (own_row[i][t] >= 0 && (rc = trip_add(&b.t, xc, own_row[i][t], 1))) goto out;
    for (size_t q2 = g->sup_start[i]; q2 < g->sup_start[i + 1]; q2++) {
      size_t s = g->sup_list[q2], slot = g->line_sup[l] + (q2 - g->sup_start[i]);
      double c = m->suppliers.cost_per_day[s], ub = q < m->suppliers.qty[s] ? q : m->suppliers.qty[s];
      s_col[slot] = -1;
      if (c >= mp || g->send[l] < g->sstart[l]) continue;
      int sc = new_col(&b, (mp - c) * g->days[l], ub);
      if (sc < 0 || cs__basis_note(&B, false, sc, "s%ld/%zu/%s", (long)i, s, jid)) goto nomem;
      s_col[slot] = sc;
      if ((rc = trip_add(&b.t, sc, line_row, 1))) goto out;
      if (sup_row[s])
        for (int32_t t = g->sstart[l]; t <= g->send[l]; t++)
          if (sup_row[s][t] >= 0 && (rc = trip_add(&b.t, sc, sup_row[s][t], 1))) goto out;
      /* The job's pair with this supplier: its switch and its minimum charge. */
      char key[48];
      snprintf(key, sizeof key, "%ld>%ld", (long)j, (long)g->sname[s]);
      int32_t pi = cs__idmap_get(&pair_ids, key);
      if (pi < 0) {
        if (cs__grow((void **)&pairs, sizeof *pairs, &cap_pairs, npairs + 1)) goto nomem;
        char **nk = realloc(pair_keys, (npairs + 1) * sizeof *nk);
        if (!nk) goto nomem;
        pair_keys = nk;
        if (!(pair_keys[npairs] = strdup(key))) goto nomem;
        pi = (int32_t)npairs;
        if ((rc = cs__idmap_put(&pair_ids, pair_keys[npairs], pi))) goto out;
        pair *P = &pairs[npairs++];
        P->job = j, P->sname = g->sname[s];
        pair_terms(g, j, P->sname, &P->min_charge, &P->delivery);
        /* A supplier the job already has units from outside the neighbourhood: no switch
         * (the delivery is paid), and its minimum charge less what those units pay. */
        const cs__billed *out_b = billed_outside(g, j, P->sname);
        bool paid = out_b && out_b->rent > 0;
        if (paid) P->min_charge -= out_b->rent, P->delivery = 0;
        P->y_col = paid ? -1 : new_col(&b, -P->delivery, 1);
        if (!paid && cs__basis_note(&B, false, P->y_col, "y%ld/%s", (long)P->sname, jid)) goto nomem;
        P->mc_row = P->min_charge > 0 ? new_row(&b, paid ? -P->min_charge : 0) : -1;
        if (P->min_charge > 0 && cs__basis_note(&B, true, P->mc_row, "m%ld/%s", (long)P->sname, jid)) goto nomem;
        if ((!paid && P->y_col < 0) || (P->min_charge > 0 && P->mc_row < 0)) goto nomem;
        P->e_col = -1;
        if (P->mc_row >= 0) {
          int e = P->e_col = new_col(&b, -1, INFINITY);
          if (cs__basis_note(&B, false, e, "e%ld/%s", (long)P->sname, jid)) goto nomem;
          if (e < 0 || (!paid && (rc = trip_add(&b.t, P->y_col, P->mc_row, P->min_charge))) ||
              (rc = trip_add(&b.t, e, P->mc_row, -1)))
            goto out;
        }
      }
      if (!pairs) goto nomem;
      const pair *P = &pairs[pi];
      if (P->y_col >= 0) {
        int link = new_row(&b, 0);
        if (cs__basis_note(&B, true, link, "k%ld/%zu/%s", (long)i, s, jid)) goto nomem;
        if (link < 0 || (rc = trip_add(&b.t, sc, link, 1)) || (rc = trip_add(&b.t, P->y_col, link, -ub))) goto out;
      }
      if (P->mc_row >= 0 && (rc = trip_add(&b.t, sc, P->mc_row, -c * g->days[l]))) goto out;
    }
  }
  p->lp_rows = b.nrow, p->lp_cols = b.ncol;
  *lp_cost = 0;
  g->base = base;
  if (!b.ncol) goto out;
  /* Column-major arrays from the triplets. */
  if ((rc = cs__lp_data_alloc(&g->lpd, b.ncol, b.t.n, b.nrow))) goto out;
  cs__lp_data d = g->lpd; /* the arrays, filled below (g->lpd owns them) */
  g->lp_ncols = (int)b.ncol, g->lp_nrows = (int)b.nrow;
  memset(d.start, 0, (b.ncol + 1) * sizeof *d.start);
  for (size_t k = 0; k < b.t.n; k++) d.start[b.t.col[k] + 1]++;
  for (size_t c = 0; c < b.ncol; c++) d.start[c + 1] += d.start[c];
  {
    int *fill = malloc((b.ncol + 1) * sizeof *fill);
    if (!fill) goto nomem;
    memcpy(fill, d.start, (b.ncol + 1) * sizeof *fill);
    for (size_t k = 0; k < b.t.n; k++) {
      int at = fill[b.t.col[k]]++;
      d.index[at] = b.t.row[k], d.value[at] = b.t.val[k];
    }
    free(fill);
  }
  memcpy(d.obj, b.obj, b.ncol * sizeof *d.obj);
  memcpy(d.colub, b.ub, b.ncol * sizeof *d.colub);
  memcpy(d.rowub, b.rowub, b.nrow * sizeof *d.rowub);
  if (!(lp = cs__lp_from_data(&d, (int)b.ncol, (int)b.nrow))) goto nomem;
  /* From the previous plan's basis when there is one (a cold start when that fails). */
  if (g->warm && !(start_basis = cs__basis_start(&B))) goto nomem;
  p->warm_started = start_basis && !cs__lp_solve_from(lp, start_basis);
  if (!p->warm_started && cs__lp_solve(lp, 2)) {
    rc = cs__err(err, CS_ESOLVER, "the gear plan's LP was not solved: %s", cs__lp_why(lp));
    goto out;
  }
  p->lp_iterations = cs__lp_iterations(lp);
  if (cs__basis_keep(&B, cs__lp_status(lp), &kept)) goto nomem;
  p->basis = kept;
  *lp_cost = base - cs__lp_objective(lp);
  /* The allocation: the LP's answer rounded down (refilled by the caller). */
  const double *x = cs__lp_primal(lp), *dual = cs__lp_duals(lp);
  for (size_t l = 0; l < g->n; l++) {
    if (x_col[l] < 0) continue;
    int32_t i = m->job_items.item[g->row[l]];
    g->own[l] = (int32_t)floor(x[x_col[l]] + EPS);
    for (size_t q2 = g->sup_start[i]; q2 < g->sup_start[i + 1]; q2++) {
      size_t slot = g->line_sup[l] + (q2 - g->sup_start[i]);
      g->subq[slot] = s_col[slot] >= 0 ? (int32_t)floor(x[s_col[slot]] + EPS) : 0;
    }
  }
  /* The value of one more owned unit on each contested item-day. */
  size_t nd = 0;
  for (size_t i = 0; i < m->items.n; i++)
    if (own_row[i])
      for (size_t t = 0; t < g->span; t++) nd += own_row[i][t] >= 0 && dual[own_row[i][t]] > EPS;
  p->duals = cs_arena_calloc(a, nd + 1, sizeof *p->duals);
  if (!p->duals) goto nomem;
  for (size_t i = 0; i < m->items.n; i++)
    if (own_row[i])
      for (size_t t = 0; t < g->span; t++)
        if (own_row[i][t] >= 0 && dual[own_row[i][t]] > EPS)
          p->duals[p->nduals++] = dual[own_row[i][t]] >= CS__UNFILLED_PER_DAY / 2
                                      ? (cs_item_dual){(int32_t)i, g->d0 + (cs_date)t, NAN, true}
                                      : (cs_item_dual){(int32_t)i, g->d0 + (cs_date)t, dual[own_row[i][t]], false};
  goto out;
nomem:
  rc = cs__err(err, CS_ENOMEM, "out of memory");
out:
  if (!rc && !lp && !cs__basis_keep(&B, NULL, &kept)) p->basis = kept;
  cs__basis_end(&B);
  free(start_basis);
  cs__lp_free(lp);
  for (size_t k = 0; k < npairs; k++) free(pair_keys[k]);
  free(pair_keys);
  cs__idmap_free(&pair_ids);
  g->pairs = pairs, g->npairs = npairs;
  if (own_row)
    for (size_t i = 0; i < m->items.n; i++) free(own_row[i]);
  if (sup_row)
    for (size_t s = 0; s < m->suppliers.n; s++) free(sup_row[s]);
  free(own_row), free(sup_row);
  free(b.t.col), free(b.t.row), free(b.t.val), free(b.obj), free(b.ub), free(b.rowub);
  return rc;
}

/* A job's allocation kept aside, to be put back after a move was tried. */
typedef struct saved {
  int32_t *v;
  size_t n, cap;
} saved;

/* Keeps job j's allocation (owned, market, unfilled, suppliers of each line). */
static int save_job(gear *g, size_t j, saved *sv) {
  const cs_model *m = g->m;
  size_t need = 0;
  for (size_t u = g->job_start[j]; u < g->job_start[j + 1]; u++) {
    int32_t i = m->job_items.item[g->row[g->job_lines[u]]];
    need += 3 + g->sup_start[i + 1] - g->sup_start[i];
  }
  if (cs__grow((void **)&sv->v, sizeof *sv->v, &sv->cap, need + 1)) return CS_ENOMEM;
  sv->n = 0;
  for (size_t u = g->job_start[j]; u < g->job_start[j + 1]; u++) {
    size_t l = g->job_lines[u];
    int32_t i = m->job_items.item[g->row[l]];
    sv->v[sv->n++] = g->own[l], sv->v[sv->n++] = g->market[l], sv->v[sv->n++] = g->unfilled[l];
    for (size_t k = 0; k < g->sup_start[i + 1] - g->sup_start[i]; k++) sv->v[sv->n++] = g->subq[g->line_sup[l] + k];
  }
  return 0;
}

/* Puts job j's allocation back as saved, usage included. */
static void restore_job(gear *g, size_t j, const saved *sv) {
  const cs_model *m = g->m;
  size_t at = 0;
  for (size_t u = g->job_start[j]; u < g->job_start[j + 1]; u++) {
    size_t l = g->job_lines[u];
    int32_t i = m->job_items.item[g->row[l]];
    apply(g, l, -1);
    g->own[l] = sv->v[at++], g->market[l] = sv->v[at++], g->unfilled[l] = sv->v[at++];
    for (size_t k = 0; k < g->sup_start[i + 1] - g->sup_start[i]; k++) g->subq[g->line_sup[l] + k] = sv->v[at++];
    apply(g, l, 1);
  }
}

/* Whether job j holds units from supplier name sn. */
static bool job_uses(const gear *g, size_t j, int32_t sn) {
  const cs_model *m = g->m;
  for (size_t u = g->job_start[j]; u < g->job_start[j + 1]; u++) {
    size_t l = g->job_lines[u];
    int32_t i = m->job_items.item[g->row[l]];
    for (size_t q = g->sup_start[i]; q < g->sup_start[i + 1]; q++)
      if (g->sname[g->sup_list[q]] == sn && g->subq[g->line_sup[l] + (q - g->sup_start[i])]) return true;
  }
  return false;
}

/* Moves job j's units off supplier name `off` (-1: none) and, with `to` a supplier name,
 * its open-market units onto `to` where cheaper; refills what was taken off by `how`. */
static void move(gear *g, size_t j, int32_t off, int32_t to, int32_t how) {
  const cs_model *m = g->m;
  for (size_t u = g->job_start[j]; u < g->job_start[j + 1]; u++) {
    size_t l = g->job_lines[u];
    int32_t i = m->job_items.item[g->row[l]];
    int32_t freed = 0;
    apply(g, l, -1);
    for (size_t q = g->sup_start[i]; q < g->sup_start[i + 1]; q++) {
      size_t slot = g->line_sup[l] + (q - g->sup_start[i]);
      if (off >= 0 && g->sname[g->sup_list[q]] == off) freed += g->subq[slot], g->subq[slot] = 0;
    }
    apply(g, l, 1);
    if (to >= 0 && g->market[l] > 0)
      for (size_t q = g->sup_start[i]; q < g->sup_start[i + 1] && g->market[l] > 0; q++) {
        size_t s = g->sup_list[q];
        if (g->sname[s] != to || m->suppliers.cost_per_day[s] >= market_price(m, i)) continue;
        int32_t left = take_sup(g, l, q - g->sup_start[i], g->market[l]);
        g->market[l] = left;
      }
    refill(g, l, freed, off, how);
  }
}

/* Job by job, the best of these moves while one lowers the job's cost (minimum charges and
 * delivery counted): drop a supplier and refill its units from the market, or from
 * another supplier first; or bring a supplier in for the units on the open market. */
static void improve(gear *g) {
  const cs_model *m = g->m;
  saved sv = {0}, best = {0};
  int32_t *names = malloc((m->suppliers.n + 1) * sizeof *names);
  if (!names) return;
  for (size_t j = 0; j < m->jobs.n; j++) {
    if (g->job_start[j] == g->job_start[j + 1]) continue;
    /* The supplier names that list an item the job holds. */
    size_t nn = 0;
    for (size_t u = g->job_start[j]; u < g->job_start[j + 1]; u++) {
      int32_t i = m->job_items.item[g->row[g->job_lines[u]]];
      for (size_t q = g->sup_start[i]; q < g->sup_start[i + 1]; q++) {
        int32_t sn = g->sname[g->sup_list[q]];
        bool seen = false;
        for (size_t k = 0; k < nn; k++) seen |= names[k] == sn;
        if (!seen) names[nn++] = sn;
      }
    }
    if (!nn) continue;
    for (int round = 0; round < 8; round++) {
      double now = job_cost(g, (int32_t)j, true), best_cost = now - 1e-6;
      bool found = false;
      if (save_job(g, j, &sv)) break;
      for (size_t a = 0; a < nn; a++) {
        bool open = job_uses(g, j, names[a]);
        /* Tries: off names[a] to the market, off names[a] to each other name, or names[a]
         * brought in. */
        for (size_t b = 0; b <= nn; b++) {
          if (!open && b > 0) break;
          if (open && b < nn && names[b] == names[a]) continue;
          if (open) move(g, j, names[a], -1, b == nn ? FILL_MARKET : names[b]);
          else move(g, j, -1, names[a], FILL_CHEAPEST);
          double c = job_cost(g, (int32_t)j, true);
          if (c < best_cost && !save_job(g, j, &best)) best_cost = c, found = true;
          restore_job(g, j, &sv);
        }
      }
      if (!found) break;
      restore_job(g, j, &best);
    }
  }
  free(names), free(sv.v), free(best.v);
}

/* What the whole allocation costs, unfilled units at the unfilled price. */
static double total_cost(const gear *g) {
  double c = 0;
  for (size_t j = 0; j < g->m->jobs.n; j++)
    if (g->job_start[j + 1] > g->job_start[j]) c += job_cost(g, (int32_t)j, true);
  return c;
}

/* Searches whole-number allocations with Cbc from the current one, for at most `seconds`,
 * and keeps the better; *bound receives the search's bound on the cost (unfilled at the
 * unfilled price), or stays as it was when there is no LP. Returns 0 or CS_ENOMEM. */
static int milp_search(gear *g, double seconds, double *bound) {
  const cs_model *m = g->m;
  int nc = g->lp_ncols;
  if (!nc) return 0;
  char *is_int = calloc((size_t)nc + 1, 1);
  double *start = calloc((size_t)nc + 1, sizeof *start), *x = calloc((size_t)nc + 1, sizeof *x);
  if (!is_int || !start || !x) {
    free(is_int), free(start), free(x);
    return CS_ENOMEM;
  }
  /* The current allocation as the start: owned and supplier units, the switches of the
   * (job, supplier) pairs in use, the minimum charges' excess. */
  for (size_t l = 0; l < g->n; l++) {
    if (g->x_col[l] < 0) continue;
    int32_t i = m->job_items.item[g->row[l]];
    is_int[g->x_col[l]] = 1, start[g->x_col[l]] = g->own[l];
    for (size_t q = g->sup_start[i]; q < g->sup_start[i + 1]; q++) {
      size_t slot = g->line_sup[l] + (q - g->sup_start[i]);
      if (g->s_col[slot] >= 0) is_int[g->s_col[slot]] = 1, start[g->s_col[slot]] = g->subq[slot];
    }
  }
  for (size_t k = 0; k < g->npairs; k++) {
    const pair *P = &g->pairs[k];
    bool used = P->y_col < 0 || job_uses(g, (size_t)P->job, P->sname);
    if (P->y_col >= 0) is_int[P->y_col] = 1, start[P->y_col] = used;
    if (P->e_col < 0) continue;
    double rent = 0;
    for (size_t u = g->job_start[P->job]; u < g->job_start[P->job + 1]; u++) {
      size_t l = g->job_lines[u];
      int32_t i = m->job_items.item[g->row[l]];
      for (size_t q = g->sup_start[i]; q < g->sup_start[i + 1]; q++) {
        size_t sr = g->sup_list[q];
        if (g->sname[sr] == P->sname)
          rent += g->subq[g->line_sup[l] + (q - g->sup_start[i])] * m->suppliers.cost_per_day[sr] * g->days[l];
      }
    }
    start[P->e_col] = used && P->min_charge > rent ? P->min_charge - rent : 0;
  }
  cs__milp_result R;
  double before = total_cost(g);
  int rc = cs__milp_solve(&g->lpd, nc, g->lp_nrows, is_int, start, seconds, x, &R);
  if (!rc && R.proven && R.found) *bound = g->base - R.objective;
  else if (!rc && isfinite(R.bound) && g->base - R.bound > *bound) *bound = g->base - R.bound;
  if (!rc && R.found && g->base - R.objective < before - 1e-6) {
    /* Take Cbc's answer: its units, the rest from the market or unfilled. */
    for (size_t l = 0; l < g->n; l++) {
      if (g->x_col[l] < 0) continue;
      int32_t r = g->row[l], i = m->job_items.item[r], have;
      have = g->own[l] = (int32_t)floor(x[g->x_col[l]] + 0.5);
      for (size_t q = g->sup_start[i]; q < g->sup_start[i + 1]; q++) {
        size_t slot = g->line_sup[l] + (q - g->sup_start[i]);
        g->subq[slot] = g->s_col[slot] >= 0 ? (int32_t)floor(x[g->s_col[slot]] + 0.5) : 0;
        have += g->subq[slot];
      }
      int32_t rest = m->job_items.qty[r] - have;
      g->market[l] = m->items.subrent_cost_per_day[i] >= 0 ? rest : 0;
      g->unfilled[l] = m->items.subrent_cost_per_day[i] >= 0 ? 0 : rest;
    }
  }
  free(is_int), free(start), free(x);
  return 0;
}

int cs__plan_unfilled(cs_rental_plan *p, cs_arena *a, size_t *cap, const cs_unfilled *u) {
  if (p->nunfilled == *cap) {
    size_t nc = *cap ? *cap * 2 : 16;
    cs_unfilled *n = cs_arena_alloc(a, nc * sizeof *n);
    if (!n) return CS_ENOMEM;
    if (p->nunfilled) memcpy(n, p->unfilled, p->nunfilled * sizeof *n);
    p->unfilled = n, *cap = nc;
  }
  p->unfilled[p->nunfilled++] = *u;
  return 0;
}

/* Writes the allocation into the plan: lines, sub-rentals, bills, unfilled, gear cost. */
static int emit(gear *g, cs_arena *a, cs_rental_plan *p, size_t *cap_unfilled, cs_error *err) {
  const cs_model *m = g->m;
  size_t nsubs = 0;
  for (size_t l = 0; l < g->n; l++) {
    int32_t i = m->job_items.item[g->row[l]];
    for (size_t q = g->sup_start[i]; q < g->sup_start[i + 1]; q++) nsubs += g->subq[g->line_sup[l] + (q - g->sup_start[i])] > 0;
    nsubs += g->market[l] > 0;
  }
  p->lines = cs_arena_calloc(a, g->n + 1, sizeof *p->lines);
  p->subs = cs_arena_calloc(a, nsubs + 1, sizeof *p->subs);
  p->bills = cs_arena_calloc(a, nsubs + 1, sizeof *p->bills);
  int32_t *bill_sn = cs_arena_calloc(a, nsubs + 1, sizeof *bill_sn);
  if (!p->lines || !p->subs || !p->bills || !bill_sn) return cs__err(err, CS_ENOMEM, "out of memory");
  p->nlines = g->n;
  double cost = 0;
  for (size_t l = 0; l < g->n; l++) {
    int32_t r = g->row[l], i = m->job_items.item[r];
    cs_rental_line *L = &p->lines[l];
    L->row = r, L->owned = g->own[l], L->unfilled = g->unfilled[l], L->first = p->nsubs;
    for (size_t q = g->sup_start[i]; q < g->sup_start[i + 1]; q++) {
      int32_t n = g->subq[g->line_sup[l] + (q - g->sup_start[i])];
      size_t s = g->sup_list[q];
      if (n > 0) p->subs[p->nsubs++] = (cs_rental_sub){(int32_t)s, n, n * m->suppliers.cost_per_day[s] * g->days[l]};
    }
    if (g->market[l] > 0)
      p->subs[p->nsubs++] = (cs_rental_sub){-1, g->market[l], g->market[l] * market_price(m, i) * g->days[l]};
    L->nsubs = p->nsubs - L->first;
    if (g->unfilled[l]) {
      const cs_unfilled u = {m->job_items.job[r], i, -1, m->jobs.out[m->job_items.job[r]], g->unfilled[l],
                             "no owned unit, supplier or open-market pool is left for these dates"};
      if (cs__plan_unfilled(p, a, cap_unfilled, &u)) return cs__err(err, CS_ENOMEM, "out of memory");
    }
  }
  /* Bills per job and supplier name. */
  for (size_t j = 0; j < m->jobs.n; j++) {
    size_t first = p->nbills;
    for (size_t k = g->job_start[j]; k < g->job_start[j + 1]; k++) {
      size_t l = g->job_lines[k];
      const cs_rental_line *L = &p->lines[l];
      for (size_t u = L->first; u < L->first + L->nsubs; u++) {
        const cs_rental_sub *S = &p->subs[u];
        cost += S->supplier < 0 ? S->cost : 0;
        if (S->supplier < 0) continue;
        int32_t sn = g->sname[S->supplier];
        size_t b = first;
        while (b < p->nbills && bill_sn[b] != sn) b++;
        if (b == p->nbills) {
          bill_sn[b] = sn;
          p->bills[p->nbills++] = (cs_rental_bill){(int32_t)j, m->suppliers.supplier[sn], 0, 0, 0};
        }
        p->bills[b].rental += S->cost;
      }
    }
    for (size_t b = first; b < p->nbills; b++) {
      charge(g, (int32_t)j, bill_sn[b], p->bills[b].rental, &p->bills[b].charged, &p->bills[b].delivery);
      cost += p->bills[b].charged + p->bills[b].delivery;
    }
    if (g->job_start[j + 1] > g->job_start[j]) cost += outside_floor(g, (int32_t)j);
  }
  p->gear_cost = cost;
  return 0;
}

int cs__gear_plan(const cs__scope *S, double seconds, double slack, cs_arena *a, cs_rental_plan *p, double *lb,
                  cs_error *err) {
  gear g = {0};
  size_t cap_unfilled = p->nunfilled;
  int rc = gear_init(&g, S);
  if (rc) {
    gear_free(&g);
    return cs__err(err, CS_ENOMEM, "out of memory");
  }
  const cs_model *m = S->m;
  for (size_t i = 0; i < m->items.n && !rc; i++)
    if (g.item_start[i + 1] > g.item_start[i]) rc = item_demand(&g, (int32_t)i);
  if (rc) {
    gear_free(&g);
    return cs__err(err, CS_ENOMEM, "out of memory");
  }
  double lp_cost = 0;
  if ((rc = solve_lp(&g, a, p, &lp_cost, err))) goto out;
  /* Lines outside the LP (of uncontested items, or with no short day) keep owned units. */
  for (size_t l = 0; l < g.n; l++)
    if (g.x_col[l] < 0) g.own[l] = m->job_items.qty[g.row[l]];
  /* The usage of the rounded answer, then the rest of each line refilled. */
  for (size_t i = 0; i < m->items.n; i++)
    if (g.used[i]) memset(g.used[i], 0, g.span * sizeof *g.used[i]);
  for (size_t l = 0; l < g.n; l++)
    if (g.contested[m->job_items.item[g.row[l]]]) apply(&g, l, 1);
  for (size_t l = 0; l < g.n; l++) {
    int32_t r = g.row[l];
    if (g.x_col[l] < 0) continue;
    int32_t have = g.own[l];
    int32_t i = m->job_items.item[r];
    for (size_t q = g.sup_start[i]; q < g.sup_start[i + 1]; q++) have += g.subq[g.line_sup[l] + (q - g.sup_start[i])];
    refill(&g, l, m->job_items.qty[r] - have, -1, FILL_CHEAPEST);
  }
  improve(&g);
  /* The whole-number search, when the bound leaves more room than the plan may keep (the
   * slack given, and CS_RENTAL_GAP of the gear's own cost) on an LP small enough, or
   * always when asked to prove (a negative slack). */
  double now = total_cost(&g), penalty = 0;
  for (size_t l = 0; l < g.n; l++) penalty += g.unfilled[l] * CS__UNFILLED_PER_DAY * g.days[l];
  double allowed = slack + CS_RENTAL_GAP * (now - penalty);
  bool search = slack < 0 || (g.lp_ncols <= CS_RENTAL_MILP_MAX_COLS && now - lp_cost > (allowed > 1e-2 ? allowed : 1e-2));
  if (seconds > 0 && search && milp_search(&g, seconds, &lp_cost)) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  /* The bound: the LP's (or the search's) cost, less the unfilled price of what the plan
   * leaves unfilled (that price is in both, and no plan fills what nothing can fill). */
  double unfilled_price = 0;
  for (size_t l = 0; l < g.n; l++) unfilled_price += g.unfilled[l] * CS__UNFILLED_PER_DAY * g.days[l];
  *lb = lp_cost - unfilled_price < 0 ? 0 : lp_cost - unfilled_price;
  rc = emit(&g, a, p, &cap_unfilled, err);
out:
  gear_free(&g);
  return rc;
}
