/* schema.c — the model's tables and columns, and the one place where a row of text is
 * validated into the model (cs_model_add_row) or formatted back (cs_model_get_row).
 * CSV, JSON and the SQLite store all go through here, so they accept and reject alike. */
#include <stdio.h>
#include <limits.h>
#include <string.h>

#include "schema_priv.h"

static const coldef settings_cols[] = {
  REQ("key", T_TEXT, 0, 0, "setting name"),
  REQ("value", T_TEXT, 0, 0, "setting value"),
};
static const coldef resource_cols[] = {
  REQ("id", T_ID, 0, 0, "text"),
  REQ("capacity", T_NUM, NONNEG, MAX_MINUTES, "minutes per period, per unit"),
  OPT("units", T_INT, ATLEAST1, MAX_UNITS, "1", "parallel units"),
  OPT("kind", T_TEXT, 0, 0, "machine", "text"),
  OPT("name", T_TEXT, 0, 0, "", "text"),
  OPT("overtime_cost_per_minute", T_NUM, NONNEG, MAX_MONEY, "0", "currency per minute"),
};
static const coldef product_cols[] = {
  REQ("id", T_ID, 0, 0, "text"),
  REQ("price", T_NUM, NONNEG, MAX_MONEY, "currency per unit"),
  REQ("tvc", T_NUM, NONNEG, MAX_MONEY, "currency per unit"),
  OPT("demand", T_NUM, NONNEG, MAX_QTY, "0", "units per period"),
  OPT("name", T_TEXT, 0, 0, "", "text"),
  OPT("lead_time_days", T_NUM, NONNEG, MAX_DAYS, "production_buffer_days",
      "days before its due date an order usually arrives"),
};
static const coldef routing_cols[] = {
  REQ("product", T_PRODUCT, 0, 0, "product id"),
  REQ("resource", T_RESOURCE, 0, 0, "resource id"),
  REQ("minutes", T_NUM, NONNEG, MAX_MINUTES, "minutes per unit"),
  OPT("seq", T_INT, 0, 0, "row order", "step number"),
  OPT("setup_minutes", T_NUM, NONNEG, MAX_MINUTES, "0", "minutes per batch"),
};
static const coldef order_cols[] = {
  REQ("id", T_ID, 0, 0, "text"),
  REQ("product", T_PRODUCT, 0, 0, "product id"),
  REQ("qty", T_NUM, POSITIVE, MAX_QTY, "units"),
  OPT("price", T_NUM, NONNEG, MAX_MONEY, "product price", "currency per unit"),
  REQ("due", T_DATE, 0, 0, "ISO date"),
  OPT("status", T_STATUS, 0, 0, "confirmed", "quoted, confirmed, released, done or cancelled"),
  OPT("customer", T_TEXT, 0, 0, "", "text"),
  OPT("released", T_DATE, 0, 0, "none", "ISO date"),
  OPT("shipped", T_DATE, 0, 0, "none", "ISO date"),
  OPT("steps_done", T_INT, 0, MAX_STEPS, "0", "routing steps completed"),
  OPT("ordered", T_DATE, 0, 0, "none", "ISO date the customer placed it"),
};
static const coldef calendar_cols[] = {
  REQ("resource", T_RESOURCE, 0, 0, "resource id"),
  REQ("date", T_DATE, 0, 0, "ISO date"),
  REQ("capacity", T_NUM, NONNEG, MAX_MINUTES, "minutes per unit on that date"),
};

/* The plant's tables (a model of a sales desk alone has none of them: cs_table_missing). */
static const tabledef plant_tables[CS_TABLE_FIRST_SALES] = {
  TABLE("settings", settings_cols, false),
  TABLE("resources", resource_cols, true),
  TABLE("products", product_cols, true),
  TABLE("routings", routing_cols, true),
  TABLE("orders", order_cols, false),
  TABLE("calendar", calendar_cols, false),
};

/* The definition of table t, the plant's, the sales desk's, the pipeline's or the rental
 * house's. */
static const tabledef *table_def(cs_table t) {
  if (t < CS_TABLE_FIRST_SALES) return &plant_tables[t];
  if (t < CS_TABLE_FIRST_PIPELINE) return &cs__sales_tables[t - CS_TABLE_FIRST_SALES];
  if (t < CS_TABLE_FIRST_RENTAL) return &cs__pipeline_tables[t - CS_TABLE_FIRST_PIPELINE];
  return &cs__rental_tables[t - CS_TABLE_FIRST_RENTAL];
}

/* The settings keys: name, kind of value, and where it goes. */
typedef struct setdef {
  const char *key;
  coltype type;
  unsigned flags;
  double min, max;  /* of a number */
} setdef;
static const setdef settings_keys[CS__SET_COUNT] = {
  [CS__SET_PERIOD_DAYS] = {"period_days", T_NUM, POSITIVE, 0.01, MAX_DAYS},
  [CS__SET_OPERATING_EXPENSE] = {"operating_expense", T_NUM, NONNEG, 0, MAX_OE},
  [CS__SET_CURRENCY] = {"currency", T_TEXT, 0, 0, 0},
  [CS__SET_TODAY] = {"today", T_DATE, 0, 0, 0},
  [CS__SET_HORIZON_DAYS] = {"horizon_days", T_NUM, POSITIVE, 0.01, MAX_DAYS},
  [CS__SET_PRODUCTION_BUFFER_DAYS] = {"production_buffer_days", T_NUM, NONNEG, 0, MAX_DAYS},
  [CS__SET_PROTECTIVE_CAPACITY_MIN] = {"protective_capacity_min", T_NUM, FRACTION, 0, 1},
  [CS__SET_CONSTRAINT] = {"constraint", T_RESOURCE, 0, 0, 0},
  [CS__SET_TRAVEL_SPEED_KMH] = {"travel_speed_kmh", T_NUM, POSITIVE, 1, 300},
  [CS__SET_ROAD_FACTOR] = {"road_factor", T_NUM, POSITIVE, 1, 5},
  [CS__SET_TRAVEL_COST_PER_MIN] = {"travel_cost_per_min", T_NUM, NONNEG, 0, MAX_MONEY},
  [CS__SET_APPOINTMENT_BUFFER_DAYS] = {"appointment_buffer_days", T_NUM, POSITIVE, 1, 60},
  [CS__SET_STAGE_USUAL_DAYS] = {"stage_usual_days", T_NUM, POSITIVE, 1, MAX_DAYS},
  [CS__SET_DEADBAND_BAND] = {"deadband_band", T_NUM, NONNEG, 0, 10},
  [CS__SET_DEADBAND_CYCLES] = {"deadband_cycles", T_INT, ATLEAST1, 1, 1000},
  [CS__SET_DECISION_LOG_PER_S] = {"decision_log_per_s", T_INT, ATLEAST1, 1, 100000},
};

const char *cs_table_name(cs_table t) { return table_def(t)->name; }
const char *cs_table_file(cs_table t) { return table_def(t)->file; }
bool cs_table_required(cs_table t) { return table_def(t)->required; }

int cs_table_missing(unsigned present) {
  bool plant = false;
  for (int t = 0; t < CS_TABLE_FIRST_SALES; t++) plant |= plant_tables[t].required && (present >> t & 1u);
  if (!plant && (present >> CS_TABLE_REPS & 1u || present >> CS_TABLE_ITEMS & 1u)) return -1;
  /* Rental tables without their items: the items are what is missing. */
  if (!plant && present >> CS_TABLE_FIRST_RENTAL) return CS_TABLE_ITEMS;
  for (int t = 0; t < CS_TABLE_COUNT; t++)
    if (table_def((cs_table)t)->required && !(present >> t & 1u)) return t;
  return -1;
}

size_t cs_table_ncols(cs_table t) { return table_def(t)->ncols; }
const cs_column *cs_table_column(cs_table t, size_t i) { return &table_def(t)->cols[i].pub; }

int cs_setting_kind(const char *key) {
  for (int k = 0; k < CS__SET_COUNT; k++)
    if (strcmp(settings_keys[k].key, key) == 0)
      return settings_keys[k].type == T_NUM ? CS_VALUE_NUMBER
             : settings_keys[k].type == T_DATE ? CS_VALUE_DATE : CS_VALUE_TEXT;
  return -1;
}

int cs__setting_index(const char *key) {
  for (int k = 0; k < CS__SET_COUNT; k++)
    if (strcmp(settings_keys[k].key, key) == 0) return k;
  return -1;
}

int cs_table_column_index(cs_table t, const char *name) {
  const tabledef *td = table_def(t);
  for (size_t i = 0; i < td->ncols; i++)
    if (strcmp(td->cols[i].pub.name, name) == 0) return (int)i;
  return -1;
}


/* Refuses a number above max (0: no limit) or below min, naming the range. */
static int in_range(double v, double min, double max, const char *name, int col, const char *s, const cs_loc *loc,
                    cs_error *err) {
  if (max <= 0 || (v <= max && v >= min)) return 0;
  char lo[32], hi[32];
  cs__fmt_double(min, lo, sizeof lo);
  cs__fmt_double(max, hi, sizeof hi);
  return cs__err_at(err, loc, name, col, s, "'%s' is out of range %s..%s", s, lo, hi);
}

/* Parses one cell by its column type, checking range flags, limits and references. */
static int parse_cell(const cs_model *m, coltype type, unsigned flags, double min, double max, const char *name,
                      int col, const char *s, const cs_loc *loc, val *out, cs_error *err) {
  switch (type) {
    case T_ID:
      if (!*s) return cs__err_at(err, loc, name, col, s, "an id is required");
      out->text = s;
      return 0;
    case T_TEXT:
      out->text = s;
      return 0;
    case T_NUM:
      if (cs__parse_double(s, &out->num))
        return cs__err_at(err, loc, name, col, s, "'%s' is not a number", s);
      if ((flags & NONNEG) && out->num < 0)
        return cs__err_at(err, loc, name, col, s, "'%s' must not be negative", s);
      if ((flags & POSITIVE) && out->num <= 0)
        return cs__err_at(err, loc, name, col, s, "'%s' must be greater than zero", s);
      if ((flags & FRACTION) && (out->num < 0 || out->num > 1))
        return cs__err_at(err, loc, name, col, s, "'%s' must be between 0 and 1", s);
      return in_range(out->num, min, max, name, col, s, loc, err);
    case T_INT:
      if (cs__parse_long(s, -1000000000L, 1000000000L, &out->i))
        return cs__err_at(err, loc, name, col, s, "'%s' is not a whole number", s);
      if ((flags & ATLEAST1) && out->i < 1)
        return cs__err_at(err, loc, name, col, s, "'%s' must be at least 1", s);
      return in_range((double)out->i, min, max, name, col, s, loc, err);
    case T_DATE:
      if (!cs_date_parse(s, &out->date))
        return cs__err_at(err, loc, name, col, s, "'%s' is not a date (YYYY-MM-DD)", s);
      return 0;
    case T_STATUS:
      for (int k = 0; k < 5; k++)
        if (strcmp(s, cs__order_status_names[k]) == 0) { out->i = k; return 0; }
      return cs__err_at(err, loc, name, col, s,
                        "'%s' is not a status (quoted, confirmed, released, done, cancelled)", s);
    case T_PRODUCT:
      if ((out->ref = cs_model_find_product(m, s)) < 0)
        return cs__err_at(err, loc, name, col, s, "'%s' is not a known product", s);
      return 0;
    case T_RESOURCE:
      if ((out->ref = cs_model_find_resource(m, s)) < 0)
        return cs__err_at(err, loc, name, col, s, "'%s' is not a known resource", s);
      return 0;
    default:
      if (type >= T_ITEM) return cs__parse_rental_cell(m, type, name, col, s, loc, out, err);
      return cs__parse_sales_cell(m, type, name, col, s, loc, out, err);
  }
}

/* Applies one settings row (key, value). */
static int add_setting(cs_model *m, const cs_row *row, const cs_loc *loc, cs_error *err) {
  const char *key = row->values[0], *value = row->values[1];
  int kcol = row->columns ? row->columns[0] : 1, vcol = row->columns ? row->columns[1] : 2;
  if (!key || !*key) return cs__err_at(err, loc, "key", kcol, "", "a setting name is required");
  int k = -1;
  for (int i = 0; i < CS__SET_COUNT; i++)
    if (strcmp(settings_keys[i].key, key) == 0) k = i;
  if (k < 0) return cs__err_at(err, loc, "key", kcol, key, "'%s' is not a known setting", key);
  if (m->priv->settings_set & (1u << k))
    return cs__err_at(err, loc, "key", kcol, key, "'%s' is set twice", key);
  if (!value || !*value)
    return cs__err_at(err, loc, "value", vcol, "", "setting '%s' needs a value", key);
  const setdef *d = &settings_keys[k];
  val v;
  if (d->type == T_RESOURCE) {
    /* Resources are read after settings: keep the id and resolve it in cs_model_finish(). */
    m->priv->declared_id = cs__model_str(m, value);
    if (!m->priv->declared_id) return cs__err(err, CS_ENOMEM, "out of memory");
    cs__strlcpy(m->priv->declared_file, loc->file, sizeof m->priv->declared_file);
    m->priv->declared_line = loc->line;
  } else {
    int rc = parse_cell(m, d->type, d->flags, d->min, d->max, "value", vcol, value, loc, &v, err);
    if (rc) return rc;
    cs_settings *s = &m->settings;
    switch (k) {
      case CS__SET_PERIOD_DAYS: s->period_days = v.num; break;
      case CS__SET_OPERATING_EXPENSE: s->operating_expense = v.num; break;
      case CS__SET_CURRENCY:
        if (!(s->currency = cs__model_str(m, v.text))) return cs__err(err, CS_ENOMEM, "out of memory");
        break;
      case CS__SET_TODAY: s->today = v.date; break;
      case CS__SET_HORIZON_DAYS: s->horizon_days = v.num; break;
      case CS__SET_PRODUCTION_BUFFER_DAYS: s->production_buffer_days = v.num; break;
      case CS__SET_PROTECTIVE_CAPACITY_MIN: s->protective_capacity_min = v.num; break;
      case CS__SET_TRAVEL_SPEED_KMH: s->travel_speed_kmh = v.num; break;
      case CS__SET_ROAD_FACTOR: s->road_factor = v.num; break;
      case CS__SET_TRAVEL_COST_PER_MIN: s->travel_cost_per_min = v.num; break;
      case CS__SET_APPOINTMENT_BUFFER_DAYS: s->appointment_buffer_days = v.num; break;
      case CS__SET_STAGE_USUAL_DAYS: s->stage_usual_days = v.num; break;
      case CS__SET_DEADBAND_BAND: s->deadband_band = v.num; break;
      case CS__SET_DEADBAND_CYCLES: s->deadband_cycles = (double)v.i; break;
      case CS__SET_DECISION_LOG_PER_S: s->decision_log_per_s = (double)v.i; break;
      default: break;
    }
  }
  m->priv->settings_set |= 1u << k;
  return 0;
}

/* Validates a row of text and appends it to its table. */
int cs_model_add_row(cs_model *m, cs_table t, const cs_row *row, const cs_loc *loc, cs_error *err) {
  if (t == CS_TABLE_SETTINGS) return add_setting(m, row, loc, err);
  const tabledef *td = table_def(t);
  val v[CS_MAX_COLUMNS];
  memset(v, 0, sizeof v);
  for (size_t i = 0; i < td->ncols; i++) {
    const coldef *c = &td->cols[i];
    const char *s = row->values[i];
    int col = row->columns ? row->columns[i] : (int)i + 1;
    bool empty = !s || !*s;
    if (empty && c->pub.required)
      return cs__err_at(err, loc, c->pub.name, col, "", "a value is required");
    if (empty) {
      /* Defaults that depend on other data are resolved below; plain ones parse as text. */
      if (t == CS_TABLE_ROUTINGS && strcmp(c->pub.name, "seq") == 0) {
        v[i].i = LONG_MIN;
        continue;
      }
      if ((t == CS_TABLE_ORDERS && strcmp(c->pub.name, "price") == 0) ||
          (t == CS_TABLE_PRODUCTS && strcmp(c->pub.name, "lead_time_days") == 0)) {
        v[i].num = -1;
        continue;
      }
      if (c->type == T_DATE) {
        v[i].date = CS_DATE_NONE;
        continue;
      }
      /* An optional time, rep or number not given: -1. */
      if ((c->type == T_TIME || c->type == T_REP || c->type == T_NUM) && strcmp(c->pub.default_text, "none") == 0) {
        if (c->type == T_NUM) v[i].num = -1;
        else v[i].i = -1;
        continue;
      }
      s = c->pub.default_text;
    }
    double min = c->flags & ATLEAST1 ? 1 : c->flags & SIGNED ? -c->max : 0;
    int rc = parse_cell(m, c->type, c->flags, min, c->max, c->pub.name, col, s, loc, &v[i], err);
    if (rc) return rc;
  }
  int rc = 0;
  const char *dupcol = "id";
  switch (t) {
    case CS_TABLE_RESOURCES:
      rc = cs__add_resource(m, v[0].text, v[1].num, (int32_t)v[2].i, v[3].text, v[4].text, v[5].num);
      break;
    case CS_TABLE_PRODUCTS:
      rc = cs__add_product(m, v[0].text, v[1].num, v[2].num, v[3].num, v[4].text);
      if (!rc) m->products.lead_time_days[m->products.n - 1] = v[5].num;
      break;
    case CS_TABLE_ROUTINGS: {
      long seq = v[3].i;
      if (seq == LONG_MIN) {
        /* Default: one after the product's highest step so far. */
        seq = cs__last_seq(m, v[0].ref) + 1;
      }
      rc = cs__add_routing(m, v[0].ref, v[1].ref, v[2].num, (int32_t)seq, v[4].num);
      break;
    }
    case CS_TABLE_ORDERS: {
      double price = v[3].num < 0 ? m->products.price[v[1].ref] : v[3].num;
      long steps = v[9].i;
      if (steps < 0) {
        int k = cs_table_column_index(t, "steps_done");
        return cs__err_at(err, loc, "steps_done", row->columns ? row->columns[k] : k + 1, row->values[k],
                          "'%s' must not be negative", row->values[k]);
      }
      rc = cs__add_order(m, v[0].text, v[1].ref, v[2].num, price, v[4].date,
                         (cs_order_status)v[5].i, v[6].text, v[7].date, v[8].date, (int32_t)steps);
      if (!rc) m->orders.ordered[m->orders.n - 1] = v[10].date;
      break;
    }
    case CS_TABLE_CALENDAR:
      if (cs__calendar_find(m, v[0].ref, v[1].date) >= 0) {
        dupcol = "date";
        rc = CS_EINPUT;
      }
      if (!rc) rc = cs__add_calendar(m, v[0].ref, v[1].date, v[2].num);
      break;
    default:
      if (t >= CS_TABLE_FIRST_RENTAL) return cs__rental_add_row(m, t, v, row, loc, err);
      if ((rc = cs__sales_check(m, t, v, row, loc, err))) return rc;
      rc = cs__sales_add(m, t, v, &dupcol);
      break;
  }
  if (rc == CS_ENOMEM) return cs__err(err, CS_ENOMEM, "out of memory");
  if (rc == CS_EINPUT) {
    int k = cs_table_column_index(t, dupcol);
    const char *dupval = row->values[k];
    if (t == CS_TABLE_CALENDAR || t == CS_TABLE_REP_CALENDAR)
      return cs__err_at(err, loc, dupcol, row->columns ? row->columns[k] : k + 1, dupval,
                        "'%s' already has an exception for %s '%s'", dupval,
                        t == CS_TABLE_CALENDAR ? "resource" : "rep", row->values[0]);
    if (t == CS_TABLE_TRAVEL)
      return cs__err_at(err, loc, dupcol, row->columns ? row->columns[k] : k + 1, dupval,
                        "the travel time from '%s' to '%s' is given twice", row->values[0], dupval);
    return cs__err_at(err, loc, dupcol, row->columns ? row->columns[k] : k + 1, dupval,
                      "'%s' is a duplicate id", dupval);
  }
  return 0;
}

size_t cs_model_row_count(const cs_model *m, cs_table t) {
  switch (t) {
    case CS_TABLE_SETTINGS: {
      size_t n = 0;
      for (int k = 0; k < CS__SET_COUNT; k++) n += (m->priv->settings_set >> k) & 1u;
      return n;
    }
    case CS_TABLE_RESOURCES: return m->resources.n;
    case CS_TABLE_PRODUCTS: return m->products.n;
    case CS_TABLE_ROUTINGS: return m->routings.n;
    case CS_TABLE_ORDERS: return m->orders.n;
    case CS_TABLE_CALENDAR: return m->calendar.n;
    default: return t >= CS_TABLE_FIRST_RENTAL ? cs__rental_row_count(m, t) : cs__sales_row_count(m, t);
  }
}

/* Formats row i of a table as text, the inverse of cs_model_add_row(). */
bool cs_model_get_row(const cs_model *m, cs_table t, size_t i, char buf[][64], const char **values) {
  if (i >= cs_model_row_count(m, t)) return false;
  switch (t) {
    case CS_TABLE_SETTINGS: {
      size_t seen = 0;
      int k = 0;
      for (; k < CS__SET_COUNT; k++)
        if (((m->priv->settings_set >> k) & 1u) && seen++ == i) break;
      if (k >= CS__SET_COUNT) return false;
      const cs_settings *s = &m->settings;
      values[0] = settings_keys[k].key;
      values[1] = buf[1];
      switch (k) {
        case CS__SET_PERIOD_DAYS: cs__fmt_double(s->period_days, buf[1], 64); break;
        case CS__SET_OPERATING_EXPENSE: cs__fmt_double(s->operating_expense, buf[1], 64); break;
        case CS__SET_CURRENCY: values[1] = s->currency; break;
        case CS__SET_TODAY: cs_date_format(s->today, buf[1]); break;
        case CS__SET_HORIZON_DAYS: cs__fmt_double(s->horizon_days, buf[1], 64); break;
        case CS__SET_PRODUCTION_BUFFER_DAYS: cs__fmt_double(s->production_buffer_days, buf[1], 64); break;
        case CS__SET_PROTECTIVE_CAPACITY_MIN: cs__fmt_double(s->protective_capacity_min, buf[1], 64); break;
        case CS__SET_CONSTRAINT: values[1] = m->resources.id[s->constraint]; break;
        case CS__SET_TRAVEL_SPEED_KMH: cs__fmt_double(s->travel_speed_kmh, buf[1], 64); break;
        case CS__SET_ROAD_FACTOR: cs__fmt_double(s->road_factor, buf[1], 64); break;
        case CS__SET_TRAVEL_COST_PER_MIN: cs__fmt_double(s->travel_cost_per_min, buf[1], 64); break;
        case CS__SET_APPOINTMENT_BUFFER_DAYS: cs__fmt_double(s->appointment_buffer_days, buf[1], 64); break;
        case CS__SET_STAGE_USUAL_DAYS: cs__fmt_double(s->stage_usual_days, buf[1], 64); break;
        case CS__SET_DEADBAND_BAND: cs__fmt_double(s->deadband_band, buf[1], 64); break;
        case CS__SET_DEADBAND_CYCLES: cs__fmt_double(s->deadband_cycles, buf[1], 64); break;
        case CS__SET_DECISION_LOG_PER_S: cs__fmt_double(s->decision_log_per_s, buf[1], 64); break;
        default: break;
      }
      return true;
    }
    case CS_TABLE_RESOURCES: {
      const cs_resources *r = &m->resources;
      values[0] = r->id[i];
      cs__fmt_double(r->capacity[i], buf[1], 64); values[1] = buf[1];
      snprintf(buf[2], 64, "%d", (int)r->units[i]); values[2] = buf[2];
      values[3] = r->kind[i];
      values[4] = r->name[i];
      cs__fmt_double(r->overtime_cost[i], buf[5], 64); values[5] = buf[5];
      return true;
    }
    case CS_TABLE_PRODUCTS: {
      const cs_products *p = &m->products;
      values[0] = p->id[i];
      cs__fmt_double(p->price[i], buf[1], 64); values[1] = buf[1];
      cs__fmt_double(p->tvc[i], buf[2], 64); values[2] = buf[2];
      cs__fmt_double(p->demand[i], buf[3], 64); values[3] = buf[3];
      values[4] = p->name[i];
      values[5] = "";
      if (p->lead_time_days[i] >= 0) {
        cs__fmt_double(p->lead_time_days[i], buf[5], 64);
        values[5] = buf[5];
      }
      return true;
    }
    case CS_TABLE_ROUTINGS: {
      const cs_routings *g = &m->routings;
      values[0] = m->products.id[g->product[i]];
      values[1] = m->resources.id[g->resource[i]];
      cs__fmt_double(g->minutes[i], buf[2], 64); values[2] = buf[2];
      snprintf(buf[3], 64, "%d", (int)g->seq[i]); values[3] = buf[3];
      cs__fmt_double(g->setup_minutes[i], buf[4], 64); values[4] = buf[4];
      return true;
    }
    case CS_TABLE_ORDERS: {
      const cs_orders *o = &m->orders;
      values[0] = o->id[i];
      values[1] = m->products.id[o->product[i]];
      cs__fmt_double(o->qty[i], buf[2], 64); values[2] = buf[2];
      cs__fmt_double(o->price[i], buf[3], 64); values[3] = buf[3];
      values[4] = cs_date_format(o->due[i], buf[4]);
      values[5] = cs__order_status_names[o->status[i]];
      values[6] = o->customer[i];
      values[7] = o->released[i] == CS_DATE_NONE ? "" : cs_date_format(o->released[i], buf[7]);
      values[8] = o->shipped[i] == CS_DATE_NONE ? "" : cs_date_format(o->shipped[i], buf[8]);
      snprintf(buf[9], 64, "%d", (int)o->steps_done[i]);
      values[9] = buf[9];
      values[10] = o->ordered[i] == CS_DATE_NONE ? "" : cs_date_format(o->ordered[i], buf[10]);
      return true;
    }
    case CS_TABLE_CALENDAR: {
      const cs_calendar *c = &m->calendar;
      values[0] = m->resources.id[c->resource[i]];
      values[1] = cs_date_format(c->date[i], buf[1]);
      cs__fmt_double(c->capacity[i], buf[2], 64); values[2] = buf[2];
      return true;
    }
    default:
      if (t >= CS_TABLE_FIRST_RENTAL) return cs__rental_get_row(m, t, i, buf, values);
      return cs__sales_get_row(m, t, i, buf, values);
  }
}
