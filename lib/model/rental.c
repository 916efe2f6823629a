/* rental.c — the rental house's tables in the model (DESIGN §9): items, their suppliers,
 * crew and their calendar, jobs with their item and crew lines, as typed appends (each
 * journalled, so that a refused batch takes it back), lookups and freeing. Validation of
 * the text is schema_rental.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_priv.h"

#define GROW(cap, n, arrs, sizes) cs__grow_all((cap), (n) + 1, (arrs), (sizes), sizeof(sizes) / sizeof((sizes)[0]))
#define PTR sizeof(char *)
#define D sizeof(double)
#define I32 sizeof(int32_t)
#define DATE sizeof(cs_date)

static const char *const job_status_names[5] = {"quote", "hold", "confirmed", "done", "cancelled"};

const char *cs_job_status_name(cs_job_status s) { return (unsigned)s < 5 ? job_status_names[s] : "?"; }

int cs_job_status_parse(const char *name) {
  for (int s = 0; s < 5; s++)
    if (strcmp(name, job_status_names[s]) == 0) return s;
  return -1;
}

int32_t cs_model_find_item(const cs_model *m, const char *id) { return cs__idmap_get(&m->priv->item_ids, id); }
int32_t cs_model_find_crew(const cs_model *m, const char *id) { return cs__idmap_get(&m->priv->crew_ids, id); }
int32_t cs_model_find_job(const cs_model *m, const char *id) { return cs__idmap_get(&m->priv->job_ids, id); }

bool cs_crew_has_skill(const cs_model *m, int32_t c, const char *skill) {
  size_t n = strlen(skill);
  for (const char *s = m->crew.skills[c]; *s;) {
    const char *e = strchr(s, ';');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    if (len == n && strncmp(s, skill, n) == 0) return true;
    if (!e) break;
    s = e + 1;
  }
  return false;
}

/* The key of a pair of rows (a supplier's item, a job's item, a person's day) in the
 * rental's pair map: a letter for the kind, then the two numbers. */
static void pair_key(char kind, long a, long b, char key[40]) { snprintf(key, 40, "%c%ld>%ld", kind, a, b); }

/* Interns a key and maps it to row n; CS_EINPUT when it is already mapped. */
static int put_pair(cs_model *m, const char *key, size_t n) {
  if (cs__idmap_get(&m->priv->rental_pairs, key) >= 0) return CS_EINPUT;
  const char *s = cs__model_str(m, key);
  if (!s) return CS_ENOMEM;
  return cs__idmap_put(&m->priv->rental_pairs, s, (int32_t)n);
}

/* Interns an id and maps it to row n; CS_EINPUT for a duplicate. */
static int put_id(cs_model *m, cs__idmap *map, const char *id, size_t n, const char **out) {
  if (cs__idmap_get(map, id) >= 0) return CS_EINPUT;
  if (!(*out = cs__model_str(m, id))) return CS_ENOMEM;
  return cs__idmap_put(map, *out, (int32_t)n);
}

int cs__add_item(cs_model *m, const char *id, const char *name, int32_t owned, double subrent, double purchase,
                 int32_t turnaround) {
  cs_items *t = &m->items;
  void **arrs[] = {(void **)&t->id, (void **)&t->name, (void **)&t->owned, (void **)&t->subrent_cost_per_day,
                   (void **)&t->purchase_cost, (void **)&t->turnaround_days};
  const size_t sz[] = {PTR, PTR, I32, D, D, I32};
  if (GROW(&m->priv->cap_item, t->n, arrs, sz)) return CS_ENOMEM;
  const char *sid, *sname = cs__model_str(m, name);
  if (!sname) return CS_ENOMEM;
  int rc = put_id(m, &m->priv->item_ids, id, t->n, &sid);
  if (rc) return rc;
  size_t i = t->n++;
  t->id[i] = sid, t->name[i] = sname, t->owned[i] = owned, t->subrent_cost_per_day[i] = subrent;
  t->purchase_cost[i] = purchase, t->turnaround_days[i] = turnaround;
  return 0;
}

int cs__add_supplier(cs_model *m, const char *supplier, int32_t item, int32_t qty, double cost, double min_charge,
                     double delivery) {
  cs_suppliers *t = &m->suppliers;
  void **arrs[] = {(void **)&t->supplier, (void **)&t->item, (void **)&t->qty, (void **)&t->cost_per_day,
                   (void **)&t->min_charge, (void **)&t->delivery_cost};
  const size_t sz[] = {PTR, I32, I32, D, D, D};
  if (GROW(&m->priv->cap_supplier, t->n, arrs, sz)) return CS_ENOMEM;
  const char *s = cs__model_str(m, supplier);
  if (!s) return CS_ENOMEM;
  /* The pair's key: the item's number, then the supplier's name. */
  size_t len = strlen(s) + 24;
  char *key = malloc(len);
  if (!key) return CS_ENOMEM;
  snprintf(key, len, "s%ld>%s", (long)item, s);
  int rc = put_pair(m, key, t->n);
  free(key);
  if (rc) return rc;
  size_t i = t->n++;
  t->supplier[i] = s, t->item[i] = item, t->qty[i] = qty, t->cost_per_day[i] = cost, t->min_charge[i] = min_charge;
  t->delivery_cost[i] = delivery;
  return 0;
}

int cs__add_crew(cs_model *m, const char *id, const char *name, const char *skills, cs_crew_kind kind, double cost,
                 int32_t max_days) {
  cs_crew *t = &m->crew;
  void **arrs[] = {(void **)&t->id,   (void **)&t->name,         (void **)&t->skills,
                   (void **)&t->kind, (void **)&t->cost_per_day, (void **)&t->max_days};
  const size_t sz[] = {PTR, PTR, PTR, 1, D, I32};
  if (GROW(&m->priv->cap_crew, t->n, arrs, sz)) return CS_ENOMEM;
  const char *sid, *sname = cs__model_str(m, name), *sskills = cs__model_str(m, skills);
  if (!sname || !sskills) return CS_ENOMEM;
  int rc = put_id(m, &m->priv->crew_ids, id, t->n, &sid);
  if (rc) return rc;
  size_t i = t->n++;
  t->id[i] = sid, t->name[i] = sname, t->skills[i] = sskills, t->kind[i] = (uint8_t)kind;
  t->cost_per_day[i] = cost, t->max_days[i] = max_days;
  return 0;
}

int32_t cs__crew_day_find(const cs_model *m, int32_t c, cs_date d) {
  char key[40];
  pair_key('c', c, d, key);
  return cs__idmap_get(&m->priv->rental_pairs, key);
}

int cs__add_crew_day(cs_model *m, int32_t crew, cs_date date, uint8_t available) {
  cs_crew_calendar *t = &m->crew_calendar;
  void **arrs[] = {(void **)&t->crew, (void **)&t->date, (void **)&t->available};
  const size_t sz[] = {I32, DATE, 1};
  if (GROW(&m->priv->cap_crew_day, t->n, arrs, sz)) return CS_ENOMEM;
  char key[40];
  pair_key('c', crew, date, key);
  int rc = put_pair(m, key, t->n);
  if (rc || (rc = cs__journal_add(m, CS__J_CREW_DAY_ADDED, t->n))) return rc;
  size_t i = t->n++;
  t->crew[i] = crew, t->date[i] = date, t->available[i] = available;
  return 0;
}

int cs__add_job(cs_model *m, const char *id, const char *customer, const char *venue, cs_date out, cs_date in,
                double price, cs_job_status status, double materials) {
  cs_jobs *t = &m->jobs;
  void **arrs[] = {(void **)&t->id,    (void **)&t->customer, (void **)&t->venue,          (void **)&t->out,
                   (void **)&t->in,    (void **)&t->price,    (void **)&t->materials_cost, (void **)&t->status};
  const size_t sz[] = {PTR, PTR, PTR, DATE, DATE, D, D, 1};
  if (GROW(&m->priv->cap_job, t->n, arrs, sz)) return CS_ENOMEM;
  const char *sid, *scust = cs__model_str(m, customer), *svenue = cs__model_str(m, venue);
  if (!scust || !svenue) return CS_ENOMEM;
  int rc = put_id(m, &m->priv->job_ids, id, t->n, &sid);
  if (rc || (rc = cs__journal_add(m, CS__J_JOB_ADDED, t->n))) return rc;
  size_t i = t->n++;
  t->id[i] = sid, t->customer[i] = scust, t->venue[i] = svenue, t->out[i] = out, t->in[i] = in;
  t->price[i] = price, t->materials_cost[i] = materials, t->status[i] = (uint8_t)status;
  return 0;
}

int32_t cs__job_item_find(const cs_model *m, int32_t job, int32_t item) {
  char key[40];
  pair_key('j', job, item, key);
  return cs__idmap_get(&m->priv->rental_pairs, key);
}

int cs__add_job_item(cs_model *m, int32_t job, int32_t item, int32_t qty) {
  cs_job_items *t = &m->job_items;
  void **arrs[] = {(void **)&t->job, (void **)&t->item, (void **)&t->qty};
  const size_t sz[] = {I32, I32, I32};
  if (GROW(&m->priv->cap_job_item, t->n, arrs, sz)) return CS_ENOMEM;
  char key[40];
  pair_key('j', job, item, key);
  int rc = put_pair(m, key, t->n);
  if (rc || (rc = cs__journal_add(m, CS__J_JOB_ITEM_ADDED, t->n))) return rc;
  size_t i = t->n++;
  t->job[i] = job, t->item[i] = item, t->qty[i] = qty;
  return 0;
}

int cs__add_job_crew(cs_model *m, int32_t job, const char *skill, int32_t qty, cs_date from, cs_date to) {
  cs_job_crew *t = &m->job_crew;
  void **arrs[] = {(void **)&t->job, (void **)&t->skill, (void **)&t->qty, (void **)&t->from, (void **)&t->to};
  const size_t sz[] = {I32, PTR, I32, DATE, DATE};
  if (GROW(&m->priv->cap_job_crew, t->n, arrs, sz)) return CS_ENOMEM;
  const char *s = cs__model_str(m, skill);
  if (!s) return CS_ENOMEM;
  int rc = cs__journal_add(m, CS__J_JOB_CREW_ADDED, t->n);
  if (rc) return rc;
  size_t i = t->n++;
  t->job[i] = job, t->skill[i] = s, t->qty[i] = qty, t->from[i] = from, t->to[i] = to;
  return 0;
}

/* Drops the key of a pair from the map (a row appended in a batch taken back). */
static void del_pair(cs_model *m, char kind, long a, long b) {
  char key[40];
  pair_key(kind, a, b, key);
  cs__idmap_del(&m->priv->rental_pairs, key);
}

void cs__rental_undo_added(cs_model *m, cs__jkind kind, size_t i) {
  switch (kind) {
    case CS__J_JOB_ADDED:
      cs__idmap_del(&m->priv->job_ids, m->jobs.id[i]);
      m->jobs.n = i;
      break;
    case CS__J_JOB_ITEM_ADDED:
      del_pair(m, 'j', m->job_items.job[i], m->job_items.item[i]);
      m->job_items.n = i;
      break;
    case CS__J_JOB_CREW_ADDED:
      m->job_crew.n = i;
      break;
    case CS__J_CREW_DAY_ADDED:
      del_pair(m, 'c', m->crew_calendar.crew[i], m->crew_calendar.date[i]);
      m->crew_calendar.n = i;
      break;
    default:
      break;
  }
}

void cs__rental_free(cs_model *m) {
  cs_items *it = &m->items;
  free(it->id); free(it->name); free(it->owned); free(it->subrent_cost_per_day); free(it->purchase_cost);
  free(it->turnaround_days);
  cs_suppliers *s = &m->suppliers;
  free(s->supplier); free(s->item); free(s->qty); free(s->cost_per_day); free(s->min_charge); free(s->delivery_cost);
  cs_crew *c = &m->crew;
  free(c->id); free(c->name); free(c->skills); free(c->kind); free(c->cost_per_day); free(c->max_days);
  cs_crew_calendar *k = &m->crew_calendar;
  free(k->crew); free(k->date); free(k->available);
  cs_jobs *j = &m->jobs;
  free(j->id); free(j->customer); free(j->venue); free(j->out); free(j->in); free(j->price); free(j->materials_cost);
  free(j->status);
  cs_job_items *ji = &m->job_items;
  free(ji->job); free(ji->item); free(ji->qty);
  cs_job_crew *jc = &m->job_crew;
  free(jc->job); free(jc->skill); free(jc->qty); free(jc->from); free(jc->to);
  if (m->priv) {
    cs__idmap_free(&m->priv->item_ids);
    cs__idmap_free(&m->priv->crew_ids);
    cs__idmap_free(&m->priv->job_ids);
    cs__idmap_free(&m->priv->rental_pairs);
  }
}
