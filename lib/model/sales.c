/* sales.c — the sales desk's tables in the model (DESIGN §8): typed appends that refuse
 * duplicate ids, lookups by id, and freeing. Validation of the text is schema_sales.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_priv.h"

static const char *const appt_status_names[5] = {"requested", "booked", "done", "no_show", "cancelled"};

const char *cs_appt_status_name(cs_appt_status s) { return s <= CS_APPT_CANCELLED ? appt_status_names[s] : "?"; }

int32_t cs_model_find_rep(const cs_model *m, const char *id) { return cs__idmap_get(&m->priv->rep_ids, id); }
int32_t cs_model_find_account(const cs_model *m, const char *id) { return cs__idmap_get(&m->priv->account_ids, id); }
int32_t cs_model_find_opportunity(const cs_model *m, const char *id) {
  return cs__idmap_get(&m->priv->opportunity_ids, id);
}
int32_t cs_model_find_appointment(const cs_model *m, const char *id) {
  return cs__idmap_get(&m->priv->appointment_ids, id);
}

#define GROW(cap, n, arrs, sizes) cs__grow_all((cap), (n) + 1, (arrs), (sizes), sizeof(sizes) / sizeof((sizes)[0]))
#define PTR sizeof(char *)
#define D sizeof(double)
#define I32 sizeof(int32_t)

/* Interns id and registers it in map as row n; CS_EINPUT when it is already there. */
static int intern_id(cs_model *m, cs__idmap *map, const char *id, size_t n, const char **out) {
  if (!(*out = cs__model_str(m, id))) return CS_ENOMEM;
  return cs__idmap_put(map, *out, (int32_t)n);
}

int cs__add_rep(cs_model *m, const char *id, const char *name, double lat, double lon, int32_t day_start,
                int32_t day_end, uint8_t workdays, const char *skills, int32_t target) {
  cs_reps *r = &m->reps;
  void **arrs[] = {(void **)&r->id, (void **)&r->name, (void **)&r->skills, (void **)&r->home_lat,
                   (void **)&r->home_lon, (void **)&r->day_start, (void **)&r->day_end, (void **)&r->workdays,
                   (void **)&r->target_per_day};
  const size_t sz[] = {PTR, PTR, PTR, D, D, I32, I32, 1, I32};
  if (GROW(&m->priv->cap_rep, r->n, arrs, sz)) return CS_ENOMEM;
  const char *sid, *sname = cs__model_str(m, name), *sskills = cs__model_str(m, skills);
  if (!sname || !sskills) return CS_ENOMEM;
  int rc = intern_id(m, &m->priv->rep_ids, id, r->n, &sid);
  if (rc) return rc;
  size_t i = r->n++;
  r->id[i] = sid, r->name[i] = sname, r->skills[i] = sskills;
  r->home_lat[i] = lat, r->home_lon[i] = lon, r->day_start[i] = day_start, r->day_end[i] = day_end;
  r->workdays[i] = workdays, r->target_per_day[i] = target;
  return 0;
}

int32_t cs__rep_day_find(const cs_model *m, int32_t r, cs_date d) {
  if (r < 0 || (size_t)r >= m->priv->cap_rep_day_head) return -1;
  for (int32_t i = m->priv->rep_day_head[r]; i >= 0; i = m->priv->rep_day_next[i])
    if (m->rep_calendar.date[i] == d) return i;
  return -1;
}

int cs__add_rep_day(cs_model *m, int32_t rep, cs_date date, uint8_t available, int32_t day_start, int32_t day_end) {
  cs__model_priv *pv = m->priv;
  if (cs__rep_day_find(m, rep, date) >= 0) return CS_EINPUT;
  cs_rep_calendar *c = &m->rep_calendar;
  size_t cap = pv->cap_rep_day;
  void **arrs[] = {(void **)&c->rep, (void **)&c->date, (void **)&c->available, (void **)&c->day_start,
                   (void **)&c->day_end};
  const size_t sz[] = {I32, sizeof(cs_date), 1, I32, I32};
  if (GROW(&cap, c->n, arrs, sz)) return CS_ENOMEM;
  if (cap != pv->cap_rep_day) {
    int32_t *next = realloc(pv->rep_day_next, cap * sizeof *next);
    if (!next) return CS_ENOMEM;
    pv->rep_day_next = next;
    pv->cap_rep_day = cap;
  }
  if ((size_t)rep >= pv->cap_rep_day_head) {
    size_t n = m->reps.n > (size_t)rep ? m->reps.n : (size_t)rep + 1;
    int32_t *head = realloc(pv->rep_day_head, n * sizeof *head);
    if (!head) return CS_ENOMEM;
    for (size_t k = pv->cap_rep_day_head; k < n; k++) head[k] = -1;
    pv->rep_day_head = head;
    pv->cap_rep_day_head = n;
  }
  if (cs__journal_add(m, CS__J_REP_DAY_ADDED, c->n)) return CS_ENOMEM;
  size_t i = c->n++;
  c->rep[i] = rep, c->date[i] = date, c->available[i] = available, c->day_start[i] = day_start, c->day_end[i] = day_end;
  pv->rep_day_next[i] = pv->rep_day_head[rep];
  pv->rep_day_head[rep] = (int32_t)i;
  return 0;
}

int cs__add_account(cs_model *m, const char *id, const char *name, double lat, double lon, int32_t open,
                    int32_t close) {
  cs_accounts *a = &m->accounts;
  void **arrs[] = {(void **)&a->id, (void **)&a->name, (void **)&a->lat, (void **)&a->lon, (void **)&a->open,
                   (void **)&a->close};
  const size_t sz[] = {PTR, PTR, D, D, I32, I32};
  if (GROW(&m->priv->cap_account, a->n, arrs, sz)) return CS_ENOMEM;
  const char *sid, *sname = cs__model_str(m, name);
  if (!sname) return CS_ENOMEM;
  int rc = intern_id(m, &m->priv->account_ids, id, a->n, &sid);
  if (rc) return rc;
  size_t i = a->n++;
  a->id[i] = sid, a->name[i] = sname, a->lat[i] = lat, a->lon[i] = lon, a->open[i] = open, a->close[i] = close;
  return 0;
}

int cs__add_opportunity(cs_model *m, const char *id, int32_t account, const char *stage, double expected,
                        double probability, const char *products, const char *next_step, int32_t owner,
                        cs_date stage_since) {
  cs_opportunities *o = &m->opportunities;
  void **arrs[] = {(void **)&o->id,       (void **)&o->stage,    (void **)&o->next_step,
                   (void **)&o->products, (void **)&o->account,  (void **)&o->expected_throughput,
                   (void **)&o->probability, (void **)&o->owner, (void **)&o->stage_since};
  const size_t sz[] = {PTR, PTR, PTR, PTR, I32, D, D, I32, sizeof(cs_date)};
  if (GROW(&m->priv->cap_opp, o->n, arrs, sz)) return CS_ENOMEM;
  const char *sid, *sstage = cs__model_str(m, stage), *snext = cs__model_str(m, next_step),
                   *sprod = cs__model_str(m, products);
  if (!sstage || !snext || !sprod) return CS_ENOMEM;
  int rc = intern_id(m, &m->priv->opportunity_ids, id, o->n, &sid);
  if (rc) return rc;
  if (cs__journal_add(m, CS__J_OPPORTUNITY_ADDED, o->n)) {
    cs__idmap_del(&m->priv->opportunity_ids, sid);
    return CS_ENOMEM;
  }
  size_t i = o->n++;
  o->id[i] = sid, o->stage[i] = sstage, o->next_step[i] = snext, o->products[i] = sprod;
  o->account[i] = account, o->expected_throughput[i] = expected, o->probability[i] = probability, o->owner[i] = owner;
  o->stage_since[i] = stage_since;
  return 0;
}

int cs__add_appointment(cs_model *m, const char *id, int32_t opportunity, int32_t rep, cs_date date,
                        int32_t start, int32_t duration, cs_appt_status status, uint8_t pinned,
                        int32_t window_from, int32_t window_to, const char *skill, cs_date requested_on) {
  cs_appointments *a = &m->appointments;
  void **arrs[] = {(void **)&a->id,       (void **)&a->skill,  (void **)&a->opportunity, (void **)&a->rep,
                   (void **)&a->date,     (void **)&a->start,  (void **)&a->duration,    (void **)&a->status,
                   (void **)&a->pinned,   (void **)&a->window_from, (void **)&a->window_to,
                   (void **)&a->requested_on};
  const size_t sz[] = {PTR, PTR, I32, I32, sizeof(cs_date), I32, I32, 1, 1, I32, I32, sizeof(cs_date)};
  if (GROW(&m->priv->cap_appt, a->n, arrs, sz)) return CS_ENOMEM;
  const char *sid, *sskill = cs__model_str(m, skill);
  if (!sskill) return CS_ENOMEM;
  int rc = intern_id(m, &m->priv->appointment_ids, id, a->n, &sid);
  if (rc) return rc;
  if (cs__journal_add(m, CS__J_APPOINTMENT_ADDED, a->n)) {
    cs__idmap_del(&m->priv->appointment_ids, sid);
    return CS_ENOMEM;
  }
  size_t i = a->n++;
  a->id[i] = sid, a->skill[i] = sskill, a->opportunity[i] = opportunity, a->rep[i] = rep, a->date[i] = date;
  a->start[i] = start, a->duration[i] = duration, a->status[i] = (uint8_t)status, a->pinned[i] = pinned;
  a->window_from[i] = window_from, a->window_to[i] = window_to, a->requested_on[i] = requested_on;
  return 0;
}

int cs__add_travel(cs_model *m, int32_t from, int32_t to, double minutes) {
  cs_travel *t = &m->travel;
  /* One row per ordered pair: the pair's key is interned as "from>to". */
  char key[32];
  snprintf(key, sizeof key, "%ld>%ld", (long)from, (long)to);
  if (cs__idmap_get(&m->priv->travel_pairs, key) >= 0) return CS_EINPUT;
  void **arrs[] = {(void **)&t->from, (void **)&t->to, (void **)&t->minutes};
  const size_t sz[] = {I32, I32, D};
  if (GROW(&m->priv->cap_travel, t->n, arrs, sz)) return CS_ENOMEM;
  const char *skey;
  int rc = intern_id(m, &m->priv->travel_pairs, key, t->n, &skey);
  if (rc) return rc;
  size_t i = t->n++;
  t->from[i] = from, t->to[i] = to, t->minutes[i] = minutes;
  return 0;
}

void cs__sales_free(cs_model *m) {
  cs_reps *r = &m->reps;
  free(r->id); free(r->name); free(r->skills); free(r->home_lat); free(r->home_lon);
  free(r->day_start); free(r->day_end); free(r->workdays); free(r->target_per_day);
  cs_rep_calendar *c = &m->rep_calendar;
  free(c->rep); free(c->date); free(c->available); free(c->day_start); free(c->day_end);
  cs_accounts *a = &m->accounts;
  free(a->id); free(a->name); free(a->lat); free(a->lon); free(a->open); free(a->close);
  cs_opportunities *o = &m->opportunities;
  free(o->id); free(o->stage); free(o->next_step); free(o->products); free(o->account);
  free(o->expected_throughput); free(o->probability); free(o->owner); free(o->stage_since);
  cs_appointments *p = &m->appointments;
  free(p->id); free(p->skill); free(p->opportunity); free(p->rep); free(p->date); free(p->start);
  free(p->duration); free(p->status); free(p->pinned); free(p->window_from); free(p->window_to); free(p->requested_on);
  cs_travel *t = &m->travel;
  free(t->from); free(t->to); free(t->minutes);
  if (m->priv) {
    cs__idmap_free(&m->priv->rep_ids);
    cs__idmap_free(&m->priv->account_ids);
    cs__idmap_free(&m->priv->opportunity_ids);
    cs__idmap_free(&m->priv->appointment_ids);
    cs__idmap_free(&m->priv->travel_pairs);
    free(m->priv->rep_day_head);
    free(m->priv->rep_day_next);
  }
}
