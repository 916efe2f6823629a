/* schema_rental.c — the rental house's tables (DESIGN §9): items, suppliers, crew and their
 * calendar, jobs and their item and crew lines; their columns, their cells (references to
 * items, crew and jobs, crew kinds, job statuses), the checks that span columns, appends
 * and rows written back. The plant's tables are in schema.c, the desk's in schema_sales.c. */
#include <stdio.h>
#include <string.h>

#include "schema_priv.h"

#define MAX_TURNAROUND 365.0 /* days an owned unit may be away after a job */
#define MAX_CREW_QTY 10000.0 /* people a crew line asks for */

static const coldef item_cols[] = {
  REQ("id", T_ID, 0, 0, "text"),
  OPT("name", T_TEXT, 0, 0, "", "text"),
  OPT("owned", T_INT, 0, MAX_UNITS, "0", "units the company owns"),
  OPT("subrent_cost_per_day", T_NUM, NONNEG, MAX_MONEY, "none",
      "currency per unit-day from the open market, an unlimited pool (empty: none)"),
  OPT("purchase_cost", T_NUM, NONNEG, MAX_MONEY, "none", "currency for one more owned unit (empty: not known)"),
  OPT("turnaround_days", T_INT, 0, MAX_TURNAROUND, "0", "days an owned unit is away after a job's in date"),
};
static const coldef supplier_cols[] = {
  REQ("supplier", T_ID, 0, 0, "text"),
  REQ("item", T_ITEM, 0, 0, "item id"),
  REQ("qty", T_INT, ATLEAST1, MAX_UNITS, "units it can lend at a time"),
  REQ("cost_per_day", T_NUM, NONNEG, MAX_MONEY, "currency per unit-day"),
  OPT("min_charge", T_NUM, NONNEG, MAX_MONEY, "0", "currency: a job's bill from this supplier is at least this"),
  OPT("delivery_cost", T_NUM, NONNEG, MAX_MONEY, "0", "currency, once per job it serves"),
};
static const coldef crew_cols[] = {
  REQ("id", T_ID, 0, 0, "text"),
  OPT("name", T_TEXT, 0, 0, "", "text"),
  OPT("skills", T_TEXT, 0, 0, "", "skills separated by ';'"),
  REQ("kind", T_CREW_KIND, 0, 0, "staff (operating expense) or freelance (a job's TVC)"),
  OPT("cost_per_day", T_NUM, NONNEG, MAX_MONEY, "0", "currency per day worked"),
  OPT("max_days", T_INT, ATLEAST1, MAX_DAYS, "3660", "days they may work over the plan"),
};
static const coldef crew_calendar_cols[] = {
  REQ("crew", T_CREW, 0, 0, "crew id"),
  REQ("date", T_DATE, 0, 0, "ISO date"),
  OPT("available", T_FLAG, 0, 0, "0", "1 available, 0 not (a row alone marks an absence)"),
};
static const coldef job_cols[] = {
  REQ("id", T_ID, 0, 0, "text"),
  OPT("customer", T_TEXT, 0, 0, "", "text"),
  OPT("venue", T_TEXT, 0, 0, "", "text"),
  REQ("out", T_DATE, 0, 0, "ISO date the gear goes out (inclusive)"),
  REQ("in", T_DATE, 0, 0, "ISO date the gear comes back (inclusive)"),
  REQ("price", T_NUM, NONNEG, MAX_MONEY, "currency: what the customer pays for the job"),
  OPT("status", T_JOB_STATUS, 0, 0, "confirmed", "quote, hold, confirmed, done or cancelled"),
  OPT("materials_cost", T_NUM, NONNEG, MAX_MONEY, "0", "currency: consumables, a TVC of the job"),
};
static const coldef job_item_cols[] = {
  REQ("job", T_JOB, 0, 0, "job id"),
  REQ("item", T_ITEM, 0, 0, "item id"),
  REQ("qty", T_INT, 0, MAX_UNITS, "units (0: the line was dropped)"),
};
static const coldef job_crew_cols[] = {
  REQ("job", T_JOB, 0, 0, "job id"),
  REQ("skill", T_ID, 0, 0, "the skill each person needs"),
  REQ("qty", T_INT, ATLEAST1, MAX_CREW_QTY, "people each day"),
  OPT("from", T_DATE, 0, 0, "none", "ISO date, first day (empty: the job's out)"),
  OPT("to", T_DATE, 0, 0, "none", "ISO date, last day (empty: the job's in)"),
};

const tabledef cs__rental_tables[CS_TABLE_COUNT - CS_TABLE_FIRST_RENTAL] = {
  TABLE("items", item_cols, false),
  TABLE("suppliers", supplier_cols, false),
  TABLE("crew", crew_cols, false),
  TABLE("crew_calendar", crew_calendar_cols, false),
  TABLE("jobs", job_cols, false),
  TABLE("job_items", job_item_cols, false),
  TABLE("job_crew", job_crew_cols, false),
};

int cs__parse_rental_cell(const cs_model *m, coltype type, const char *name, int col, const char *s, const cs_loc *loc,
                          val *out, cs_error *err) {
  switch (type) {
    case T_ITEM:
      if ((out->ref = cs_model_find_item(m, s)) < 0)
        return cs__err_at(err, loc, name, col, s, "'%s' is not a known item", s);
      return 0;
    case T_CREW:
      if ((out->ref = cs_model_find_crew(m, s)) < 0)
        return cs__err_at(err, loc, name, col, s, "'%s' is not a known crew member", s);
      return 0;
    case T_JOB:
      if ((out->ref = cs_model_find_job(m, s)) < 0)
        return cs__err_at(err, loc, name, col, s, "'%s' is not a known job", s);
      return 0;
    case T_CREW_KIND:
      if (strcmp(s, "staff") == 0) out->i = CS_CREW_STAFF;
      else if (strcmp(s, "freelance") == 0) out->i = CS_CREW_FREELANCE;
      else return cs__err_at(err, loc, name, col, s, "'%s' is not a crew kind (staff, freelance)", s);
      return 0;
    case T_JOB_STATUS:
      if ((out->i = cs_job_status_parse(s)) < 0)
        return cs__err_at(err, loc, name, col, s, "'%s' is not a job status (quote, hold, confirmed, done, cancelled)",
                          s);
      return 0;
    default:
      return cs__err(err, CS_EINPUT, "unknown column type");
  }
}

/* Refuses a row whose date in column b comes before the one in column a, or spans more
 * than the longest horizon. */
static int ordered_dates(cs_table t, cs_date da, cs_date db, size_t a, size_t b, const cs_row *row, const cs_loc *loc,
                         cs_error *err) {
  if (da == CS_DATE_NONE || db == CS_DATE_NONE) return 0;
  const char *sb = row->values[b] ? row->values[b] : "";
  int col = row->columns ? row->columns[b] : (int)b + 1;
  if (db < da)
    return cs__err_at(err, loc, cs_table_column(t, b)->name, col, sb, "'%s' comes before %s", sb,
                      cs_table_column(t, a)->name);
  if ((double)(db - da) > MAX_DAYS)
    return cs__err_at(err, loc, cs_table_column(t, b)->name, col, sb, "'%s' is more than %.0f days after %s", sb,
                      MAX_DAYS, cs_table_column(t, a)->name);
  return 0;
}

/* Names the pair a duplicate row repeats. */
static int duplicate(cs_table t, const cs_row *row, const cs_loc *loc, cs_error *err) {
  size_t k = t == CS_TABLE_ITEMS || t == CS_TABLE_CREW || t == CS_TABLE_JOBS ? 0 : 1;
  const char *s = row->values[k] ? row->values[k] : "";
  const char *name = cs_table_column(t, k)->name;
  int col = row->columns ? row->columns[k] : (int)k + 1;
  switch (t) {
    case CS_TABLE_SUPPLIERS:
      return cs__err_at(err, loc, name, col, s, "supplier '%s' lists item '%s' twice", row->values[0], s);
    case CS_TABLE_CREW_CALENDAR:
      return cs__err_at(err, loc, name, col, s, "'%s' is given twice for crew member '%s'", s, row->values[0]);
    case CS_TABLE_JOB_ITEMS:
      return cs__err_at(err, loc, name, col, s, "job '%s' holds item '%s' on two lines", row->values[0], s);
    default:
      return cs__err_at(err, loc, name, col, s, "'%s' is a duplicate id", s);
  }
}

int cs__rental_add_row(cs_model *m, cs_table t, const val *v, const cs_row *row, const cs_loc *loc, cs_error *err) {
  int rc = 0;
  switch (t) {
    case CS_TABLE_ITEMS:
      rc = cs__add_item(m, v[0].text, v[1].text, (int32_t)v[2].i, v[3].num, v[4].num, (int32_t)v[5].i);
      break;
    case CS_TABLE_SUPPLIERS:
      rc = cs__add_supplier(m, v[0].text, v[1].ref, (int32_t)v[2].i, v[3].num, v[4].num, v[5].num);
      break;
    case CS_TABLE_CREW:
      rc = cs__add_crew(m, v[0].text, v[1].text, v[2].text, (cs_crew_kind)v[3].i, v[4].num, (int32_t)v[5].i);
      break;
    case CS_TABLE_CREW_CALENDAR:
      rc = cs__add_crew_day(m, v[0].ref, v[1].date, (uint8_t)v[2].i);
      break;
    case CS_TABLE_JOBS:
      if ((rc = ordered_dates(t, v[3].date, v[4].date, 3, 4, row, loc, err))) return rc;
      rc = cs__add_job(m, v[0].text, v[1].text, v[2].text, v[3].date, v[4].date, v[5].num, (cs_job_status)v[6].i,
                       v[7].num);
      break;
    case CS_TABLE_JOB_ITEMS:
      rc = cs__add_job_item(m, v[0].ref, v[1].ref, (int32_t)v[2].i);
      break;
    case CS_TABLE_JOB_CREW: {
      cs_date from = v[3].date == CS_DATE_NONE ? m->jobs.out[v[0].ref] : v[3].date;
      cs_date to = v[4].date == CS_DATE_NONE ? m->jobs.in[v[0].ref] : v[4].date;
      if ((rc = ordered_dates(t, from, to, 3, 4, row, loc, err))) return rc;
      rc = cs__add_job_crew(m, v[0].ref, v[1].text, (int32_t)v[2].i, from, to);
      break;
    }
    default:
      return cs__err(err, CS_EINPUT, "unknown table");
  }
  if (rc == CS_ENOMEM) return cs__err(err, CS_ENOMEM, "out of memory");
  if (rc == CS_EINPUT) return duplicate(t, row, loc, err);
  return rc;
}

size_t cs__rental_row_count(const cs_model *m, cs_table t) {
  switch (t) {
    case CS_TABLE_ITEMS: return m->items.n;
    case CS_TABLE_SUPPLIERS: return m->suppliers.n;
    case CS_TABLE_CREW: return m->crew.n;
    case CS_TABLE_CREW_CALENDAR: return m->crew_calendar.n;
    case CS_TABLE_JOBS: return m->jobs.n;
    case CS_TABLE_JOB_ITEMS: return m->job_items.n;
    case CS_TABLE_JOB_CREW: return m->job_crew.n;
    default: return 0;
  }
}

/* A number, or "" when it was not given (-1). */
static const char *fmt_opt(double v, char *buf) {
  if (v < 0) return "";
  cs__fmt_double(v, buf, 64);
  return buf;
}

/* A number written back. */
static const char *fmt_num(double v, char *buf) {
  cs__fmt_double(v, buf, 64);
  return buf;
}

/* A whole number written back. */
static const char *fmt_int(long v, char *buf) {
  snprintf(buf, 64, "%ld", v);
  return buf;
}

bool cs__rental_get_row(const cs_model *m, cs_table t, size_t i, char buf[][64], const char **values) {
  if (i >= cs__rental_row_count(m, t)) return false;
  switch (t) {
    case CS_TABLE_ITEMS: {
      const cs_items *it = &m->items;
      values[0] = it->id[i], values[1] = it->name[i], values[2] = fmt_int(it->owned[i], buf[2]);
      values[3] = fmt_opt(it->subrent_cost_per_day[i], buf[3]), values[4] = fmt_opt(it->purchase_cost[i], buf[4]);
      values[5] = fmt_int(it->turnaround_days[i], buf[5]);
      return true;
    }
    case CS_TABLE_SUPPLIERS: {
      const cs_suppliers *s = &m->suppliers;
      values[0] = s->supplier[i], values[1] = m->items.id[s->item[i]], values[2] = fmt_int(s->qty[i], buf[2]);
      values[3] = fmt_num(s->cost_per_day[i], buf[3]), values[4] = fmt_num(s->min_charge[i], buf[4]);
      values[5] = fmt_num(s->delivery_cost[i], buf[5]);
      return true;
    }
    case CS_TABLE_CREW: {
      const cs_crew *c = &m->crew;
      values[0] = c->id[i], values[1] = c->name[i], values[2] = c->skills[i];
      values[3] = c->kind[i] == CS_CREW_STAFF ? "staff" : "freelance";
      values[4] = fmt_num(c->cost_per_day[i], buf[4]), values[5] = fmt_int(c->max_days[i], buf[5]);
      return true;
    }
    case CS_TABLE_CREW_CALENDAR: {
      const cs_crew_calendar *c = &m->crew_calendar;
      values[0] = m->crew.id[c->crew[i]], values[1] = cs_date_format(c->date[i], buf[1]);
      values[2] = fmt_int(c->available[i], buf[2]);
      return true;
    }
    case CS_TABLE_JOBS: {
      const cs_jobs *j = &m->jobs;
      values[0] = j->id[i], values[1] = j->customer[i], values[2] = j->venue[i];
      values[3] = cs_date_format(j->out[i], buf[3]), values[4] = cs_date_format(j->in[i], buf[4]);
      values[5] = fmt_num(j->price[i], buf[5]), values[6] = cs_job_status_name((cs_job_status)j->status[i]);
      values[7] = fmt_num(j->materials_cost[i], buf[7]);
      return true;
    }
    case CS_TABLE_JOB_ITEMS: {
      const cs_job_items *l = &m->job_items;
      values[0] = m->jobs.id[l->job[i]], values[1] = m->items.id[l->item[i]], values[2] = fmt_int(l->qty[i], buf[2]);
      return true;
    }
    case CS_TABLE_JOB_CREW: {
      const cs_job_crew *l = &m->job_crew;
      values[0] = m->jobs.id[l->job[i]], values[1] = l->skill[i], values[2] = fmt_int(l->qty[i], buf[2]);
      values[3] = cs_date_format(l->from[i], buf[3]), values[4] = cs_date_format(l->to[i], buf[4]);
      return true;
    }
    default:
      return false;
  }
}
