/* cs_events.h — events that change a company's world, as typed values applied to an
 * in-memory model. Events arrive as JSON ({"type": "order.created", "order": {...}}) and
 * are decoded once, at the edge, into a cs_event (cs_json.h: cs_event_decode); the model
 * and the live signals only ever see the typed value. The store keeps the JSON text in an
 * append-only log and replays it when it is opened (cs_io.h). docs/events.md lists every
 * event type and its fields.
 *
 * Ownership: a cs_event borrows its strings from whoever decoded it (an arena, usually);
 * applying one changes the model in place, and the model copies what it keeps. */
#ifndef CS_EVENTS_H
#define CS_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "cs_error.h"
#include "cs_model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cs_event_type {
  CS_EVENT_ORDER_CREATED = 0,
  CS_EVENT_ORDER_CHANGED,
  CS_EVENT_ORDER_CANCELLED,
  CS_EVENT_ORDER_RELEASED,
  CS_EVENT_STEP_COMPLETED,
  CS_EVENT_RESOURCE_CAPACITY,
  CS_EVENT_SETTING_CHANGED,
  /* The sales desk (DESIGN §8). */
  CS_EVENT_APPOINTMENT_REQUESTED,
  CS_EVENT_APPOINTMENT_BOOKED,
  CS_EVENT_APPOINTMENT_MOVED,
  CS_EVENT_APPOINTMENT_CANCELLED,
  CS_EVENT_APPOINTMENT_DONE,
  CS_EVENT_APPOINTMENT_NO_SHOW,
  CS_EVENT_OPPORTUNITY_CREATED,
  CS_EVENT_OPPORTUNITY_CHANGED,
  CS_EVENT_REP_ABSENT,
  CS_EVENT_APPOINTMENTS_REROUTED,
  /* The pipeline (DESIGN §11). */
  CS_EVENT_FRICTION_OBSERVED,
  CS_EVENT_FRICTION_REMOVED,
  CS_EVENT_OPPORTUNITY_STAGE_CHANGED,
  /* The decision log (issue 15). */
  CS_EVENT_DECISION_LOGGED,
  /* Rental and projects (DESIGN §9). */
  CS_EVENT_JOB_CREATED,
  CS_EVENT_JOB_CHANGED,
  CS_EVENT_JOB_CANCELLED,
  CS_EVENT_ITEM_CHANGED,
  CS_EVENT_CREW_ABSENT,
  CS_EVENT_TYPE_COUNT
} cs_event_type;

/* The optional fields an event gave, as bits of cs_event.has. */
enum {
  CS_EVF_QTY = 1u << 0,
  CS_EVF_PRICE = 1u << 1,
  CS_EVF_DUE = 1u << 2,
  CS_EVF_CUSTOMER = 1u << 3,
  CS_EVF_DATE = 1u << 4,
  CS_EVF_MINUTES = 1u << 5,
  CS_EVF_DAYS = 1u << 6,
  CS_EVF_REP = 1u << 7,
  CS_EVF_START = 1u << 8,
  CS_EVF_STAGE = 1u << 9,
  CS_EVF_NEXT_STEP = 1u << 10,
  CS_EVF_EXPECTED = 1u << 11,
  CS_EVF_PROBABILITY = 1u << 12,
};

/* Columns of an order row an order.created event carries (orders.csv has ten). */
#define CS_EVENT_ROW_MAX CS_MAX_COLUMNS

/* appointments.rerouted: one visit's new rep and start (its date stays). */
typedef struct cs_event_move {
  const char *appointment_id, *rep_id;
  int32_t start;                /* minutes after midnight */
} cs_event_move;

/* The most visits one appointments.rerouted event moves. */
#define CS_EVENT_MAX_MOVES 100000

/* A job's line as an event carries it, as text checked like a row of job_items.csv or
 * job_crew.csv when applied. */
typedef struct cs_event_job_item {
  const char *item, *qty;
} cs_event_job_item;
typedef struct cs_event_job_crew {
  const char *skill, *qty, *from, *to;
} cs_event_job_crew;

/* The most lines one job event carries. */
#define CS_EVENT_MAX_JOB_LINES 10000

/* One event, decoded and checked for form (types, ranges, known fields). What depends on
 * the model (does the order exist, may it change) is checked when it is applied. */
typedef struct cs_event {
  cs_event_type type;
  unsigned has;                 /* CS_EVF_* of the optional fields given */
  const char *order_id;         /* the order it names (order.* but created, step.completed) */
  const char *resource_id;      /* resource.capacity */
  cs_date date;                 /* order.released, step.completed, resource.capacity */
  cs_date due;                  /* order.changed */
  double qty, price;            /* order.changed, step.completed (qty) */
  double minutes;               /* step.completed: the time it really took */
  double capacity;              /* resource.capacity: minutes per unit */
  int32_t days;                 /* resource.capacity: dates from `date` (default 1) */
  const char *customer;         /* order.changed */
  const char *row[CS_EVENT_ROW_MAX]; /* order.created, appointment.requested and .booked,
                                       opportunity.created, decision.logged: the row's values
                                       by column */
  const char *key, *value;      /* setting.changed: the key and its value as text */
  /* The sales desk's events. */
  const char *appointment_id;   /* appointment.moved, .cancelled, .done, .no_show */
  const char *opportunity_id;   /* opportunity.changed */
  const char *rep_id;           /* appointment.moved (a new rep), rep.absent */
  int32_t start;                /* appointment.moved: minutes after midnight */
  const char *stage, *next_step;          /* opportunity.changed */
  double expected_throughput, probability; /* opportunity.changed */
  const cs_event_move *moves;   /* appointments.rerouted: nmoves of them, applied together */
  size_t nmoves;
  /* The pipeline's: opportunity_id, date (the day it happened, default today), stage. */
  const char *friction_id;      /* friction.observed, .removed */
  const char *note;             /* friction.observed: what the salesperson saw */
  /* The rental house's: job.created carries the job's row in row[] (jobs.csv's columns)
   * and its lines; job.changed the job, any of date (out), due (in), price, status text in
   * value, and lines whose qty replaces the line's (0 drops it); item.changed the item and
   * its owned units in qty; crew.absent the crew member, date and days. */
  const char *job_id, *item_id, *crew_id;
  const cs_event_job_item *job_items;
  size_t njob_items;
  const cs_event_job_crew *job_crew;
  size_t njob_crew;
} cs_event;

/* Returns the event type's name ("order.created"), or NULL. */
const char *cs_event_type_name(cs_event_type t);

/* Returns the type named `name`, or -1. */
int cs_event_type_parse(const char *name);

/* Applies one event. Fails with CS_EINPUT, naming loc and the field, when what it names
 * does not exist or may not change that way; the model is then unchanged. */
int cs_event_apply(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);

/* Undo for a batch. Between cs_model_begin() and cs_model_commit() or
 * cs_model_rollback(), every change an event makes is journalled, so that a batch refused
 * part way is taken back in memory. Begin fails only when memory is exhausted. */
int cs_model_begin(cs_model *m);
void cs_model_commit(cs_model *m);
void cs_model_rollback(cs_model *m);

#ifdef __cplusplus
}
#endif
#endif
