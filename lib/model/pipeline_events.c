/* pipeline_events.c — the pipeline's events applied to the model (DESIGN §11): a buying
 * friction observed on an opportunity or removed from it, and an opportunity moving to
 * another stage. A friction is observed at most once at a time on an opportunity (it is
 * open until removed); the stage an opportunity leaves goes to its history with the dates
 * it entered and left, which is what the pipeline's days in stage are measured from. Each
 * handler checks everything before it changes anything; every change is journalled. */
#include <string.h>

#include "clockspeed/cs_events.h"
#include "model_priv.h"

/* Finds the opportunity and the friction an event names. */
static int get_pair(const cs_model *m, const cs_event *ev, const cs_loc *loc, int32_t *o, int32_t *f, cs_error *err) {
  if (!ev->opportunity_id) return cs__err_at(err, loc, "opportunity", 0, "", "missing field 'opportunity' (an id)");
  if ((*o = cs_model_find_opportunity(m, ev->opportunity_id)) < 0)
    return cs__err_at(err, loc, "opportunity", 0, ev->opportunity_id, "no opportunity '%s'", ev->opportunity_id);
  if (!f) return 0;
  if (!ev->friction_id) return cs__err_at(err, loc, "friction", 0, "", "missing field 'friction' (an id of the catalogue)");
  if ((*f = cs_model_find_friction(m, ev->friction_id)) < 0)
    return cs__err_at(err, loc, "friction", 0, ev->friction_id, "no friction '%s' in the catalogue", ev->friction_id);
  return 0;
}

/* The observation of friction f on opportunity o that still holds, or -1. */
static int32_t open_observation(const cs_model *m, int32_t o, int32_t f) {
  const cs_opportunity_frictions *x = &m->opportunity_frictions;
  for (size_t i = x->n; i-- > 0;)
    if (x->opportunity[i] == o && x->friction[i] == f && x->removed[i] == CS_DATE_NONE) return (int32_t)i;
  return -1;
}

/* The day an event happened: its date, or the model's today. */
static cs_date event_day(const cs_model *m, const cs_event *ev) {
  return ev->has & CS_EVF_DATE ? ev->date : m->settings.today;
}

int cs__friction_observed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t o = -1, f = -1;
  int rc = get_pair(m, ev, loc, &o, &f, err);
  if (rc) return rc;
  if (open_observation(m, o, f) >= 0)
    return cs__err_at(err, loc, "friction", 0, ev->friction_id, "friction '%s' is already observed on '%s' (not removed)",
                      ev->friction_id, ev->opportunity_id);
  if (cs__add_opportunity_friction(m, o, f, event_day(m, ev), CS_DATE_NONE, ev->note ? ev->note : ""))
    return cs__err(err, CS_ENOMEM, "out of memory");
  return 0;
}

int cs__friction_removed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t o = -1, f = -1;
  int rc = get_pair(m, ev, loc, &o, &f, err);
  if (rc) return rc;
  int32_t i = open_observation(m, o, f);
  if (i < 0)
    return cs__err_at(err, loc, "friction", 0, ev->friction_id, "friction '%s' is not observed on '%s' now",
                      ev->friction_id, ev->opportunity_id);
  cs_date day = event_day(m, ev);
  if (day < m->opportunity_frictions.observed[i])
    return cs__err_at(err, loc, "date", 0, ev->friction_id, "friction '%s' was observed after that date",
                      ev->friction_id);
  if (cs__journal_opp_friction(m, (size_t)i)) return cs__err(err, CS_ENOMEM, "out of memory");
  m->opportunity_frictions.removed[i] = day;
  return 0;
}

int cs__change_stage(cs_model *m, size_t o, const char *stage, cs_date date) {
  cs_opportunities *O = &m->opportunities;
  const char *s = cs__model_str(m, stage);
  if (!s) return CS_ENOMEM;
  if (strcmp(s, O->stage[o]) == 0) return 0;
  if (cs__journal_opportunity(m, o)) return CS_ENOMEM;
  /* The stage left, if it was one, goes to the history. */
  if (*O->stage[o] && cs__add_stage_left(m, (int32_t)o, O->stage[o], O->stage_since[o], date)) {
    if (m->priv->journal_on) m->priv->njournal--;
    return CS_ENOMEM;
  }
  O->stage[o] = s;
  O->stage_since[o] = date;
  return 0;
}

int cs__stage_changed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t o = -1;
  int rc = get_pair(m, ev, loc, &o, NULL, err);
  if (rc) return rc;
  cs_date day = event_day(m, ev), since = m->opportunities.stage_since[o];
  if (since != CS_DATE_NONE && day < since)
    return cs__err_at(err, loc, "date", 0, ev->opportunity_id, "'%s' entered its stage after that date",
                      ev->opportunity_id);
  if (cs__change_stage(m, (size_t)o, ev->stage, day)) return cs__err(err, CS_ENOMEM, "out of memory");
  return 0;
}
