/* slots.c — the best k slots for a visit (DESIGN §8): every feasible insertion of the visit
 * into a rep's booked day — the rep works that day, has the skill and fewer visits than the
 * target; the visit starts at the earliest minute it can after the previous stop (or home)
 * plus travel, inside the account's opening hours and the customer's window, and with
 * travel it ends before the next visit (or home by the day's end); booked visits never
 * move — scored value − bid × (duration + added travel) − travel cost × added travel, and
 * offered when the value covers the bid price of the rep-minutes it takes.
 *
 * The fast search computes the travel to each stop once per request (a stop's leg serves
 * the gap before and after it) and skips a rep-day whose best possible score (added travel
 * 0) cannot enter the k best; the exhaustive one scores everything, for tests and the
 * benchmark's reference. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sales_priv.h"

#define MAX_K 100
#define EPS 1e-9

/* Whether slot a ranks before slot b: the higher score, then the fuller day (toward the
 * target), then the earlier date, start and rep. */
static bool better(const cs_slot *a, const cs_slot *b) {
  if (fabs(a->score - b->score) > EPS * fmax(1, fabs(a->score))) return a->score > b->score;
  if (a->fill_before != b->fill_before) return a->fill_before > b->fill_before;
  if (a->date != b->date) return a->date < b->date;
  if (a->start != b->start) return a->start < b->start;
  return a->rep < b->rep;
}

/* The k best so far, best first. */
typedef struct topk { cs_slot *s; size_t n, k; } topk;

static void offer(topk *t, const cs_slot *x) {
  if (t->n == t->k && !better(x, &t->s[t->n - 1])) return;
  size_t i = t->n < t->k ? t->n++ : t->n - 1;
  while (i > 0 && better(x, &t->s[i - 1])) {
    t->s[i] = t->s[i - 1];
    i--;
  }
  t->s[i] = *x;
}

/* What one search needs about the request. */
typedef struct search {
  const cs_desk *d;
  const cs_slot_request *q;
  int32_t place, open, close, wfrom, wto;
  cs__vec at;
  double value, cost;
  size_t day0, day1;        /* the desk's days searched, inclusive */
  bool geometric;           /* no travel.csv: legs from unit vectors, and pruning is sound */
} search;

/* Travel minutes from the visit's place to place p (and back: the estimate is symmetric
 * unless travel.csv says otherwise). */
static int32_t leg(const search *s, int32_t p, bool to_new) {
  if (!s->geometric) return to_new ? cs__desk_travel(s->d, p, s->place) : cs__desk_travel(s->d, s->place, p);
  if (p == s->place) return 0;
  const cs__vec *v = p >= 0 ? &s->d->account_at[p] : &s->d->home_at[-1 - p];
  return cs__travel_between(s->d->m, &s->at, v);
}

/* Scores every gap of one rep-day; offers what is feasible; counts it. */
static void scan_day(const search *s, int32_t rep, size_t day, topk *t, size_t *feasible) {
  const cs_desk *d = s->d;
  const cs_model *m = d->m;
  const cs__repday *x = &d->rd[(size_t)rep * d->ndays + day];
  int32_t dur = s->q->duration, home = -1 - rep;
  double bid = d->bid[(size_t)rep * d->ndays + day];
  int32_t from_prev = leg(s, home, true), prev_place = home, prev_end = x->start;
  for (size_t i = 0; i <= x->n; i++) {
    int32_t next_place = home, next_start = x->end;
    if (i < x->n) {
      int32_t a = d->visit[x->first + i];
      next_place = cs__appt_place(m, a);
      next_start = m->appointments.start[a];
    }
    int32_t to_next = next_place == home ? leg(s, home, false) : leg(s, next_place, false);
    int32_t start = prev_end + from_prev;
    if (start < s->open) start = s->open;
    if (s->wfrom >= 0 && start < s->wfrom) start = s->wfrom;
    int32_t end = start + dur;
    bool ok = end <= s->close && (s->wto < 0 || end <= s->wto) && end + to_next <= next_start && start >= x->start;
    if (ok) {
      int32_t added = from_prev + to_next - cs__desk_travel(d, prev_place, next_place);
      double uses = (double)dur + added;
      if (s->value >= bid * uses - EPS * fmax(1, s->value)) {
        cs_slot c = {rep, d->at + (cs_date)day, start, end, added, s->value, bid,
                     s->value - bid * uses - s->cost * added, (int32_t)x->n, (int32_t)x->n + 1};
        ++*feasible;
        offer(t, &c);
      }
    }
    if (i < x->n) {
      int32_t a = d->visit[x->first + i];
      prev_place = next_place;
      prev_end = next_start + m->appointments.duration[a];
      /* The leg from this visit to the new one is the way back of the leg just used. */
      from_prev = s->geometric ? to_next : leg(s, prev_place, true);
    }
  }
}

/* Runs the search; exhaustive disables the pruning. */
static int best_slots(const cs_desk *d, const cs_slot_request *q, bool exhaustive, cs_arena *a, cs_slot_result **out,
                      cs_error *err) {
  *out = NULL;
  const cs_model *m = d->m;
  if (q->opportunity < 0 || (size_t)q->opportunity >= m->opportunities.n)
    return cs__err(err, CS_EINPUT, "no opportunity with index %d", (int)q->opportunity);
  const char *oid = m->opportunities.id[q->opportunity];
  if (!m->opportunities.next_step[q->opportunity][0] && !(q->next_step && *q->next_step)) {
    cs__err(err, CS_EINPUT,
            "opportunity '%s' has no concrete next step: the desk books next steps, not catch-ups (set next_step)", oid);
    cs__strlcpy(err->field, "opportunity", sizeof err->field);
    cs__strlcpy(err->value, oid, sizeof err->value);
    return CS_EINPUT;
  }
  if (q->duration < 1 || q->duration > 1440) return cs__err(err, CS_EINPUT, "the duration must be 1 to 1440 minutes");
  if (q->k < 1 || q->k > MAX_K) return cs__err(err, CS_EINPUT, "k must be 1 to %d", MAX_K);
  if (q->window_from >= 0 && q->window_to >= 0 && q->window_to <= q->window_from)
    return cs__err(err, CS_EINPUT, "the window must end after it starts");
  cs_date first = q->from == CS_DATE_NONE ? d->at : q->from, last = q->to == CS_DATE_NONE ? d->at + (cs_date)d->ndays - 1 : q->to;
  if (last < first) return cs__err(err, CS_EINPUT, "the dates searched end before they start");
  cs_slot_result *R = cs_arena_calloc(a, 1, sizeof *R);
  cs_slot *buf = cs_arena_calloc(a, q->k, sizeof *buf);
  if (!R || !buf) return cs__err(err, CS_ENOMEM, "out of memory");
  R->slots = buf;
  *out = R;
  if (first < d->at) first = d->at;
  if (last >= d->at + (cs_date)d->ndays) last = d->at + (cs_date)d->ndays - 1;
  if (last < first) {
    R->why_none = "the dates asked for are outside the desk's days";
    return 0;
  }
  search s = {.d = d, .q = q, .wfrom = q->window_from, .wto = q->window_to};
  s.place = m->opportunities.account[q->opportunity];
  s.open = m->accounts.open[s.place];
  s.close = m->accounts.close[s.place];
  s.at = d->account_at[s.place];
  s.value = d->value[q->opportunity];
  s.cost = m->settings.travel_cost_per_min;
  s.day0 = (size_t)(first - d->at);
  s.day1 = (size_t)(last - d->at);
  s.geometric = m->travel.n == 0;
  topk t = {buf, 0, q->k};
  size_t skilled = 0, working = 0, open_days = 0;
  for (size_t r = 0; r < m->reps.n; r++) {
    if (!cs__rep_has_skill(m, (int32_t)r, q->skill)) continue;
    skilled++;
    for (size_t k = s.day0; k <= s.day1; k++) {
      const cs__repday *x = &d->rd[r * d->ndays + k];
      if (!x->works) continue;
      working++;
      if ((int32_t)x->n >= m->reps.target_per_day[r]) continue;
      open_days++;
      R->considered++;
      /* Added travel is never negative on the geometric estimate, so this is the best
       * the day can score; a day that cannot enter the k best is passed over. */
      double best = s.value - d->bid[r * d->ndays + k] * q->duration;
      if (!exhaustive && s.geometric && t.n == t.k && best < t.s[t.k - 1].score - EPS * fmax(1, fabs(best))) continue;
      scan_day(&s, (int32_t)r, k, &t, &R->feasible);
    }
  }
  R->n = t.n;
  if (!R->n)
    R->why_none = !skilled        ? "no rep has the skill"
                  : !working      ? "no rep with the skill works on the dates asked for"
                  : !open_days    ? "every working rep-day on those dates already holds its target of visits"
                  : R->feasible   ? "no slot is worth its rep-minutes at the rep-time bid prices"
                                  : "no booked day has room for the visit inside the opening hours and the window";
  return 0;
}

int cs_desk_best_slots(const cs_desk *d, const cs_slot_request *q, cs_arena *a, cs_slot_result **out, cs_error *err) {
  return best_slots(d, q, false, a, out, err);
}

int cs_desk_best_slots_exhaustive(const cs_desk *d, const cs_slot_request *q, cs_arena *a, cs_slot_result **out,
                                  cs_error *err) {
  return best_slots(d, q, true, a, out, err);
}
