/* schema_pipeline.c — the pipeline's tables (DESIGN §11): the catalogue of buying
 * frictions, the frictions observed on opportunities, and the stages opportunities left;
 * their columns, their cells (buying jobs, references to frictions), appends and rows
 * written back. The sales desk's tables are in schema_sales.c, the plant's in schema.c. */
#include <stdio.h>
#include <string.h>

#include "schema_priv.h"

#define MAX_DURATION 1440.0 /* minutes: a countermeasure's visit fits in a day */

static const coldef friction_cols[] = {
  REQ("id", T_ID, 0, 0, "text"),
  REQ("buying_job", T_BUYING_JOB, 0, 0,
      "problem_identification, solution_exploration, requirements_building, supplier_selection, validation or "
      "consensus_creation"),
  REQ("name", T_TEXT, 0, 0, "text"),
  OPT("signal", T_TEXT, 0, 0, "", "how a salesperson notices it, text"),
  REQ("countermeasure", T_TEXT, 0, 0, "what removes it: the next step to book, text"),
  OPT("countermeasure_duration_min", T_INT, ATLEAST1, MAX_DURATION, "60", "minutes the countermeasure's visit takes"),
  OPT("owner_role", T_TEXT, 0, 0, "rep", "who carries the countermeasure out, text"),
};
static const coldef opportunity_friction_cols[] = {
  REQ("opportunity", T_OPPORTUNITY, 0, 0, "opportunity id"),
  REQ("friction", T_FRICTION, 0, 0, "friction id"),
  REQ("observed", T_DATE, 0, 0, "ISO date it was observed"),
  OPT("removed", T_DATE, 0, 0, "none", "ISO date it was removed (empty while it holds)"),
  OPT("note", T_TEXT, 0, 0, "", "text"),
};
static const coldef stage_history_cols[] = {
  REQ("opportunity", T_OPPORTUNITY, 0, 0, "opportunity id"),
  REQ("stage", T_TEXT, 0, 0, "the stage it left, text"),
  OPT("entered", T_DATE, 0, 0, "none", "ISO date it entered the stage (empty when unknown)"),
  REQ("left", T_DATE, 0, 0, "ISO date it left the stage"),
};

static const coldef decision_cols[] = {
  REQ("at", T_DATE, 0, 0, "ISO date: the model's day it was taken"),
  OPT("logged", T_TEXT, 0, 0, "", "wall-clock UTC time, YYYY-MM-DDTHH:MM:SSZ"),
  REQ("type", T_DECISION, 0, 0, "quote, decide or slot"),
  REQ("subject", T_TEXT, 0, 0, "product (quote), decision kind (decide) or opportunity (slot) id"),
  OPT("qty", T_NUM, NONNEG, MAX_QTY, "none", "units (quote)"),
  OPT("due", T_DATE, 0, 0, "none", "ISO date (quote)"),
  OPT("price", T_NUM, NONNEG, MAX_MONEY, "none", "currency per unit (quote)"),
  OPT("signal", T_NUM, SIGNED, MAX_MONEY, "0", "quote: the floor per unit; decide: the change in NP; slot: its score"),
  OPT("signal_age_ms", T_NUM, 0, 1e12, "none", "milliseconds since the signal was computed"),
  OPT("choice", T_TEXT, 0, 0, "", "accept or refuse, take or leave, or the appointment booked"),
  OPT("cost_accounting", T_TEXT, 0, 0, "", "what the cost-accounting table answered"),
  OPT("ref", T_TEXT, 0, 0, "", "the order booked from a quote"),
  OPT("signal_detail", T_TEXT, 0, 0, "",
      "the whole signal: quote, RESOURCE@BUCKET:PRICExMINUTES;...; decide, RESOURCE:SHADOW_PRICE; slot, REP@DATE:BID_PRICE"),
  OPT("request", T_TEXT, 0, 0, "", "decide: the decision's arguments as a JSON object, for the regret report's replay"),
};

const tabledef cs__pipeline_tables[CS_TABLE_FIRST_RENTAL - CS_TABLE_FIRST_PIPELINE] = {
  TABLE("frictions", friction_cols, false),
  TABLE("opportunity_frictions", opportunity_friction_cols, false),
  TABLE("stage_history", stage_history_cols, false),
  TABLE("decisions", decision_cols, false),
};

int cs__parse_pipeline_cell(const cs_model *m, coltype type, const char *name, int col, const char *s,
                            const cs_loc *loc, val *out, cs_error *err) {
  switch (type) {
    case T_BUYING_JOB:
      if ((out->i = cs_buying_job_parse(s)) < 0)
        return cs__err_at(err, loc, name, col, s,
                          "'%s' is not a buying job (problem_identification, solution_exploration, "
                          "requirements_building, supplier_selection, validation, consensus_creation)",
                          s);
      return 0;
    case T_FRICTION:
      if ((out->ref = cs_model_find_friction(m, s)) < 0)
        return cs__err_at(err, loc, name, col, s, "'%s' is not a friction of the catalogue", s);
      return 0;
    case T_DECISION:
      if ((out->i = cs_decision_type_parse(s)) < 0)
        return cs__err_at(err, loc, name, col, s, "'%s' is not a decision type (quote, decide, slot)", s);
      return 0;
    default:
      return cs__err(err, CS_EINPUT, "unknown column type");
  }
}

int cs__pipeline_add(cs_model *m, cs_table t, const val *v, const char **dupcol) {
  *dupcol = "id";
  switch (t) {
    case CS_TABLE_FRICTIONS:
      return cs__add_friction(m, v[0].text, (cs_buying_job)v[1].i, v[2].text, v[3].text, v[4].text, (int32_t)v[5].i,
                              v[6].text);
    case CS_TABLE_OPPORTUNITY_FRICTIONS:
      return cs__add_opportunity_friction(m, v[0].ref, v[1].ref, v[2].date, v[3].date, v[4].text);
    case CS_TABLE_STAGE_HISTORY:
      return cs__add_stage_left(m, v[0].ref, v[1].text, v[2].date, v[3].date);
    case CS_TABLE_DECISIONS: {
      const cs__decision_row r = {v[0].date, v[1].text, (cs_decision_type)v[2].i, v[3].text, v[4].num, v[5].date,
                                  v[6].num, v[7].num, v[8].num, v[9].text, v[10].text, v[11].text, v[12].text,
                                  v[13].text};
      return cs__add_decision(m, &r);
    }
    default:
      return 0;
  }
}

size_t cs__pipeline_row_count(const cs_model *m, cs_table t) {
  switch (t) {
    case CS_TABLE_FRICTIONS: return m->frictions.n;
    case CS_TABLE_OPPORTUNITY_FRICTIONS: return m->opportunity_frictions.n;
    case CS_TABLE_STAGE_HISTORY: return m->stage_history.n;
    case CS_TABLE_DECISIONS: return m->decisions.n;
    default: return 0;
  }
}

/* A number, or "" when it was not given (-1). */
static const char *fmt_num(double v, char *buf) {
  if (v < 0) return "";
  cs__fmt_double(v, buf, 64);
  return buf;
}

/* A date, or "" when there is none. */
static const char *fmt_date(cs_date d, char *buf) { return d == CS_DATE_NONE ? "" : cs_date_format(d, buf); }

bool cs__pipeline_get_row(const cs_model *m, cs_table t, size_t i, char buf[][64], const char **values) {
  if (i >= cs__pipeline_row_count(m, t)) return false;
  switch (t) {
    case CS_TABLE_FRICTIONS: {
      const cs_frictions *f = &m->frictions;
      values[0] = f->id[i];
      values[1] = cs_buying_job_name((cs_buying_job)f->buying_job[i]);
      values[2] = f->name[i];
      values[3] = f->signal[i];
      values[4] = f->countermeasure[i];
      snprintf(buf[5], 64, "%d", (int)f->duration[i]), values[5] = buf[5];
      values[6] = f->owner_role[i];
      return true;
    }
    case CS_TABLE_OPPORTUNITY_FRICTIONS: {
      const cs_opportunity_frictions *o = &m->opportunity_frictions;
      values[0] = m->opportunities.id[o->opportunity[i]];
      values[1] = m->frictions.id[o->friction[i]];
      values[2] = fmt_date(o->observed[i], buf[2]);
      values[3] = fmt_date(o->removed[i], buf[3]);
      values[4] = o->note[i];
      return true;
    }
    case CS_TABLE_STAGE_HISTORY: {
      const cs_stage_history *h = &m->stage_history;
      values[0] = m->opportunities.id[h->opportunity[i]];
      values[1] = h->stage[i];
      values[2] = fmt_date(h->entered[i], buf[2]);
      values[3] = fmt_date(h->left[i], buf[3]);
      return true;
    }
    case CS_TABLE_DECISIONS: {
      const cs_decisions *d = &m->decisions;
      values[0] = fmt_date(d->at[i], buf[0]);
      values[1] = d->logged[i];
      values[2] = cs_decision_type_name((cs_decision_type)d->type[i]);
      values[3] = d->subject[i];
      values[4] = fmt_num(d->qty[i], buf[4]);
      values[5] = fmt_date(d->due[i], buf[5]);
      values[6] = fmt_num(d->price[i], buf[6]);
      cs__fmt_double(d->signal[i], buf[7], 64);
      values[7] = buf[7];
      values[8] = fmt_num(d->signal_age_ms[i], buf[8]);
      values[9] = d->choice[i];
      values[10] = d->cost_accounting[i];
      values[11] = d->ref[i];
      values[12] = d->signal_detail[i];
      values[13] = d->request[i];
      return true;
    }
    default:
      return false;
  }
}
