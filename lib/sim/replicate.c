/* replicate.c — one replication of one policy: an event calendar (two binary heaps ordered by
 * time, then by the order events were scheduled: Poisson arrivals in one, the rest in the
 * other, the next event the earlier of their tops) over arrivals, timed releases and step
 * completions. Orders are admitted at arrival and released by the policy (push: at once;
 * CONWIP: while fewer than the cap are released and unfinished; the rope: from the due
 * date less the production buffer on, the Constraint's orders in due order while its
 * released and undone minutes stay within half the buffer of its capacity, the others
 * then and there); at each resource the next
 * order is chosen FIFO, earliest due first, or by buffer penetration (the largest share of
 * its buffer consumed). A unit works its resource's minutes of each day and carries work
 * over to the next. Random numbers are counter-based — a step's time depends only on the
 * seed, the replication, the order and the step — so every policy sees the same draws. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "sim_priv.h"

#define DAY 1440.0

enum { EV_ARRIVE, EV_BOOK, EV_ROPE, EV_FREE, EV_DONE, EV_DAY };

typedef struct event {
  double t;
  uint64_t seq;
  int32_t kind, a, b;
} event;

typedef struct job {
  int32_t p, step, attempt;
  uint32_t id;
  double qty, t_unit, arrive, release, due, queued, waited;
  bool rope_timed;
} job;

/* A place in a resource's queue: EDD keeps a binary heap on (key, id); FIFO, whose orders
 * come in nearly always last, a sorted run q[head..n) filled from the back; buffer
 * penetration, whose order changes with time, is scanned. */
typedef struct qent {
  double key;
  uint32_t id;
  int32_t j;
} qent;

/* A resource's queue and units. */
typedef struct station {
  qent *q;
  size_t head, n, cap;      /* waiting: q[head..n) (head stays 0 but under FIFO) */
  int32_t busy;
  int32_t here;             /* units at work today (absences drawn each morning) */
} station;

/* A binary heap of events on (time, the order they were scheduled). */
typedef struct calendar {
  event *e;
  size_t n, cap;
} calendar;

typedef struct rep {
  const cs__sim *S;
  const cs_sim_policy *pol;
  uint64_t key;
  double now, start, end;
  calendar cal[2];          /* Poisson arrivals, and every other event: the next event is
                             * the earlier of their tops (arrivals, one per product, keep
                             * out of the busier heap) */
  uint64_t seq;
  job *jobs;
  size_t njobs, capjobs;
  int32_t *free_jobs;
  size_t nfree, capfree;
  station *st;
  int32_t *pool;            /* admitted, not released: by arrival (CONWIP) or due (rope) */
  size_t npool, cappool;
  int32_t wip;
  double rope_load;
  uint32_t next_id;
  cs__rng saturated_rng;
  /* Measures. */
  double events, wip_area, last, busy_min, units_done, orders_done, t_done, on_time, queue_sum;
  cs__histo lead;            /* the measured orders' lead times */
  double lead_sum;
  double *wip_day, *busy_day; /* per measured day */
  size_t ndays, cur_day;      /* cur_day starts at day_from */
  double day_from;
  bool oom;
} rep;

/* Mixes a key (splitmix64's finaliser). */
static uint64_t mix(uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/* Grows an array to hold need elements, or marks the replication out of memory. */
static bool grow(rep *R, void **arr, size_t elem, size_t *cap, size_t need) {
  if (need <= *cap) return !R->oom;
  if (R->oom) return false;
  if (cs__grow(arr, elem, cap, need)) R->oom = true;
  return !R->oom;
}

static inline bool earlier(const event *x, const event *y) { return x->t < y->t || (x->t == y->t && x->seq < y->seq); }

/* Adds an event to its calendar. */
static inline void schedule(rep *R, double t, int32_t kind, int32_t a, int32_t b) {
  calendar *c = &R->cal[kind != EV_ARRIVE];
  if (!grow(R, (void **)&c->e, sizeof *c->e, &c->cap, c->n + 1)) return;
  event e = {t, R->seq++, kind, a, b};
  size_t i = c->n++;
  while (i > 0 && earlier(&e, &c->e[(i - 1) / 2])) {
    c->e[i] = c->e[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  c->e[i] = e;
}

/* Puts event e in the hole at i of calendar h and moves it down to its place. */
static inline void sift_down(calendar *h, size_t i, event e) {
  size_t n = h->n;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && earlier(&h->e[c + 1], &h->e[c])) c++;
    if (!earlier(&h->e[c], &e)) break;
    h->e[i] = h->e[c];
    i = c;
  }
  h->e[i] = e;
}

/* Takes the next event: the earlier top of the two calendars (at least one not empty). */
static inline event pop(rep *R) {
  size_t second = !R->cal[0].n || (R->cal[1].n && !earlier(&R->cal[0].e[0], &R->cal[1].e[0]));
  calendar *h = &R->cal[second];
  event top = h->e[0], last = h->e[--h->n];
  if (h->n) sift_down(h, 0, last);
  return top;
}

/* When work of w minutes started at t on a unit working `day` minutes from each midnight
 * ends (round the clock at 1,440). */
static inline double finish_at(double t, double w, double day) {
  if (day >= DAY) return t + w;
  if (day <= 0) return INFINITY;
  double d = floor(t / DAY), off = t - d * DAY;
  if (off >= day) d += 1, off = 0;
  double rem = day - off;
  if (w <= rem) return d * DAY + off + w;
  w -= rem;
  double full = floor(w / day), left = w - full * day;
  if (left <= 0) return (d + full) * DAY + day;
  return (d + full + 1) * DAY + left;
}

/* The random numbers of attempt `attempt` of step `step` of order `id`, for its minutes
 * (salt 0) or its rework (salt 1 << 56): splitmix64 started at the replication's key plus
 * the counter (attempt in bits 0-7, step 8-23, order 24-55, salt above) times an odd
 * constant, so that one finaliser a draw gives numbers that depend on nothing else. */
static inline cs__rng step_rng(const rep *R, uint32_t id, int32_t step, int32_t attempt, uint64_t salt) {
  uint64_t c = ((uint64_t)id << 24) ^ ((uint64_t)(uint32_t)step << 8 & 0xFFFF00u) ^ ((uint64_t)(uint32_t)attempt & 0xFFu) ^ salt;
  return (cs__rng){R->key + c * 0xD1B54A32D192ED03ULL};
}

/* The repairs of the breakdowns that strike while w minutes of work run: failures come
 * after exponential working times of mean mtbf_min, each repair is exponential of mean
 * mttr_min and the work resumes (operation-dependent failures, as in effective process
 * times). */
static double repairs(const rep *R, const cs_sim_variability *v, cs__rng *g, double w) {
  cs_dist up = {.kind = CS_DIST_EXPONENTIAL, .a = v->mtbf_min}, fix = {.kind = CS_DIST_EXPONENTIAL, .a = v->mttr_min};
  double worked = cs__dist_draw(&up, g, &R->S->zig), total = 0;
  while (worked < w) {
    total += cs__dist_draw(&fix, g, &R->S->zig);
    worked += cs__dist_draw(&up, g, &R->S->zig);
  }
  return total;
}

/* Minutes of one step of job j: setup plus its units at the drawn minutes per unit, with
 * the repairs of the breakdowns that strike while it runs. */
static inline double step_minutes(const rep *R, const job *j, const cs__sim_step *s) {
  cs__rng g = step_rng(R, j->id, j->step, j->attempt, 0);
  double per_unit = s->minutes;
  if (s->v && s->v->has_dist) per_unit = cs__dist_draw_fast(&s->v->dist, &g, &R->S->zig);
  else if (R->S->opt->cv > 0) per_unit = s->minutes * cs__dist_draw_fast(&R->S->cv_dist, &g, &R->S->zig);
  double w = s->setup + j->qty * per_unit;
  if (s->v && s->v->mtbf_min > 0) w += repairs(R, s->v, &g, w);
  return w;
}

/* Adds the time-weighted WIP since the last change (inside the measured window), in all
 * and day by day (the present day's bounds kept, so that most calls add to it at once). */
static inline void tick(rep *R) {
  double from = R->last > R->start ? R->last : R->start, to = R->now < R->end ? R->now : R->end;
  R->last = R->now;
  if (!(to > from) || !R->wip) return;
  double wip = (double)R->wip, area = wip * (to - from);
  R->wip_area += area;
  if (from >= R->day_from && to <= R->day_from + DAY) {
    R->wip_day[R->cur_day] += area;
    return;
  }
  for (double t = from; t < to;) {
    size_t d = (size_t)((t - R->start) / DAY);
    if (d >= R->ndays) break;
    double e = R->start + (double)(d + 1) * DAY;
    if (e > to) e = to;
    R->wip_day[d] += wip * (e - t);
    R->cur_day = d, R->day_from = R->start + (double)d * DAY;
    t = e;
  }
}

static inline int32_t new_job(rep *R, int32_t p, double qty, double t_unit, double due) {
  int32_t i;
  if (R->nfree) i = R->free_jobs[--R->nfree];
  else {
    if (!grow(R, (void **)&R->jobs, sizeof *R->jobs, &R->capjobs, R->njobs + 1)) return -1;
    i = (int32_t)R->njobs++;
  }
  R->jobs[i] = (job){p, 0, 0, R->next_id++, qty, t_unit, R->now, -1, due, 0, 0, false};
  return i;
}

static bool before(const qent *x, const qent *y) { return x->key < y->key || (x->key == y->key && x->id < y->id); }

/* Takes the next order off a queue: the run's front (FIFO), the heap's top (EDD) or the order with the
 * largest share of its buffer consumed (ties: the earlier id). */
static inline int32_t next_in_line(rep *R, station *s) {
  if (R->pol->dispatch == CS_SIM_FIFO) {
    int32_t ji = s->q[s->head++].j;
    if (s->head == s->n) s->head = s->n = 0;
    return ji;
  }
  if (R->pol->dispatch == CS_SIM_BP) {
    size_t best = 0;
    double bk = INFINITY;
    for (size_t i = 0; i < s->n; i++) {
      const job *j = &R->jobs[s->q[i].j];
      double span = j->due - j->release, k = span > 0 ? -(R->now - j->release) / span : -INFINITY;
      if (k < bk || (k == bk && s->q[i].id < s->q[best].id)) bk = k, best = i;
    }
    int32_t ji = s->q[best].j;
    s->q[best] = s->q[--s->n];
    return ji;
  }
  int32_t ji = s->q[0].j;
  qent last = s->q[--s->n];
  size_t i = 0, n = s->n;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && before(&s->q[c + 1], &s->q[c])) c++;
    if (!before(&s->q[c], &last)) break;
    s->q[i] = s->q[c];
    i = c;
  }
  if (n) s->q[i] = last;
  return ji;
}

/* Puts an order in a queue (keyed by arrival there, or due date). */
static inline void line_up(rep *R, station *s, int32_t ji) {
  const job *j = &R->jobs[ji];
  qent e = {R->pol->dispatch == CS_SIM_EDD ? j->due : j->queued, j->id, ji};
  size_t i = s->n++;
  if (R->pol->dispatch == CS_SIM_FIFO)
    for (; i > s->head && before(&e, &s->q[i - 1]); i--) s->q[i] = s->q[i - 1];
  else if (R->pol->dispatch == CS_SIM_EDD)
    for (; i > 0 && before(&e, &s->q[(i - 1) / 2]); i = (i - 1) / 2) s->q[i] = s->q[(i - 1) / 2];
  s->q[i] = e;
}

/* Starts work on every idle unit of resource r while orders wait. */
static inline void dispatch(rep *R, int32_t r) {
  station *s = &R->st[r];
  const cs__sim *S = R->S;
  while (s->n > s->head && s->busy < s->here) {
    int32_t ji = next_in_line(R, s);
    job *j = &R->jobs[ji];
    j->waited += R->now - j->queued;
    const cs__sim_step *st = &S->steps[S->step_start[j->p] + (size_t)j->step];
    double w = step_minutes(R, j, st);
    if (r == S->constraint && R->now >= R->start && R->now < R->end) {
      R->busy_min += w;
      size_t d = (size_t)((R->now - R->start) / DAY);
      if (d < R->ndays) R->busy_day[d] += w;
    }
    s->busy++;
    schedule(R, finish_at(R->now, w, S->day[r]), EV_DONE, ji, r);
  }
}

static inline void finish(rep *R, int32_t ji);

/* Sends job ji to the resource of its present step (or finishes it). */
static inline void enqueue(rep *R, int32_t ji) {
  const cs__sim *S = R->S;
  job *j = &R->jobs[ji];
  size_t nsteps = S->step_start[j->p + 1] - S->step_start[j->p];
  if ((size_t)j->step >= nsteps) {
    finish(R, ji);
    return;
  }
  int32_t r = S->steps[S->step_start[j->p] + (size_t)j->step].res;
  station *s = &R->st[r];
  if (s->head && s->head * 2 >= s->n) { /* the taken half of a FIFO run: slide the rest down */
    memmove(s->q, s->q + s->head, (s->n - s->head) * sizeof *s->q);
    s->n -= s->head, s->head = 0;
  }
  if (!grow(R, (void **)&s->q, sizeof *s->q, &s->cap, s->n + 1)) return;
  j->queued = R->now;
  line_up(R, s, ji);
  dispatch(R, r);
}

static inline void release(rep *R, int32_t ji) {
  tick(R);
  job *j = &R->jobs[ji];
  j->release = R->now;
  R->wip++;
  R->rope_load += R->S->cmin[j->p] * j->qty;
  enqueue(R, ji);
}

/* A product for the saturated backlog, in proportion to demand. */
static int32_t backlog_product(rep *R) {
  const cs__sim *S = R->S;
  double u = cs__rng_uniform(&R->saturated_rng, 0, S->rate_sum);
  for (size_t p = 0; p < S->np; p++) {
    if (u < S->rate[p]) return (int32_t)p;
    u -= S->rate[p];
  }
  for (size_t p = S->np; p-- > 0;)
    if (S->rate[p] > 0) return (int32_t)p;
  return 0;
}

/* Releases what the policy lets go now. */
static void try_release(rep *R) {
  const cs__sim *S = R->S;
  const cs_sim_policy *pol = R->pol;
  if (pol->release == CS_SIM_CONWIP) {
    while (R->wip < pol->wip_cap && !R->oom) {
      int32_t ji;
      if (R->npool) {
        ji = R->pool[0];
        memmove(R->pool, R->pool + 1, (--R->npool) * sizeof *R->pool);
      } else if (S->opt->saturated) {
        int32_t p = backlog_product(R);
        ji = new_job(R, p, 1, S->t_unit[p], R->now + S->buffer);
        if (ji < 0) return;
      } else {
        return;
      }
      release(R, ji);
    }
    return;
  }
  /* The rope: in due order, from due - buffer on, within the Constraint's room. */
  size_t i = 0;
  while (i < R->npool && !R->oom) {
    int32_t ji = R->pool[i];
    job *j = &R->jobs[ji];
    double from = j->due - S->buffer, load = S->cmin[j->p] * j->qty;
    if (from > R->now) {
      if (!j->rope_timed) j->rope_timed = true, schedule(R, from, EV_ROPE, ji, 0);
      i++;
      continue;
    }
    if (load > 0 && R->rope_load > 0 && R->rope_load + load > S->rope_room) break;
    memmove(R->pool + i, R->pool + i + 1, (R->npool - i - 1) * sizeof *R->pool);
    R->npool--;
    release(R, ji);
  }
}

/* An order arrives: released at once (push), or put in the pool; under the rope an order
 * that never visits the Constraint is released at its due date less the buffer, on its
 * own (only the Constraint's orders wait for its room). */
static inline void admit(rep *R, int32_t ji) {
  if (R->pol->release == CS_SIM_PUSH) {
    release(R, ji);
    return;
  }
  job *j = &R->jobs[ji];
  if (R->pol->release == CS_SIM_ROPE && !(R->S->cmin[j->p] > 0)) {
    double from = j->due - R->S->buffer;
    if (from <= R->now) release(R, ji);
    else schedule(R, from, EV_FREE, ji, 0);
    return;
  }
  if (!grow(R, (void **)&R->pool, sizeof *R->pool, &R->cappool, R->npool + 1)) return;
  size_t i = R->npool++;
  if (R->pol->release == CS_SIM_ROPE) /* by due date, arrival order among equals */
    for (; i > 0 && R->jobs[R->pool[i - 1]].due > R->jobs[ji].due; i--) R->pool[i] = R->pool[i - 1];
  R->pool[i] = ji;
  try_release(R);
}

static inline void finish(rep *R, int32_t ji) {
  tick(R);
  job *j = &R->jobs[ji];
  R->wip--;
  if (R->now >= R->start && R->now <= R->end) {
    R->units_done += j->qty;
    R->orders_done++;
    R->t_done += j->qty * j->t_unit;
    R->on_time += R->now <= j->due + 1e-9;
    R->queue_sum += j->waited;
    double lead = R->now - j->release;
    R->lead_sum += lead;
    cs__histo_add(&R->lead, lead);
  }
  if (grow(R, (void **)&R->free_jobs, sizeof *R->free_jobs, &R->capfree, R->nfree + 1)) R->free_jobs[R->nfree++] = ji;
  if (R->pol->release != CS_SIM_PUSH) try_release(R);
}

/* A step is done on resource r: done again (rework), or on to the next step. */
static inline void step_done(rep *R, int32_t ji, int32_t r) {
  const cs__sim *S = R->S;
  job *j = &R->jobs[ji];
  const cs__sim_step *st = &S->steps[S->step_start[j->p] + (size_t)j->step];
  R->st[r].busy--;
  bool again = false;
  if (st->v && st->v->rework_prob > 0) {
    cs__rng g = step_rng(R, j->id, j->step, j->attempt, 1ULL << 56);
    again = cs__rng_uniform(&g, 0, 1) < st->v->rework_prob;
  }
  if (again) {
    j->attempt++;
  } else {
    if (r == S->constraint) R->rope_load -= st->minutes * j->qty;
    j->step++, j->attempt = 0;
  }
  enqueue(R, ji);
  dispatch(R, r);
  if (r == S->constraint && R->pol->release == CS_SIM_ROPE) try_release(R);
}

/* The rank of the q-quantile among n values (the value at rank ceil(q n)). */
static size_t rank_of(size_t n, double q) {
  size_t k = (size_t)ceil(q * (double)n);
  return k ? k - 1 : 0;
}

/* A step in progress: when it finishes and its place in the calendar. */
typedef struct running {
  double t;
  size_t at;
} running;

/* Latest first, then by place (qsort). */
static int later_first(const void *x, const void *y) {
  const running *a = x, *b = y;
  if (a->t != b->t) return a->t < b->t ? 1 : -1;
  return (a->at > b->at) - (a->at < b->at);
}

/* Units of resource r away today put down the work they hold: the k steps of r that would
 * finish last each lose the day (they finish a day later), and the calendar is put back in
 * order. */
static void pause_steps(rep *R, int32_t r, int32_t k) {
  calendar *c = &R->cal[1];
  running *v = malloc((c->n + 1) * sizeof *v);
  size_t n = 0;
  if (!v) {
    R->oom = true;
    return;
  }
  for (size_t i = 0; i < c->n; i++)
    if (c->e[i].kind == EV_DONE && c->e[i].b == r && c->e[i].t > R->now) v[n++] = (running){c->e[i].t, i};
  qsort(v, n, sizeof *v, later_first);
  for (size_t q = 0; q < n && q < (size_t)k; q++) c->e[v[q].at].t += DAY;
  free(v);
  for (size_t i = c->n / 2; i-- > 0;) sift_down(c, i, c->e[i]);
}

/* Each morning: how many units of each resource with absences are at work today (each
 * away with its chance, drawn from the day's own numbers); the work the absent units hold
 * waits a day; then work starts where units came back. */
static void morning(rep *R, double day) {
  const cs__sim *S = R->S;
  bool any = false;
  for (size_t r = 0; r < S->nr; r++) {
    if (!(S->absence[r] > 0)) continue;
    cs__rng g = {mix(R->key ^ mix(((uint64_t)day << 24) ^ (uint64_t)r ^ 0xDA1ULL))};
    int32_t here = 0;
    for (int32_t u = 0; u < S->units[r]; u++) here += cs__rng_uniform(&g, 0, 1) >= S->absence[r];
    R->st[r].here = here;
    if (R->st[r].busy > here) pause_steps(R, (int32_t)r, R->st[r].busy - here);
    dispatch(R, (int32_t)r);
    any = true;
  }
  if (any) schedule(R, (day + 1) * DAY, EV_DAY, 0, 0);
}

/* Poisson arrivals of product p: the gap to the next, from the product's own stream. */
static double gap(const rep *R, cs__rng *g, int32_t p) { return cs__zig_exp(&R->S->zig, g) / R->S->rate[p]; }

int cs__sim_replicate(const cs__sim *S, const cs_sim_policy *pol, size_t index, cs__sim_rep *out) {
  const cs_simulation_options *o = S->opt;
  rep R = {.S = S, .pol = pol, .key = mix(o->seed ^ mix((uint64_t)index + 1))};
  R.start = o->warmup_days * DAY, R.end = R.start + o->days * DAY;
  R.saturated_rng = (cs__rng){mix(R.key ^ 0x5A7ULL)};
  R.st = calloc(S->nr + 1, sizeof *R.st);
  R.ndays = cs__sim_days(o);
  R.day_from = R.start;
  R.wip_day = calloc(R.ndays + 1, sizeof *R.wip_day);
  R.busy_day = calloc(R.ndays + 1, sizeof *R.busy_day);
  cs__rng *streams = calloc(S->np + 1, sizeof *streams);
  int rc = 0;
  out->wip_day = out->busy_day = NULL;
  if (!R.st || !streams || !R.wip_day || !R.busy_day || cs__histo_init(&R.lead)) {
    rc = CS_ENOMEM;
    goto out;
  }
  for (size_t r = 0; r < S->nr; r++) R.st[r].here = S->units[r];
  morning(&R, 0);
  if (o->saturated) {
    try_release(&R);
  } else if (o->arrivals == CS_SIM_ARRIVALS_POISSON) {
    for (size_t p = 0; p < S->np; p++) {
      streams[p] = (cs__rng){mix(R.key ^ mix(0xA11ULL + p))};
      if (S->rate[p] > 0 && S->step_start[p + 1] > S->step_start[p]) schedule(&R, gap(&R, &streams[p], (int32_t)p), EV_ARRIVE, (int32_t)p, 0);
    }
  } else {
    for (size_t i = 0; i < S->nbook; i++) schedule(&R, S->book[i].arrive, EV_BOOK, (int32_t)i, 0);
  }
  while ((R.cal[0].n || R.cal[1].n) && !R.oom) {
    event e = pop(&R);
    if (e.t > R.end) break;
    R.now = e.t;
    R.events++;
    if (e.kind == EV_ARRIVE) {
      int32_t p = e.a, ji = new_job(&R, p, 1, S->t_unit[p], R.now + S->buffer);
      schedule(&R, R.now + gap(&R, &streams[p], p), EV_ARRIVE, p, 0);
      if (ji >= 0) admit(&R, ji);
    } else if (e.kind == EV_BOOK) {
      const cs__sim_order *b = &S->book[e.a];
      int32_t ji = new_job(&R, b->p, b->qty, b->t_per_unit, b->due);
      if (ji >= 0) admit(&R, ji);
    } else if (e.kind == EV_ROPE) {
      try_release(&R);
    } else if (e.kind == EV_FREE) {
      release(&R, e.a);
    } else if (e.kind == EV_DAY) {
      morning(&R, floor(R.now / DAY + 0.5));
    } else {
      step_done(&R, e.a, e.b);
    }
  }
  if (R.oom) {
    rc = CS_ENOMEM;
    goto out;
  }
  R.now = R.end;
  tick(&R);
  double days = o->days, n = R.orders_done;
  double lead_sum = R.lead_sum;
  /* The Constraint's busy share of its working unit-minutes; a unit never idles while work
   * waits at it, so the rest of its time it is starved. */
  double cap = S->constraint >= 0 ? S->day[S->constraint] * S->units[S->constraint] * days : 0;
  double util = cap > 0 ? fmin(1, R.busy_min / cap) : 0;
  /* The quantiles, from the histogram (exact for equal values, else within 1/1,024). */
  size_t nlead = (size_t)R.lead.n, rank[3] = {rank_of(nlead, 0.5), rank_of(nlead, 0.9), rank_of(nlead, 0.95)};
  double q[3];
  cs__histo_ranks(&R.lead, rank, q, 3);
  double p50 = q[0], p90 = q[1], p95 = q[2];
  out->m = (cs_sim_measures){R.units_done / days, n / days, R.t_done / days, n ? R.on_time / n : 0,
                             nlead ? lead_sum / (double)nlead : 0, p50, p90, p95, n ? R.queue_sum / n : 0,
                             R.wip_area / (days * DAY), util, cap > 0 ? 1 - util : 0};
  out->events = R.events;
  /* Each day's averages: WIP over the day's minutes, busy over the Constraint's day. */
  double cday = S->constraint >= 0 ? S->day[S->constraint] * S->units[S->constraint] : 0;
  for (size_t d = 0; d < R.ndays; d++) {
    double len = fmin(DAY, R.end - (R.start + (double)d * DAY));
    R.wip_day[d] = len > 0 ? R.wip_day[d] / len : 0;
    R.busy_day[d] = cday > 0 && len > 0 ? fmin(1, R.busy_day[d] / (cday * len / DAY)) : 0;
  }
  out->wip_day = R.wip_day, out->busy_day = R.busy_day;
  R.wip_day = R.busy_day = NULL;
out:
  free(R.wip_day);
  free(R.busy_day);
  for (size_t r = 0; R.st && r < S->nr; r++) free(R.st[r].q);
  free(R.st);
  free(streams);
  free(R.cal[0].e);
  free(R.cal[1].e);
  free(R.jobs);
  free(R.free_jobs);
  free(R.pool);
  cs__histo_free(&R.lead);
  return rc;
}

size_t cs__sim_order_bytes(void) { return sizeof(job) + sizeof(event) + sizeof(int32_t); }

size_t cs__sim_days(const cs_simulation_options *o) { return (size_t)ceil(o->days - 1e-9); }
