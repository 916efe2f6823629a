/* model_priv.h — the private half of cs_model: string storage, id maps, array capacities,
 * and typed appends used by the schema layer and the generator.
 *
 * Ownership: the model owns the priv block and everything in it. */
#ifndef CS_MODEL_PRIV_H
#define CS_MODEL_PRIV_H

#include "clockspeed/cs_arena.h"
#include "clockspeed/cs_events.h"
#include "internal.h"

/* One change an event made, kept between cs_model_begin() and commit or rollback so that
 * it can be taken back: the order's or calendar row's values before, or a row added. */
typedef enum cs__jkind {
  CS__J_ORDER,         /* order `index` changed: its old values */
  CS__J_ORDER_ADDED,   /* order `index` was appended */
  CS__J_CALENDAR,      /* calendar row `index` changed: its old capacity */
  CS__J_CALENDAR_ADDED,/* calendar row `index` was appended */
  CS__J_SETTINGS,      /* the settings before */
  CS__J_APPOINTMENT,   /* appointment `index` changed: its old rep, date, start, status */
  CS__J_APPOINTMENT_ADDED,
  CS__J_OPPORTUNITY,   /* opportunity `index` changed: its old stage, next step, values */
  CS__J_OPPORTUNITY_ADDED,
  CS__J_REP_DAY,       /* rep calendar row `index` changed: its old availability */
  CS__J_REP_DAY_ADDED,
  CS__J_OPP_FRICTION,  /* observation `index` changed: its old removed date */
  CS__J_OPP_FRICTION_ADDED,
  CS__J_STAGE_ADDED,   /* stage history row `index` was appended */
  CS__J_DECISION_ADDED,/* decision `index` was appended to the log */
  /* The rental house's (rental.c, rental_events.c). */
  CS__J_JOB,           /* job `index` changed: its old dates, price, status */
  CS__J_JOB_ADDED,
  CS__J_JOB_ITEM,      /* job line `index` changed: its old qty */
  CS__J_JOB_ITEM_ADDED,
  CS__J_JOB_CREW_ADDED,
  CS__J_ITEM,          /* item `index` changed: its old owned units */
  CS__J_CREW_DAY,      /* crew calendar row `index` changed: its old availability */
  CS__J_CREW_DAY_ADDED,
} cs__jkind;

typedef struct cs__jentry {
  cs__jkind kind;
  size_t index;
  union {
    struct {
      double qty, price;
      cs_date due, released, shipped;
      const char *customer;
      uint8_t status;
      int32_t steps_done;
    } order;
    double capacity;
    struct {
      int32_t rep, start;
      cs_date date;
      uint8_t status;
    } appt;
    struct {
      const char *stage, *next_step;
      double expected, probability;
      cs_date stage_since;
    } opp;
    uint8_t available;
    cs_date removed;
    struct {
      cs_date out, in;
      double price, materials;
      uint8_t status;
    } job;
    int32_t qty;
    struct {
      cs_settings values;
      unsigned set;
      const char *declared_id;
    } settings;
  } u;
} cs__jentry;

/* Settings that have been set explicitly (bit i = settings key i). */
typedef struct cs__model_priv {
  cs_arena *strings;
  cs__idmap resource_ids, product_ids, order_ids;
  size_t cap_res, cap_prod, cap_route, cap_order, cap_cal;
  /* The sales desk's: id maps, capacities, and each rep's calendar rows as a list
   * (rep_day_head[r] the newest, rep_day_next[i] the one before, -1 ends). */
  cs__idmap rep_ids, account_ids, opportunity_ids, appointment_ids, travel_pairs;
  size_t cap_rep, cap_rep_day, cap_account, cap_opp, cap_appt, cap_travel, cap_rep_day_head;
  int32_t *rep_day_head, *rep_day_next;
  /* The pipeline's. */
  cs__idmap friction_ids;
  size_t cap_friction, cap_opp_friction, cap_stage, cap_decision;
  /* The rental house's: id maps, the map of pairs (a supplier's item, a job's item, a
   * person's day), capacities. */
  cs__idmap item_ids, crew_ids, job_ids, rental_pairs;
  size_t cap_item, cap_supplier, cap_crew, cap_crew_day, cap_job, cap_job_item, cap_job_crew;
  unsigned settings_set;
  const char *declared_id;   /* settings.constraint as given, resolved in finish */
  char declared_file[64];
  long declared_line;
  int32_t *last_seq;         /* highest seq of each product's steps so far (0: none) */
  size_t cap_last_seq;
  int finished;
  /* Calendar exceptions by resource: cal_head[r] is r's newest row, cal_next[i] the row
   * before it (-1 ends), so a resource's exceptions are found without a scan. */
  int32_t *cal_head, *cal_next;
  size_t cap_cal_head;
  /* The journal of the open batch (cs_model_begin), or off. */
  int journal_on;
  cs__jentry *journal;
  size_t njournal, cap_journal;
} cs__model_priv;

/* Grows the narr arrays of one table together to hold at least `need` rows (each of its
 * own element size); CS_ENOMEM leaves the old arrays valid. */
int cs__grow_all(size_t *cap, size_t need, void **arrs[], const size_t sizes[], size_t narr);

/* Interns a string in the model; NULL on exhaustion. */
const char *cs__model_str(cs_model *m, const char *s);

/* Typed appends: return 0, CS_EINPUT when the id is already used (err is the caller's to
 * fill, it knows the place), or CS_ENOMEM. Strings are copied. */
int cs__add_resource(cs_model *m, const char *id, double capacity, int32_t units, const char *kind,
                     const char *name, double overtime_cost);
int cs__add_product(cs_model *m, const char *id, double price, double tvc, double demand,
                    const char *name);
int cs__add_routing(cs_model *m, int32_t product, int32_t resource, double minutes, int32_t seq,
                    double setup_minutes);
int cs__add_order(cs_model *m, const char *id, int32_t product, double qty, double price,
                  cs_date due, cs_order_status status, const char *customer, cs_date released,
                  cs_date shipped, int32_t steps_done);
int cs__add_calendar(cs_model *m, int32_t resource, cs_date date, double capacity);

/* Returns the calendar row of resource r on date d, or -1. */
int32_t cs__calendar_find(const cs_model *m, int32_t r, cs_date d);

/* The sales desk's typed appends (sales.c), like the plant's above. */
int cs__add_rep(cs_model *m, const char *id, const char *name, double lat, double lon, int32_t day_start,
                int32_t day_end, uint8_t workdays, const char *skills, int32_t target);
int cs__add_rep_day(cs_model *m, int32_t rep, cs_date date, uint8_t available, int32_t day_start, int32_t day_end);
int cs__add_account(cs_model *m, const char *id, const char *name, double lat, double lon, int32_t open,
                    int32_t close);
int cs__add_opportunity(cs_model *m, const char *id, int32_t account, const char *stage, double expected,
                        double probability, const char *products, const char *next_step, int32_t owner,
                        cs_date stage_since);
int cs__add_appointment(cs_model *m, const char *id, int32_t opportunity, int32_t rep, cs_date date,
                        int32_t start, int32_t duration, cs_appt_status status, uint8_t pinned,
                        int32_t window_from, int32_t window_to, const char *skill, cs_date requested_on);
int cs__add_travel(cs_model *m, int32_t from, int32_t to, double minutes);

/* The pipeline's typed appends (pipeline.c): a friction of the catalogue (CS_EINPUT for
 * a duplicate id), a friction observed on an opportunity, a stage an opportunity left. */
int cs__add_friction(cs_model *m, const char *id, cs_buying_job job, const char *name, const char *signal,
                     const char *countermeasure, int32_t duration, const char *owner_role);
int cs__add_opportunity_friction(cs_model *m, int32_t opportunity, int32_t friction, cs_date observed, cs_date removed,
                                 const char *note);
int cs__add_stage_left(cs_model *m, int32_t opportunity, const char *stage, cs_date entered, cs_date left);

/* One row of the decision log, as parsed (numbers -1 and dates CS_DATE_NONE when absent). */
typedef struct cs__decision_row {
  cs_date at;
  const char *logged;
  cs_decision_type type;
  const char *subject;
  double qty;
  cs_date due;
  double price, signal, signal_age_ms;
  const char *choice, *cost_accounting, *ref;
  const char *signal_detail;
  const char *request;
} cs__decision_row;
int cs__add_decision(cs_model *m, const cs__decision_row *r);

/* Frees the pipeline's arrays and map (model.c calls it from cs_model_free). */
void cs__pipeline_free(cs_model *m);

/* The pipeline's event handlers (pipeline_events.c): friction.observed, friction.removed,
 * opportunity.stage_changed; and the one way a stage changes, which opportunity.changed
 * shares: the stage left goes to the history, the new one starts on `date`. */
int cs__friction_observed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);
int cs__friction_removed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);
int cs__stage_changed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);
int cs__change_stage(cs_model *m, size_t o, const char *stage, cs_date date);

/* The rental house's typed appends (rental.c): CS_EINPUT for a duplicate id or pair (a
 * supplier listing an item twice, a job holding an item on two lines, a person's day given
 * twice). */
int cs__add_item(cs_model *m, const char *id, const char *name, int32_t owned, double subrent, double purchase,
                 int32_t turnaround);
int cs__add_supplier(cs_model *m, const char *supplier, int32_t item, int32_t qty, double cost, double min_charge,
                     double delivery);
int cs__add_crew(cs_model *m, const char *id, const char *name, const char *skills, cs_crew_kind kind, double cost,
                 int32_t max_days);
int cs__add_crew_day(cs_model *m, int32_t crew, cs_date date, uint8_t available);
int cs__add_job(cs_model *m, const char *id, const char *customer, const char *venue, cs_date out, cs_date in,
                double price, cs_job_status status, double materials);
int cs__add_job_item(cs_model *m, int32_t job, int32_t item, int32_t qty);
int cs__add_job_crew(cs_model *m, int32_t job, const char *skill, int32_t qty, cs_date from, cs_date to);

/* The row of job's line for item, of crew member c's calendar on d; -1 when none. */
int32_t cs__job_item_find(const cs_model *m, int32_t job, int32_t item);
int32_t cs__crew_day_find(const cs_model *m, int32_t c, cs_date d);

/* The rental house's event handlers (rental_events.c): job.created, job.changed and
 * job.cancelled, item.changed, crew.absent. */
int cs__job_created(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);
int cs__job_changed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);
int cs__item_changed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);
int cs__crew_absent(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);

/* Takes back a rental row appended in the open batch (journal.c calls it). */
void cs__rental_undo_added(cs_model *m, cs__jkind kind, size_t i);

/* Frees the rental house's arrays and maps (model.c calls it from cs_model_free). */
void cs__rental_free(cs_model *m);

/* The sales desk's event handlers (sales_events.c), as cs_event_apply calls them. */
int cs__appointment_created(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);
int cs__appointment_moved(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);
int cs__appointments_rerouted(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);
int cs__appointment_status(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);
int cs__opportunity_created(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);
int cs__opportunity_changed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);
int cs__rep_absent(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);

/* Returns rep r's calendar row for date d, or -1. */
int32_t cs__rep_day_find(const cs_model *m, int32_t r, cs_date d);

/* Frees the sales desk's arrays and maps (model.c calls it from cs_model_free). */
void cs__sales_free(cs_model *m);

/* Journals a change about to be made (a no-op when no batch is open): the order's or the
 * calendar row's current values, a row about to be appended, or the settings. */
int cs__journal_order(cs_model *m, size_t o);
int cs__journal_add(cs_model *m, cs__jkind kind, size_t index);
int cs__journal_calendar(cs_model *m, size_t i);
int cs__journal_settings(cs_model *m);
int cs__journal_appointment(cs_model *m, size_t i);
int cs__journal_opportunity(cs_model *m, size_t i);
int cs__journal_rep_day(cs_model *m, size_t i);
int cs__journal_opp_friction(cs_model *m, size_t i);
int cs__journal_job(cs_model *m, size_t i);
int cs__journal_job_item(cs_model *m, size_t i);
int cs__journal_item(cs_model *m, size_t i);
int cs__journal_crew_day(cs_model *m, size_t i);

/* The open batch's journal, and taking back its last entry (used by cs_model_rollback()
 * and by the live signals, which update themselves around each step). */
size_t cs__journal_len(const cs_model *m);
const cs__jentry *cs__journal_last(const cs_model *m);
void cs__journal_undo_last(cs_model *m);

/* Returns the highest seq among product p's steps so far, 0 when it has none. */
int32_t cs__last_seq(const cs_model *m, int32_t p);

/* The settings keys, in the order they are documented and exported. */
enum {
  CS__SET_PERIOD_DAYS, CS__SET_OPERATING_EXPENSE, CS__SET_CURRENCY, CS__SET_TODAY,
  CS__SET_HORIZON_DAYS, CS__SET_PRODUCTION_BUFFER_DAYS, CS__SET_PROTECTIVE_CAPACITY_MIN,
  CS__SET_CONSTRAINT, CS__SET_TRAVEL_SPEED_KMH, CS__SET_ROAD_FACTOR, CS__SET_TRAVEL_COST_PER_MIN,
  CS__SET_APPOINTMENT_BUFFER_DAYS, CS__SET_STAGE_USUAL_DAYS, CS__SET_DEADBAND_BAND,
  CS__SET_DEADBAND_CYCLES, CS__SET_DECISION_LOG_PER_S, CS__SET_COUNT
};

/* Names of the order statuses, indexed by cs_order_status. */
extern const char *const cs__order_status_names[5];

/* The index (CS__SET_*) of a setting's key, or -1. */
int cs__setting_index(const char *key);

#endif
