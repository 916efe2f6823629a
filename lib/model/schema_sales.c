/* schema_sales.c — the sales desk's tables (DESIGN §8): their columns, how a cell of text
 * becomes a value (times of day, coordinates, weekdays, references to reps, accounts and
 * opportunities, product lists), how a row is appended, and how it is written back. The
 * plant's tables are in schema.c; both go through cs_model_add_row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_priv.h"

#define MAX_DURATION 1440.0 /* minutes: a visit fits in a day */
#define MAX_TARGET 24.0     /* appointments a day */
#define MAX_TRAVEL 1440.0   /* minutes between two places */

static const coldef rep_cols[] = {
  REQ("id", T_ID, 0, 0, "text"),
  OPT("name", T_TEXT, 0, 0, "", "text"),
  REQ("home_lat", T_LAT, 0, 0, "degrees, -90 to 90"),
  REQ("home_lon", T_LON, 0, 0, "degrees, -180 to 180"),
  OPT("day_start", T_TIME, 0, 0, "08:00", "HH:MM"),
  OPT("day_end", T_TIME, 0, 0, "17:00", "HH:MM"),
  OPT("workdays", T_WEEKDAYS, 0, 0, "Mon-Fri", "weekdays, e.g. Mon-Fri or Mon;Wed;Fri"),
  OPT("skills", T_TEXT, 0, 0, "", "skills separated by ';'"),
  OPT("target_per_day", T_INT, ATLEAST1, MAX_TARGET, "4", "appointments per working day"),
};
static const coldef rep_calendar_cols[] = {
  REQ("rep", T_REP, 0, 0, "rep id"),
  REQ("date", T_DATE, 0, 0, "ISO date"),
  OPT("available", T_FLAG, 0, 0, "1", "1 working, 0 not"),
  OPT("day_start", T_TIME, 0, 0, "none", "HH:MM (the rep's own when empty)"),
  OPT("day_end", T_TIME, 0, 0, "none", "HH:MM (the rep's own when empty)"),
};
static const coldef account_cols[] = {
  REQ("id", T_ID, 0, 0, "text"),
  OPT("name", T_TEXT, 0, 0, "", "text"),
  REQ("lat", T_LAT, 0, 0, "degrees, -90 to 90"),
  REQ("lon", T_LON, 0, 0, "degrees, -180 to 180"),
  OPT("open", T_TIME, 0, 0, "08:00", "HH:MM"),
  OPT("close", T_TIME, 0, 0, "18:00", "HH:MM"),
};
static const coldef opportunity_cols[] = {
  REQ("id", T_ID, 0, 0, "text"),
  REQ("account", T_ACCOUNT, 0, 0, "account id"),
  OPT("stage", T_TEXT, 0, 0, "", "text"),
  OPT("expected_throughput", T_NUM, NONNEG, MAX_MONEY, "0", "currency"),
  OPT("probability", T_NUM, FRACTION, 1, "1", "0 to 1"),
  OPT("products", T_PRODLIST, 0, 0, "", "product:qty separated by ';'"),
  OPT("next_step", T_TEXT, 0, 0, "", "the concrete next step, text"),
  OPT("owner", T_REP, 0, 0, "none", "rep id"),
  OPT("stage_since", T_DATE, 0, 0, "none", "ISO date it entered its stage"),
};
static const coldef appointment_cols[] = {
  REQ("id", T_ID, 0, 0, "text"),
  REQ("opportunity", T_OPPORTUNITY, 0, 0, "opportunity id"),
  OPT("rep", T_REP, 0, 0, "none", "rep id (empty while requested)"),
  OPT("date", T_DATE, 0, 0, "none", "ISO date (empty while requested)"),
  OPT("start", T_TIME, 0, 0, "none", "HH:MM (empty while requested)"),
  REQ("duration_min", T_INT, ATLEAST1, MAX_DURATION, "minutes"),
  OPT("status", T_APPT_STATUS, 0, 0, "requested", "requested, booked, done, no_show or cancelled"),
  OPT("pinned", T_FLAG, 0, 0, "0", "1: promised, never moved"),
  OPT("window_from", T_TIME, 0, 0, "none", "HH:MM"),
  OPT("window_to", T_TIME, 0, 0, "none", "HH:MM"),
  OPT("skill", T_TEXT, 0, 0, "", "the skill the visit needs"),
  OPT("requested_on", T_DATE, 0, 0, "none", "ISO date the request reached the desk"),
};
static const coldef travel_cols[] = {
  REQ("from", T_PLACE, 0, 0, "account or rep id (a rep's home)"),
  REQ("to", T_PLACE, 0, 0, "account or rep id (a rep's home)"),
  REQ("minutes", T_NUM, NONNEG, MAX_TRAVEL, "minutes of driving"),
};

const tabledef cs__sales_tables[CS_TABLE_FIRST_PIPELINE - CS_TABLE_FIRST_SALES] = {
  TABLE("reps", rep_cols, false),
  TABLE("rep_calendar", rep_calendar_cols, false),
  TABLE("accounts", account_cols, false),
  TABLE("opportunities", opportunity_cols, false),
  TABLE("appointments", appointment_cols, false),
  TABLE("travel", travel_cols, false),
};

static const char *const weekday_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* The weekday (0 Monday) named by the three letters at s, or -1. */
static int weekday_at(const char *s) {
  for (int d = 0; d < 7; d++)
    if (strncmp(s, weekday_names[d], 3) == 0) return d;
  return -1;
}

/* Parses "Mon-Fri", "Mon;Wed;Fri" or a mix ("Mon-Wed;Sat") into a set of weekdays. */
static bool parse_weekdays(const char *s, uint8_t *out) {
  *out = 0;
  while (*s) {
    int a = weekday_at(s), b;
    if (a < 0) return false;
    s += 3;
    b = a;
    if (*s == '-') {
      if ((b = weekday_at(s + 1)) < 0) return false;
      s += 4;
    }
    for (int d = a;; d = (d + 1) % 7) {
      *out |= (uint8_t)(1u << d);
      if (d == b) break;
    }
    if (*s == ';') s++;
    else if (*s) return false;
  }
  return *out != 0;
}

/* Writes a set of weekdays back: runs of three or more as "Mon-Fri", others one by one. */
static const char *format_weekdays(uint8_t set, char *buf, size_t size) {
  size_t n = 0;
  buf[0] = 0;
  for (int d = 0; d < 7;) {
    if (!(set & (1u << d))) {
      d++;
      continue;
    }
    int e = d;
    while (e + 1 < 7 && (set & (1u << (e + 1)))) e++;
    if (e - d >= 2) n += (size_t)snprintf(buf + n, size - n, "%s%s-%s", n ? ";" : "", weekday_names[d], weekday_names[e]);
    else
      for (int k = d; k <= e; k++) n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ";" : "", weekday_names[k]);
    d = e + 1;
  }
  return buf;
}

/* Checks a product list "P:qty;Q:qty" against the model's products. */
static int check_prodlist(const cs_model *m, const char *name, int col, const char *s, const cs_loc *loc,
                          cs_error *err) {
  char item[128];
  while (*s) {
    size_t len = strcspn(s, ";");
    if (len == 0 || len >= sizeof item)
      return cs__err_at(err, loc, name, col, s, "'%.60s' is not a list of product:qty", s);
    memcpy(item, s, len);
    item[len] = 0;
    char *colon = strrchr(item, ':');
    double qty;
    if (!colon) return cs__err_at(err, loc, name, col, item, "'%s' is not product:qty", item);
    *colon = 0;
    if (cs_model_find_product(m, item) < 0)
      return cs__err_at(err, loc, name, col, item, "'%s' is not a known product", item);
    if (cs__parse_double(colon + 1, &qty) || !(qty > 0) || qty > MAX_QTY)
      return cs__err_at(err, loc, name, col, colon + 1, "'%s' is not a quantity above 0", colon + 1);
    s += len;
    if (*s == ';') s++;
  }
  return 0;
}

int cs__parse_sales_cell(const cs_model *m, coltype type, const char *name, int col, const char *s,
                         const cs_loc *loc, val *out, cs_error *err) {
  double d;
  switch (type) {
    case T_TIME: {
      int32_t t;
      if (!cs__parse_hhmm(s, &t)) return cs__err_at(err, loc, name, col, s, "'%s' is not a time (HH:MM)", s);
      out->i = t;
      return 0;
    }
    case T_LAT:
    case T_LON: {
      double lim = type == T_LAT ? 90 : 180;
      if (cs__parse_double(s, &d)) return cs__err_at(err, loc, name, col, s, "'%s' is not a number", s);
      if (d < -lim || d > lim)
        return cs__err_at(err, loc, name, col, s, "'%s' is out of range %g..%g", s, -lim, lim);
      out->num = d;
      return 0;
    }
    case T_WEEKDAYS: {
      uint8_t set;
      if (!parse_weekdays(s, &set))
        return cs__err_at(err, loc, name, col, s, "'%s' is not a list of weekdays (e.g. Mon-Fri or Mon;Wed;Fri)", s);
      out->i = set;
      return 0;
    }
    case T_FLAG:
      if (strcmp(s, "0") != 0 && strcmp(s, "1") != 0) return cs__err_at(err, loc, name, col, s, "'%s' is not 0 or 1", s);
      out->i = s[0] - '0';
      return 0;
    case T_REP:
      if ((out->ref = cs_model_find_rep(m, s)) < 0) return cs__err_at(err, loc, name, col, s, "'%s' is not a known rep", s);
      return 0;
    case T_ACCOUNT:
      if ((out->ref = cs_model_find_account(m, s)) < 0)
        return cs__err_at(err, loc, name, col, s, "'%s' is not a known account", s);
      return 0;
    case T_OPPORTUNITY:
      if ((out->ref = cs_model_find_opportunity(m, s)) < 0)
        return cs__err_at(err, loc, name, col, s, "'%s' is not a known opportunity", s);
      return 0;
    case T_APPT_STATUS:
      for (int k = 0; k <= CS_APPT_CANCELLED; k++)
        if (strcmp(s, cs_appt_status_name((cs_appt_status)k)) == 0) {
          out->i = k;
          return 0;
        }
      return cs__err_at(err, loc, name, col, s, "'%s' is not a status (requested, booked, done, no_show, cancelled)", s);
    case T_PLACE: {
      int32_t a = cs_model_find_account(m, s), r = cs_model_find_rep(m, s);
      if (a >= 0 && r >= 0)
        return cs__err_at(err, loc, name, col, s, "'%s' is both an account and a rep: give them different ids", s);
      if (a < 0 && r < 0) return cs__err_at(err, loc, name, col, s, "'%s' is not a known account or rep", s);
      out->ref = a >= 0 ? a : -1 - r;
      return 0;
    }
    case T_PRODLIST:
      out->text = s;
      return check_prodlist(m, name, col, s, loc, err);
    default:
      return cs__parse_pipeline_cell(m, type, name, col, s, loc, out, err);
  }
}

/* Refuses the first of two times of a row that does not come before the second (by
 * column index a < b, both given). */
static int ordered_times(cs_table t, const val *v, size_t a, size_t b, const cs_row *row, const cs_loc *loc,
                         cs_error *err) {
  if (v[a].i < 0 || v[b].i < 0 || v[a].i < v[b].i) return 0;
  const char *an = cs_table_column(t, a)->name, *bn = cs_table_column(t, b)->name;
  const char *sb = row->values[b] ? row->values[b] : "";
  return cs__err_at(err, loc, bn, row->columns ? row->columns[b] : (int)b + 1, sb, "'%s' must come after %s", sb, an);
}

int cs__sales_check(const cs_model *m, cs_table t, const val *v, const cs_row *row, const cs_loc *loc, cs_error *err) {
  (void)m;
  switch (t) {
    case CS_TABLE_REPS: return ordered_times(t, v, 4, 5, row, loc, err);
    case CS_TABLE_REP_CALENDAR: return ordered_times(t, v, 3, 4, row, loc, err);
    case CS_TABLE_ACCOUNTS: return ordered_times(t, v, 4, 5, row, loc, err);
    case CS_TABLE_APPOINTMENTS: {
      int rc = ordered_times(t, v, 8, 9, row, loc, err);
      /* A booked, done or no-show visit has its rep, date and start, and ends by midnight. */
      cs_appt_status st = (cs_appt_status)v[6].i;
      if (!rc && (st == CS_APPT_BOOKED || st == CS_APPT_DONE || st == CS_APPT_NO_SHOW)) {
        static const size_t need[] = {2, 3, 4};
        for (size_t k = 0; k < 3 && !rc; k++) {
          size_t c = need[k];
          bool given = c == 3 ? v[c].date != CS_DATE_NONE : v[c].i >= 0;
          if (!given)
            rc = cs__err_at(err, loc, cs_table_column(t, c)->name, row->columns ? row->columns[c] : (int)c + 1, "",
                            "a %s appointment needs its %s", cs_appt_status_name(st), cs_table_column(t, c)->name);
        }
      }
      if (!rc && v[4].i >= 0 && v[4].i + v[5].i > 1440)
        rc = cs__err_at(err, loc, "duration_min", row->columns ? row->columns[5] : 6, row->values[5] ? row->values[5] : "",
                        "the visit would end after midnight");
      return rc;
    }
    default: return 0;
  }
}

int cs__sales_add(cs_model *m, cs_table t, const val *v, const char **dupcol) {
  *dupcol = "id";
  switch (t) {
    case CS_TABLE_REPS:
      return cs__add_rep(m, v[0].text, v[1].text, v[2].num, v[3].num, (int32_t)v[4].i, (int32_t)v[5].i,
                         (uint8_t)v[6].i, v[7].text, (int32_t)v[8].i);
    case CS_TABLE_REP_CALENDAR:
      *dupcol = "date";
      return cs__add_rep_day(m, v[0].ref, v[1].date, (uint8_t)v[2].i, (int32_t)v[3].i, (int32_t)v[4].i);
    case CS_TABLE_ACCOUNTS:
      return cs__add_account(m, v[0].text, v[1].text, v[2].num, v[3].num, (int32_t)v[4].i, (int32_t)v[5].i);
    case CS_TABLE_OPPORTUNITIES:
      return cs__add_opportunity(m, v[0].text, v[1].ref, v[2].text, v[3].num, v[4].num, v[5].text, v[6].text,
                                 (int32_t)v[7].i, v[8].date);
    case CS_TABLE_APPOINTMENTS:
      return cs__add_appointment(m, v[0].text, v[1].ref, (int32_t)v[2].i, v[3].date, (int32_t)v[4].i,
                                 (int32_t)v[5].i, (cs_appt_status)v[6].i, (uint8_t)v[7].i, (int32_t)v[8].i,
                                 (int32_t)v[9].i, v[10].text, v[11].date);
    case CS_TABLE_TRAVEL:
      *dupcol = "to";
      return cs__add_travel(m, v[0].ref, v[1].ref, v[2].num);
    default:
      return cs__pipeline_add(m, t, v, dupcol);
  }
}

size_t cs__sales_row_count(const cs_model *m, cs_table t) {
  switch (t) {
    case CS_TABLE_REPS: return m->reps.n;
    case CS_TABLE_REP_CALENDAR: return m->rep_calendar.n;
    case CS_TABLE_ACCOUNTS: return m->accounts.n;
    case CS_TABLE_OPPORTUNITIES: return m->opportunities.n;
    case CS_TABLE_APPOINTMENTS: return m->appointments.n;
    case CS_TABLE_TRAVEL: return m->travel.n;
    default: return cs__pipeline_row_count(m, t);
  }
}

/* Writes a time of day as HH:MM, or "" when not given. */
static const char *fmt_time(int32_t t, char *buf) { return t < 0 ? "" : cs__fmt_hhmm(t, buf, 64); }

/* The id of a place (an account, or a rep's home). */
static const char *place_id(const cs_model *m, int32_t p) { return p >= 0 ? m->accounts.id[p] : m->reps.id[-1 - p]; }

bool cs__sales_get_row(const cs_model *m, cs_table t, size_t i, char buf[][64], const char **values) {
  if (i >= cs__sales_row_count(m, t)) return false;
  switch (t) {
    case CS_TABLE_REPS: {
      const cs_reps *r = &m->reps;
      values[0] = r->id[i];
      values[1] = r->name[i];
      cs__fmt_double(r->home_lat[i], buf[2], 64), values[2] = buf[2];
      cs__fmt_double(r->home_lon[i], buf[3], 64), values[3] = buf[3];
      values[4] = fmt_time(r->day_start[i], buf[4]);
      values[5] = fmt_time(r->day_end[i], buf[5]);
      values[6] = format_weekdays(r->workdays[i], buf[6], 64);
      values[7] = r->skills[i];
      snprintf(buf[8], 64, "%d", (int)r->target_per_day[i]), values[8] = buf[8];
      return true;
    }
    case CS_TABLE_REP_CALENDAR: {
      const cs_rep_calendar *c = &m->rep_calendar;
      values[0] = m->reps.id[c->rep[i]];
      values[1] = cs_date_format(c->date[i], buf[1]);
      values[2] = c->available[i] ? "1" : "0";
      values[3] = fmt_time(c->day_start[i], buf[3]);
      values[4] = fmt_time(c->day_end[i], buf[4]);
      return true;
    }
    case CS_TABLE_ACCOUNTS: {
      const cs_accounts *a = &m->accounts;
      values[0] = a->id[i];
      values[1] = a->name[i];
      cs__fmt_double(a->lat[i], buf[2], 64), values[2] = buf[2];
      cs__fmt_double(a->lon[i], buf[3], 64), values[3] = buf[3];
      values[4] = fmt_time(a->open[i], buf[4]);
      values[5] = fmt_time(a->close[i], buf[5]);
      return true;
    }
    case CS_TABLE_OPPORTUNITIES: {
      const cs_opportunities *o = &m->opportunities;
      values[0] = o->id[i];
      values[1] = m->accounts.id[o->account[i]];
      values[2] = o->stage[i];
      cs__fmt_double(o->expected_throughput[i], buf[3], 64), values[3] = buf[3];
      cs__fmt_double(o->probability[i], buf[4], 64), values[4] = buf[4];
      values[5] = o->products[i];
      values[6] = o->next_step[i];
      values[7] = o->owner[i] >= 0 ? m->reps.id[o->owner[i]] : "";
      values[8] = o->stage_since[i] == CS_DATE_NONE ? "" : cs_date_format(o->stage_since[i], buf[8]);
      return true;
    }
    case CS_TABLE_APPOINTMENTS: {
      const cs_appointments *a = &m->appointments;
      values[0] = a->id[i];
      values[1] = m->opportunities.id[a->opportunity[i]];
      values[2] = a->rep[i] >= 0 ? m->reps.id[a->rep[i]] : "";
      values[3] = a->date[i] == CS_DATE_NONE ? "" : cs_date_format(a->date[i], buf[3]);
      values[4] = fmt_time(a->start[i], buf[4]);
      snprintf(buf[5], 64, "%d", (int)a->duration[i]), values[5] = buf[5];
      values[6] = cs_appt_status_name((cs_appt_status)a->status[i]);
      values[7] = a->pinned[i] ? "1" : "0";
      values[8] = fmt_time(a->window_from[i], buf[8]);
      values[9] = fmt_time(a->window_to[i], buf[9]);
      values[10] = a->skill[i];
      values[11] = a->requested_on[i] == CS_DATE_NONE ? "" : cs_date_format(a->requested_on[i], buf[11]);
      return true;
    }
    case CS_TABLE_TRAVEL: {
      const cs_travel *r = &m->travel;
      values[0] = place_id(m, r->from[i]);
      values[1] = place_id(m, r->to[i]);
      cs__fmt_double(r->minutes[i], buf[2], 64), values[2] = buf[2];
      return true;
    }
    default:
      return cs__pipeline_get_row(m, t, i, buf, values);
  }
}
