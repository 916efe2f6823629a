/* cs_sales.h — the Sales Process Engineering desk (DESIGN §8, §1 idea 6): travel between
 * accounts and the reps' homes, each rep's working days and booked visits, the rep-time
 * bid prices, the best k slots for a request, and the coordinator's board (appointment
 * buffer, queue, measures).
 *
 * Ownership: a cs_desk is created by cs_desk_new() and owned by the caller until
 * cs_desk_free(); it reads the model it was built from, which must outlive it and must not
 * change under it. Slot lists and boards live in the arena passed in. */
#ifndef CS_SALES_H
#define CS_SALES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_arena.h"
#include "cs_error.h"
#include "cs_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Earth's mean radius for the great-circle distance, in km. */
#define CS_EARTH_RADIUS_KM 6371.0

/* The great-circle distance in km between two points given in degrees (haversine). */
double cs_haversine_km(double lat1, double lon1, double lat2, double lon2);

/* Travel minutes from place `from` to place `to` (an account index >= 0, or a rep's home
 * as -1 - rep index): travel.csv's minutes when it gives the pair, else the great-circle
 * distance x road_factor / travel_speed_kmh x 60, rounded up to a whole minute. */
int32_t cs_travel_minutes(const cs_model *m, int32_t from, int32_t to);

/* The desk's state at one moment: every rep's working days over the dates it covers, the
 * visits booked on each (they keep their times), and each rep-day's bid price per minute. */
typedef struct cs_desk cs_desk;

/* Builds the desk at `at` (CS_DATE_NONE: settings.today) for the dates from `at` to
 * `until` (CS_DATE_NONE: appointment_buffer_days working days on, and at least two weeks).
 * Fails with CS_EINPUT when the model has no reps or no today. */
int cs_desk_new(const cs_model *m, cs_date at, cs_date until, cs_desk **out, cs_error *err);
void cs_desk_free(cs_desk *d);

/* Takes in a visit just booked in the model (appointment index a, holding time on its
 * rep's day): it joins its rep-day's route, whose driving and face time are counted again.
 * The bid prices stay as they were until the desk is built again. */
int cs_desk_add_visit(cs_desk *d, int32_t a, cs_error *err);

/* The first and last dates the desk covers. */
void cs_desk_dates(const cs_desk *d, cs_date *first, cs_date *last);

/* The value of a visit for an opportunity: its expected throughput x probability, or, when
 * it names products, the throughput of those products less the plant's bid prices for the
 * Constraint minutes they take (the one signal sales and operations share), x probability. */
double cs_desk_value(const cs_desk *d, int32_t opportunity);

/* The rep-time bid price of rep r on date day, per minute (0 off the desk's dates). */
double cs_desk_bid_price(const cs_desk *d, int32_t rep, cs_date day);

/* A request for a visit. */
typedef struct cs_slot_request {
  int32_t opportunity;
  int32_t duration;               /* minutes, 1 to 1440 */
  cs_date from, to;               /* dates searched, inclusive (CS_DATE_NONE: the desk's) */
  const char *skill;              /* NULL or "": any rep */
  int32_t window_from, window_to; /* the customer's window, minutes after midnight, -1: none */
  size_t k;                       /* slots wanted, 1 to 100 */
  const char *next_step;          /* the concrete next step the visit is for, when it is not the
                                   * opportunity's own yet (a friction's countermeasure); NULL:
                                   * the opportunity's, which it must have */
} cs_slot_request;

/* One feasible slot: the visit from start to end on the rep's day, with what it costs. */
typedef struct cs_slot {
  int32_t rep;
  cs_date date;
  int32_t start, end;             /* minutes after midnight */
  int32_t added_travel;           /* t(prev, new) + t(new, next) - t(prev, next), minutes */
  double value;                   /* of the visit (cs_desk_value) */
  double bid_price;               /* the rep-day's, per minute */
  double score;                   /* value - bid x (duration + added) - travel cost x added */
  int32_t fill_before, fill_after; /* visits booked that day, before and with it */
} cs_slot;

typedef struct cs_slot_result {
  size_t considered;              /* rep-days looked at */
  size_t feasible;                /* feasible insertions found */
  size_t n;                       /* slots offered, best first */
  cs_slot *slots;
  const char *why_none;           /* when n is 0: why, in words */
  const char *booked;             /* set by whoever books a slot: the appointment's id */
} cs_slot_result;

/* The best k slots for a request: every feasible insertion (DESIGN §8) scored, the best
 * first (ties: the fuller day, then the earlier date and start). A slot whose score is
 * below zero is not worth offering and is not offered. Fails with CS_EINPUT when the
 * opportunity has no concrete next step or the request is out of range. */
int cs_desk_best_slots(const cs_desk *d, const cs_slot_request *q, cs_arena *a, cs_slot_result **out,
                       cs_error *err);

/* The same answer by enumerating every insertion without any pruning (for tests and the
 * benchmark's reference). */
int cs_desk_best_slots_exhaustive(const cs_desk *d, const cs_slot_request *q, cs_arena *a, cs_slot_result **out,
                                  cs_error *err);

/* The coordinator's board. */
typedef enum cs_buffer_color { CS_COLOR_GREEN, CS_COLOR_YELLOW, CS_COLOR_RED, CS_COLOR_BLACK } cs_buffer_color;

typedef struct cs_board_rep {
  int32_t rep;
  int32_t booked_ahead;           /* visits booked in the buffer's working days */
  int32_t target;                 /* target_per_day x those days */
  double fill;                    /* booked_ahead / target */
  cs_buffer_color color;
  size_t nempty;                  /* working days in the next two with nothing booked */
  cs_date empty_days[2];
} cs_board_rep;

typedef struct cs_board_item {
  int32_t appointment;            /* a requested appointment, or -1 */
  int32_t opportunity;            /* its opportunity (or one with a next step and no visit) */
  double value, value_per_rep_min;
  double age_days;                /* since the request came in (requested_on) or, for an
                                   * opportunity, since it entered its stage; 0 unknown */
} cs_board_item;

/* The pipeline's value in one stage. */
typedef struct cs_board_stage {
  const char *stage;              /* as the opportunities name it ("" for none) */
  size_t opportunities;
  double throughput;              /* the sum of their visits' values */
} cs_board_stage;

typedef struct cs_board {
  size_t nreps, nqueue;
  cs_board_rep *reps;
  cs_board_item *queue;           /* by value per rep-minute, then age */
  double appointments_per_rep_day; /* visits done or booked per working rep-day, past days */
  double selling_time_share;      /* face time / working time, booked days ahead */
  double travel_share;            /* driving / working time, booked days ahead */
  double no_show_rate;            /* no-shows / (done + no-shows) */
  double pipeline_throughput;     /* sum of the open opportunities' values */
  size_t nstages;
  cs_board_stage *stages;         /* the pipeline by stage, most value first */
  double stage_advances_per_week; /* opportunities that entered their stage in the last
                                   * four weeks (stage_since), per week */
} cs_board;

/* Builds the board at the desk's moment. */
int cs_desk_board(const cs_desk *d, cs_arena *a, cs_board **out, cs_error *err);

/* A rep's diary: each day's route, home to home, with the travel before every stop. */
typedef struct cs_diary_visit {
  int32_t appointment;            /* index of the booked (or done, missed) visit */
  int32_t travel_before;          /* minutes from the previous stop (home for the first) */
} cs_diary_visit;

typedef struct cs_diary_day {
  cs_date date;
  bool works;
  int32_t start, end;             /* the working day, minutes after midnight */
  size_t n;                       /* visits, by start */
  cs_diary_visit *visits;
  int32_t travel_home;            /* minutes from the last visit home (0 with none) */
  int32_t travel, busy;           /* the day's driving and face time, minutes */
} cs_diary_day;

typedef struct cs_diary_rep {
  int32_t rep;
  cs_diary_day *days;             /* ndays of them, from the diary's first date */
} cs_diary_rep;

typedef struct cs_diary {
  cs_date from;
  size_t ndays, nreps;
  cs_diary_rep *reps;
} cs_diary;

/* The diaries of rep `rep` (or, when it is -1, of the first `limit` reps) over the ndays
 * dates from `from`, which must lie inside the desk's dates. */
int cs_desk_diary(const cs_desk *d, int32_t rep, size_t limit, cs_date from, size_t ndays, cs_arena *a,
                  cs_diary **out, cs_error *err);

/* Route improvement (DESIGN §8): each day's booked visits re-sequenced and re-assigned
 * across reps to cut driving, by the route engine (cs_route.h). Reps are routed in
 * neighbourhoods of group_reps reps whose homes lie near one another. A pinned visit, or
 * one done, missed or booked at a time that already breaks its window, keeps its rep and
 * start; the others may change both, on their own date, within the account's hours and
 * their window, with a rep who has their skill, inside the rep's day from home to home
 * and within target_per_day. A rep-day whose booked plan already breaks a rule (the rep
 * is off, the drives do not fit, more visits than the target) is left alone. A
 * neighbourhood's new plan is taken only when it places every visit and drives less; a
 * visit that stays with its rep keeps its start when it still can. */
typedef struct cs_reroute_options {
  double time_limit;              /* seconds of search for all days and neighbourhoods, > 0
                                   * (0: half a second for each neighbourhood) */
  int threads;                    /* the route engine's, 1 to CS_VRP_MAX_THREADS (0: 2) */
  uint64_t seed;
  size_t group_reps;              /* reps routed together (0: 40) */
  cs_progress_fn progress;        /* NULL, or told after each neighbourhood */
  void *user;
} cs_reroute_options;

/* One visit's new rep or start. */
typedef struct cs_reroute_move {
  int32_t appointment;
  cs_date date;
  int32_t from_rep, to_rep;
  int32_t from_start, start;      /* minutes after midnight */
} cs_reroute_move;

typedef struct cs_reroute_day {
  cs_date date;
  size_t appointments;            /* visits holding time that day */
  int32_t travel_before, travel_after; /* the reps' driving that day, minutes */
  size_t groups, improved;        /* neighbourhoods routed, and those whose plan was taken */
  size_t left_alone;              /* rep-days whose booked plan already breaks a rule */
} cs_reroute_day;

typedef struct cs_reroute {
  size_t ndays;
  cs_reroute_day *days;
  size_t appointments;
  int32_t travel_before, travel_after;
  size_t nmoves;
  cs_reroute_move *moves;         /* by date, then rep, then start */
  double seconds;
} cs_reroute;

/* Improves the routes of the ndays dates from `from` (all inside the desk's dates); the
 * plan, never worse than the booked one, in *out (arena a). The model is not changed:
 * the moves are applied together by an appointments.rerouted event. */
int cs_desk_reroute(const cs_desk *d, cs_date from, size_t ndays, const cs_reroute_options *opt, cs_arena *a,
                    cs_reroute **out, cs_error *err);

/* "green", "yellow", "red", "black". */
const char *cs_buffer_color_name(cs_buffer_color c);

#ifdef __cplusplus
}
#endif
#endif
