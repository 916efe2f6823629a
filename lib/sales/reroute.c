/* reroute.c — route improvement of the reps' booked days (DESIGN §8): each date's visits,
 * neighbourhood by neighbourhood, handed to the route engine as a VRPTW — a vehicle per
 * working rep (home to home inside the rep's day, at most target_per_day jobs), a job per
 * visit (service = its duration; the window in which it may start: the account's hours and
 * the customer's window, or exactly its booked start when it may not move), travel in the
 * desk's whole minutes — started from the booked plan, so the answer is never worse. The
 * method and its choices are in docs/internals/route.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_route.h"
#include "sales_priv.h"

/* Reps routed together by default, and the search each neighbourhood gets by default. */
#define GROUP_REPS 40
#define SECONDS_PER_GROUP 0.5
#define MAX_GROUP_REPS 1000

/* Spreads the low 16 bits of x over the even bits (for the Morton order). */
static uint32_t spread16(uint32_t x) {
  x &= 0xFFFFu;
  x = (x | (x << 8)) & 0x00FF00FFu;
  x = (x | (x << 4)) & 0x0F0F0F0Fu;
  x = (x | (x << 2)) & 0x33333333u;
  x = (x | (x << 1)) & 0x55555555u;
  return x;
}

/* A rep in the Morton (Z-order) of the homes: near codes, near homes, mostly. */
typedef struct zrep { uint32_t code; int32_t rep; } zrep;

static int cmp_zrep(const void *x, const void *y) {
  const zrep *a = x, *b = y;
  if (a->code != b->code) return a->code < b->code ? -1 : 1;
  return (a->rep > b->rep) - (a->rep < b->rep);
}

/* The reps in the Morton order of their homes, into order[] (m->reps.n of them). */
static int reps_by_place(const cs_model *m, int32_t *order) {
  zrep *z = malloc((m->reps.n + 1) * sizeof *z);
  if (!z) return CS_ENOMEM;
  for (size_t r = 0; r < m->reps.n; r++) {
    uint32_t y = (uint32_t)((m->reps.home_lat[r] + 90) / 180 * 65535), x = (uint32_t)((m->reps.home_lon[r] + 180) / 360 * 65535);
    z[r] = (zrep){spread16(x) | spread16(y) << 1, (int32_t)r};
  }
  qsort(z, m->reps.n, sizeof *z, cmp_zrep);
  for (size_t r = 0; r < m->reps.n; r++) order[r] = z[r].rep;
  free(z);
  return 0;
}

/* One neighbourhood's problem on one date, in arrays sized for the largest. */
typedef struct hood {
  size_t nv, nj, nl;
  int32_t *rep_of;          /* per vehicle */
  int32_t *appt_of;         /* per job */
  int32_t *place_of;        /* per location: an account, or -1 - rep for a home */
  bool *fixed;              /* per job: keeps its rep and start */
  cs_vrp_job *jobs;
  cs_vrp_vehicle *veh;
  double *travel;
  uint8_t *allowed;
  int32_t *init;
  size_t *init_first, *init_len;
  int32_t travel_before;    /* of the rep-days routed */
} hood;

/* What one call keeps between neighbourhoods. */
typedef struct router {
  const cs_desk *d;
  const cs_reroute_options *opt;
  int32_t *loc_of_account;  /* per account: its location in the present hood, or -1 */
  int32_t home_loc[MAX_GROUP_REPS]; /* per rep of the hood: its home's location */
  hood h;
  size_t cap_v, cap_j;
  cs_reroute_move *moves;
  size_t nmoves, cap_moves;
  double seconds;           /* the engine's, all neighbourhoods */
} router;

/* The location of a place in the hood, added when new. */
static int32_t location(router *R, int32_t place) {
  hood *h = &R->h;
  if (place < 0) {
    h->place_of[h->nl] = place;
    return (int32_t)h->nl++;
  }
  if (R->loc_of_account[place] < 0) {
    R->loc_of_account[place] = (int32_t)h->nl;
    h->place_of[h->nl++] = place;
  }
  return R->loc_of_account[place];
}

/* The window in which visit a may start: the account's hours and the customer's window,
 * less its duration; *open > *close when there is none. */
static void visit_window(const cs_model *m, int32_t a, double *open, double *close) {
  const cs_appointments *A = &m->appointments;
  int32_t acc = cs__appt_place(m, a), lo = m->accounts.open[acc], hi = m->accounts.close[acc];
  if (A->window_from[a] >= 0 && A->window_from[a] > lo) lo = A->window_from[a];
  if (A->window_to[a] >= 0 && A->window_to[a] < hi) hi = A->window_to[a];
  *open = lo;
  *close = hi - A->duration[a];
}

/* Whether a rep-day's booked plan keeps every rule the engine keeps: each visit starts at
 * its booked time inside its window, the drive to it fits before (from home for the
 * first), the drive home fits by the day's end, no more visits than the target. The day's
 * jobs are h's from j0, in the booked order. */
static bool day_keeps_rules(const router *R, size_t v, size_t j0, size_t n) {
  const hood *h = &R->h;
  const cs_vrp_vehicle *V = &h->veh[v];
  if (n > (size_t)V->max_jobs) return false;
  double t = V->shift_start;
  int32_t at = V->start;
  for (size_t k = 0; k < n; k++) {
    const cs_vrp_job *J = &h->jobs[j0 + k];
    double booked = R->d->m->appointments.start[h->appt_of[j0 + k]];
    if (t + h->travel[(size_t)at * h->nl + (size_t)J->location] > booked || booked < J->open || booked > J->close)
      return false;
    t = booked + J->service;
    at = J->location;
  }
  return t + h->travel[(size_t)at * h->nl + (size_t)V->end] <= V->shift_end;
}

/* Grows the hood's arrays to hold nv vehicles and nj jobs. */
static int hood_reserve(router *R, size_t nv, size_t nj) {
  hood *h = &R->h;
  if (nv <= R->cap_v && nj <= R->cap_j) return 0;
  size_t cv = nv > R->cap_v ? nv : R->cap_v, cj = nj > R->cap_j ? nj : R->cap_j, cl = cv + cj;
  void *p[] = {realloc(h->rep_of, (cv + 1) * sizeof *h->rep_of), realloc(h->appt_of, (cj + 1) * sizeof *h->appt_of),
               realloc(h->place_of, (cl + 1) * sizeof *h->place_of), realloc(h->fixed, (cj + 1) * sizeof *h->fixed),
               realloc(h->jobs, (cj + 1) * sizeof *h->jobs), realloc(h->veh, (cv + 1) * sizeof *h->veh),
               realloc(h->travel, (cl * cl + 1) * sizeof *h->travel),
               realloc(h->allowed, (cj * cv + 1) * sizeof *h->allowed), realloc(h->init, (cj + 1) * sizeof *h->init),
               realloc(h->init_first, (cv + 1) * sizeof *h->init_first),
               realloc(h->init_len, (cv + 1) * sizeof *h->init_len)};
  /* realloc keeps the old block when it fails: take what succeeded, report the rest. */
  bool ok = true;
  void **slot[] = {(void **)&h->rep_of, (void **)&h->appt_of, (void **)&h->place_of, (void **)&h->fixed,
                   (void **)&h->jobs, (void **)&h->veh, (void **)&h->travel, (void **)&h->allowed,
                   (void **)&h->init, (void **)&h->init_first, (void **)&h->init_len};
  for (size_t i = 0; i < sizeof p / sizeof *p; i++) {
    if (p[i]) *slot[i] = p[i];
    else ok = false;
  }
  if (!ok) return CS_ENOMEM;
  R->cap_v = cv, R->cap_j = cj;
  return 0;
}

/* Fills the travel matrix of the hood's locations. */
static void hood_travel(router *R) {
  hood *h = &R->h;
  for (size_t i = 0; i < h->nl; i++)
    for (size_t k = 0; k < h->nl; k++) h->travel[i * h->nl + k] = cs__desk_travel(R->d, h->place_of[i], h->place_of[k]);
}

/* Builds the problem of reps group[0..ng) on desk day `day`: a vehicle per working rep,
 * its visits as jobs in the booked order, the travel between their places. A rep-day whose
 * booked plan already breaks a rule stays out, as booked (counted in *left_alone). */
static int build_hood(router *R, const int32_t *group, size_t ng, size_t day, size_t *left_alone) {
  const cs_desk *d = R->d;
  const cs_model *m = d->m;
  const cs_appointments *A = &m->appointments;
  size_t nv = 0, nj = 0;
  for (size_t g = 0; g < ng; g++) {
    const cs__repday *x = &d->rd[(size_t)group[g] * d->ndays + day];
    nv += x->works, nj += x->works ? x->n : 0;
  }
  if (hood_reserve(R, nv, nj)) return CS_ENOMEM;
  hood *h = &R->h;
  h->nv = h->nj = h->nl = 0;
  h->travel_before = 0;
  /* Every place first (the rules of a day are checked on the travel between them). */
  for (size_t g = 0; g < ng; g++) {
    const cs__repday *x = &d->rd[(size_t)group[g] * d->ndays + day];
    if (!x->works) continue;
    R->home_loc[g] = location(R, -1 - group[g]);
    for (size_t k = 0; k < x->n; k++) location(R, cs__appt_place(m, d->visit[x->first + k]));
  }
  hood_travel(R);
  for (size_t g = 0; g < ng; g++) {
    int32_t rep = group[g];
    const cs__repday *x = &d->rd[(size_t)rep * d->ndays + day];
    if (!x->works) {
      *left_alone += x->n > 0;
      continue;
    }
    size_t v = h->nv, j0 = h->nj;
    int32_t at = R->home_loc[g];
    h->rep_of[v] = rep;
    h->veh[v] = (cs_vrp_vehicle){at, at, x->start, x->end, INFINITY, m->reps.target_per_day[rep]};
    for (size_t k = 0; k < x->n; k++) {
      int32_t a = d->visit[x->first + k];
      size_t j = j0 + k;
      double open, close;
      visit_window(m, a, &open, &close);
      bool fixed = A->pinned[a] || A->status[a] != CS_APPT_BOOKED || A->start[a] < open || A->start[a] > close;
      if (fixed) open = close = A->start[a];
      h->appt_of[j] = a;
      h->fixed[j] = fixed;
      h->init[j] = (int32_t)j;
      h->jobs[j] = (cs_vrp_job){location(R, cs__appt_place(m, a)), 0, A->duration[a], open, close, fixed ? (int32_t)v : -1};
    }
    h->init_first[v] = j0;
    h->init_len[v] = x->n;
    if (!day_keeps_rules(R, v, j0, x->n)) {
      ++*left_alone;
      continue;
    }
    h->nv++, h->nj += x->n;
    h->travel_before += x->travel;
  }
  for (size_t j = 0; j < h->nj; j++) {
    int32_t a = h->appt_of[j];
    for (size_t v = 0; v < h->nv; v++) {
      bool own = j >= h->init_first[v] && j < h->init_first[v] + h->init_len[v];
      h->allowed[j * h->nv + v] = own || (!h->fixed[j] && cs__rep_has_skill(m, h->rep_of[v], A->skill[a]));
    }
  }
  for (size_t i = 0; i < h->nl; i++)
    if (h->place_of[i] >= 0) R->loc_of_account[h->place_of[i]] = -1;
  return 0;
}

/* Appends a move. */
static int add_move(router *R, const cs_reroute_move *mv) {
  if (cs__grow((void **)&R->moves, sizeof *R->moves, &R->cap_moves, R->nmoves + 1)) return CS_ENOMEM;
  R->moves[R->nmoves++] = *mv;
  return 0;
}

/* Takes the engine's routes: each visit's start is its booked one when the new route
 * still allows it, else the nearest that does (latest starts from the back, then forward);
 * a visit whose rep or start changes is a move. */
static int take_plan(router *R, const cs_vrp_solution *X, cs_date date) {
  const hood *h = &R->h;
  const cs_appointments *A = &R->d->m->appointments;
  int32_t *latest = malloc((h->nj + 1) * sizeof *latest);
  if (!latest) return CS_ENOMEM;
  int rc = 0;
  for (size_t v = 0; v < h->nv && !rc; v++) {
    const cs_vrp_vehicle *V = &h->veh[v];
    const int32_t *seq = X->jobs + X->first[v];
    size_t n = X->len[v];
    double limit = V->shift_end;
    int32_t next = V->end;
    for (size_t k = n; k-- > 0;) {
      const cs_vrp_job *J = &h->jobs[seq[k]];
      double l = fmin(J->close, limit - h->travel[(size_t)J->location * h->nl + (size_t)next] - J->service);
      latest[k] = (int32_t)l;
      limit = l;
      next = J->location;
    }
    double t = V->shift_start;
    int32_t at = V->start;
    for (size_t k = 0; k < n && !rc; k++) {
      const cs_vrp_job *J = &h->jobs[seq[k]];
      int32_t a = h->appt_of[seq[k]];
      double earliest = fmax(J->open, t + h->travel[(size_t)at * h->nl + (size_t)J->location]);
      int32_t start = (int32_t)fmax(A->start[a], earliest);
      /* A new time is told to a customer: on the five minutes when the route allows. */
      if (start != A->start[a] && (start + 4) / 5 * 5 <= latest[k]) start = (start + 4) / 5 * 5;
      if (start > latest[k]) start = latest[k];
      if (!h->fixed[seq[k]] && (h->rep_of[v] != A->rep[a] || start != A->start[a]))
        rc = add_move(R, &(cs_reroute_move){a, date, A->rep[a], h->rep_of[v], A->start[a], start});
      t = start + J->service;
      at = J->location;
    }
  }
  free(latest);
  return rc;
}

/* Routes one neighbourhood on one date with `seconds` of search; adds to the day. */
static int route_hood(router *R, const int32_t *group, size_t ng, size_t day, double seconds, cs_reroute_day *D,
                      cs_error *err) {
  size_t left = 0;
  if (build_hood(R, group, ng, day, &left)) return cs__err(err, CS_ENOMEM, "out of memory");
  D->left_alone += left;
  const hood *h = &R->h;
  size_t movable = 0;
  for (size_t j = 0; j < h->nj; j++) movable += !h->fixed[j];
  if (!movable) return 0;
  D->groups++;
  cs_vrp p = {h->nj, h->nv, h->nl, h->jobs, h->veh, h->travel, h->allowed};
  cs_vrp_options o = {seconds, R->opt->threads ? R->opt->threads : 2, R->opt->seed + day * 7919 + (uint64_t)group[0],
                      h->init, h->init_first, h->init_len};
  cs_arena *a = cs_arena_new();
  cs_vrp_solution *X = NULL;
  int rc = a ? cs_vrp_solve(&p, &o, a, &X, err) : cs__err(err, CS_ENOMEM, "out of memory");
  if (!rc && X) R->seconds += X->seconds;
  if (!rc && X && X->unassigned == 0 && X->travel < h->travel_before - 0.5) {
    rc = take_plan(R, X, R->d->at + (cs_date)day);
    if (rc) cs__err(err, CS_ENOMEM, "out of memory");
    else {
      D->travel_after -= h->travel_before - (int32_t)lround(X->travel);
      D->improved++;
    }
  }
  cs_arena_free(a);
  return rc;
}

/* Orders moves by date, rep, start (qsort). */
static int cmp_move(const void *x, const void *y) {
  const cs_reroute_move *a = x, *b = y;
  if (a->date != b->date) return (a->date > b->date) - (a->date < b->date);
  if (a->to_rep != b->to_rep) return (a->to_rep > b->to_rep) - (a->to_rep < b->to_rep);
  return (a->start > b->start) - (a->start < b->start);
}

/* Checks the call's arguments. */
static int check_args(const cs_desk *d, cs_date from, size_t ndays, const cs_reroute_options *opt, cs_error *err) {
  cs_date first, last;
  cs_desk_dates(d, &first, &last);
  if (ndays < 1 || ndays > 366) return cs__err(err, CS_EINPUT, "route improvement covers 1 to 366 days");
  if (from < first || from + (cs_date)ndays - 1 > last) return cs__err(err, CS_EINPUT, "the dates routed lie outside the desk's");
  if (!(opt->time_limit >= 0 && opt->time_limit <= 86400))
    return cs__err(err, CS_EINPUT, "the time limit must be 0 to 86400 seconds");
  if (opt->threads < 0 || opt->threads > CS_VRP_MAX_THREADS)
    return cs__err(err, CS_EINPUT, "threads must be 1 to %d", CS_VRP_MAX_THREADS);
  if (opt->group_reps > MAX_GROUP_REPS) return cs__err(err, CS_EINPUT, "a neighbourhood holds at most %d reps", MAX_GROUP_REPS);
  return 0;
}

int cs_desk_reroute(const cs_desk *d, cs_date from, size_t ndays, const cs_reroute_options *opt, cs_arena *a,
                    cs_reroute **out, cs_error *err) {
  *out = NULL;
  int rc = check_args(d, from, ndays, opt, err);
  if (rc) return rc;
  const cs_model *m = d->m;
  size_t nreps = m->reps.n, per = opt->group_reps ? opt->group_reps : GROUP_REPS;
  size_t ngroups = (nreps + per - 1) / per, day0 = (size_t)(from - d->at);
  double seconds = opt->time_limit > 0 ? opt->time_limit / (double)(ngroups * ndays) : SECONDS_PER_GROUP;
  router R = {.d = d, .opt = opt};
  int32_t *order = malloc((nreps + 1) * sizeof *order);
  R.loc_of_account = malloc((m->accounts.n + 1) * sizeof *R.loc_of_account);
  cs_reroute *P = cs_arena_calloc(a, 1, sizeof *P);
  cs_reroute_day *days = cs_arena_calloc(a, ndays, sizeof *days);
  if (!order || !R.loc_of_account || !P || !days || reps_by_place(m, order)) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  for (size_t i = 0; i < m->accounts.n; i++) R.loc_of_account[i] = -1;
  for (size_t k = 0; k < ndays && !rc; k++) {
    cs_reroute_day *D = &days[k];
    D->date = from + (cs_date)k;
    for (size_t r = 0; r < nreps; r++) {
      const cs__repday *x = &d->rd[r * d->ndays + day0 + k];
      D->appointments += x->n;
      D->travel_before += x->travel;
    }
    D->travel_after = D->travel_before;
    for (size_t g = 0; g < ngroups && !rc; g++) {
      size_t lo = g * per, n = lo + per < nreps ? per : nreps - lo;
      rc = route_hood(&R, order + lo, n, day0 + k, seconds, D, err);
      if (opt->progress) opt->progress(opt->user, "routing", (double)(k * ngroups + g + 1), (double)(ndays * ngroups));
    }
    P->appointments += D->appointments;
    P->travel_before += D->travel_before;
    P->travel_after += D->travel_after;
  }
  if (!rc && R.nmoves) {
    qsort(R.moves, R.nmoves, sizeof *R.moves, cmp_move);
    P->moves = cs_arena_calloc(a, R.nmoves, sizeof *P->moves);
    if (!P->moves) rc = cs__err(err, CS_ENOMEM, "out of memory");
    else memcpy(P->moves, R.moves, R.nmoves * sizeof *P->moves);
  }
  if (!rc) {
    P->ndays = ndays;
    P->days = days;
    P->nmoves = R.nmoves;
    P->seconds = R.seconds;
    *out = P;
  }
out:
  free(order);
  free(R.loc_of_account);
  free(R.moves);
  hood *h = &R.h;
  free(h->rep_of), free(h->appt_of), free(h->place_of), free(h->fixed), free(h->jobs), free(h->veh);
  free(h->travel), free(h->allowed), free(h->init), free(h->init_first), free(h->init_len);
  return rc;
}
