/* cs_json.h — the one results-to-JSON layer, shared by the CLI's --json and the HTTP API.
 *
 * Ownership: each function returns a new jansson reference owned by the caller
 * (json_decref()); the model and results are only read. */
#ifndef CS_JSON_H
#define CS_JSON_H

#include <jansson.h>

#include "cs_engine.h"
#include "cs_model.h"
#include "cs_pipeline.h"
#include "cs_pricing.h"
#include "cs_route.h"
#include "cs_sales.h"
#include "cs_sim.h"
#include "cs_decide.h"
#include "cs_flow.h"
#include "cs_events.h"
#include "cs_arena.h"
#include "cs_live.h"
#include "cs_rental.h"

#ifdef __cplusplus
extern "C" {
#endif

/* {"constraint", "market_constrained", "declared", "wandering", "basis", "resources": [...]} */
json_t *cs_json_constraint(const cs_model *m, const cs_load_result *load);

/* {"throughput", "operating_expense", "net_profit", "mix": [...], "shadow_prices": [...],
 *  "cost_accounting": {...}} */
json_t *cs_json_mix(const cs_model *m, const cs_mix_result *mix);

/* {"product", "qty", "due", "at", "price", "floor_price", "floor_unit_price", "tvc",
 *  "opportunity_cost", "accept", "feasible", "earliest_feasible_due", "bid_prices": [...],
 *  "cost_accounting": {"full_cost", "full_unit_cost", "verdict"}, "booked"}; booked is the
 *  id of the order a booking created, or NULL. */
json_t *cs_json_quote(const cs_model *m, const cs_quote_request *q, cs_date at, const cs_quote *Q,
                      const char *booked);

/* {"decision", "delta_throughput", "delta_operating_expense", "delta_net_profit",
 *  "delta_inventory", "verdict", "reason", "resource", "shadow_price", "base_throughput",
 *  "new_throughput", "cost_accounting": {"delta_net_profit", "verdict"}} */
json_t *cs_json_decision(const cs_model *m, const cs_decision *d, const cs_decision_result *R);

/* {"requests", "offered_throughput", "hindsight", "policies": [{"policy", "accepted",
 *  "refused", "throughput", "ratio"}]} */
json_t *cs_json_simulation(const cs_model *m, const cs_sim_result *S);

/* The best slots: {"slots": [{"rep", "date", "start", "end", "added_travel_min", "value",
 *  "bid_price_per_min", "score", "fill_before", "fill_after"}], "considered", "feasible",
 *  "why_none"} (why_none is null when a slot is offered). */
json_t *cs_json_slots(const cs_model *m, const cs_slot_result *R);

/* The appointment.booked event that books slot s for the request b as appointment id
 * (malloc'd text, freed by the caller; NULL when memory is short). */
struct cs_book_ask;
char *cs_json_appointment_booked_event(const cs_model *m, const struct cs_book_ask *b, const cs_slot *s,
                                       const char *id);

/* The id a booked visit gets unless one is given: APT-YYYYMMDD-N, unused. */
void cs_appointment_id(const cs_model *m, cs_date at, char *buf, size_t size);

/* The coordinator's board: {"reps": [{"id", "booked_ahead", "target", "fill", "color",
 *  "empty_days"}], "queue": [{"appointment", "opportunity", "value", "value_per_rep_min",
 *  "age_days"}], "measures": {"appointments_per_rep_day", "selling_time_share",
 *  "travel_share", "no_show_rate", "pipeline_throughput", "pipeline_by_stage": [{"stage",
 *  "opportunities", "throughput"}], "stage_advances_per_week"}} */
json_t *cs_json_board(const cs_model *m, const cs_board *B);

/* The pipeline (DESIGN §11): an opportunity's frictions and their countermeasures (with
 * the visit booked for one, when there is), and the recurring view: {"from", "to",
 * "frictions": [{"buying_job", "friction", "name", "observed", "removed",
 * "median_days_to_remove", "holding", "throughput_held", "tdd"}], "pipeline": [{"stage",
 * "opportunities", "throughput", "median_days_in_stage", "usual_days", "stalled", "tdd"}],
 * "tdd"}. */
/* The decision log (issue 15): decision.logged events for a quote answered (with the
 * order booked from it, or NULL), a what-if decision (`kind` as the CLI names it) and a
 * visit slot booked. `logged` is the wall-clock time (UTC, YYYY-MM-DDTHH:MM:SSZ) and
 * age_ms how old the signal was when used (-1 unknown); a what-if's request is its
 * arguments (cs_json_decide_request, or NULL); signal_detail carries the whole
 * signal (the bid prices a quote paid, the shadow price a what-if loads, the rep-day's bid
 * price of a slot). A malloc'd text, NULL when out of memory. */
char *cs_json_decision_quote(const cs_model *m, const cs_quote_request *q, const cs_quote *Q, cs_date at,
                             const char *booked, const char *logged, double age_ms);
char *cs_json_decision_decide(const cs_model *m, const char *kind, const char *request, const cs_decision_result *R,
                              cs_date at, const char *logged, double age_ms);

/* A what-if decision as the decide command's arguments (compact JSON, ids for indices):
 * the `request` a decision.logged event keeps, so that `regret` can value it again. A
 * malloc'd text, NULL when out of memory. */
char *cs_json_decide_request(const cs_model *m, const cs_decision *d);
char *cs_json_decision_slot(const cs_model *m, int32_t opportunity, const cs_slot *s, const char *appointment,
                            cs_date at, const char *logged, double age_ms);

/* The regret report: {"from", "to", "decisions": [{"type", "count", "taken",
 * "throughput_earned", "shipped", "hindsight_best", "cost_accounting_would_earn"}], "log":
 * [{"at", "logged", "type", "subject", "signal", "signal_age_ms", "signal_detail", "choice",
 * "cost_accounting", "outcome", "throughput"}]}. */
json_t *cs_json_regret(const cs_model *m, const cs_regret *R);

struct cs_friction_answer; /* cs_command.h */
json_t *cs_json_friction(const cs_model *m, const struct cs_friction_answer *F);
json_t *cs_json_pipeline(const cs_model *m, const cs_pipeline_view *V);

/* Rental and projects (DESIGN §9). Shortages: {"from", "to", "items": [{"item", "date",
 *  "demand", "owned", "short"}], "jobs": [{"job", "item", "peak_short"}]}. */
json_t *cs_json_shortages(const cs_model *m, const cs_shortages *S);

/* The plan: {"from", "to", "jobs" (how many), "job_list": [{"job", "customer", "venue",
 *  "out", "in", "status", "price"}], "cost", "gear_cost", "crew_cost", "gear_bound",
 *  "crew_bound", "lower_bound", "gap",
 *  "lines": [{"job", "item", "qty", "owned", "subrent": [{"supplier", "qty", "cost"}],
 *  "unfilled"}], "bills": [{"job", "supplier", "rental", "charged", "delivery"}], "crew":
 *  [{"job", "customer", "skill", "date", "crew", "kind", "cost"}], "unfilled": [{"job", "item" or
 *  "skill", "date", "qty", "why"}], "duals": [{"item", "date", "per_unit_day" (null when
 *  unfillable), "unfillable"}], "lp":
 *  {"rows", "cols"}}; a supplier of "open market" is the item's open-market pool, a crew
 *  of null nobody. */
json_t *cs_json_rental_plan(const cs_model *m, const cs_rental_plan *p);

/* A job's quote: {"job", "price", "materials", "marginal_overhire", "throughput",
 *  "accept", "min_throughput", "reasons": [{"item" or "skill", "dates": [from, to],
 *  "cost", "from"}], "cost_accounting": {"full_cost", "verdict"}, "plan": {"with",
 *  "without"}}. */
json_t *cs_json_job_quote(const cs_model *m, const cs_job_quote *Q);

/* The rental house's Constraint: {"constraint": {"item", "dual_sum", "unfillable_days"}
 *  or null, "skill": {"skill", "cost", "unfilled_days"} or null, "items": [{"item",
 *  "name", "dual_sum", "unfillable_days", "purchase_cost", "payback_days", "pays_back"}],
 *  "plan": {"from", "to", "cost", "lower_bound", "gap"}}; buy-or-subrent lists only the
 *  items that pay back (`only_paying`). */
json_t *cs_json_rental_signal(const cs_model *m, const cs_rental_signal *S, bool only_paying);

/* The reps' diaries: {"from", "days", "reps": [{"id", "name", "home": {"lat", "lon"},
 *  "days": [{"date", "works", "start", "end", "travel_min", "busy_min", "travel_home_min",
 *  "visits": [{"id", "opportunity", "account", "lat", "lon", "start", "end", "status",
 *  "pinned", "travel_before_min"}]}]}]} */
json_t *cs_json_diary(const cs_model *m, const cs_diary *D);

/* A Solomon instance's answer: {"instance", "vehicles" (used), "distance", "routes":
 *  [[customer numbers in visit order]], "unassigned": [customer numbers], "iterations",
 *  "seconds"}. */
json_t *cs_json_solomon(const char *name, const cs_vrp *p, const cs_vrp_solution *X);

/* A route improvement: {"from", "days", "before": {"travel_min", "appointments"},
 *  "after": {...}, "by_day": [{"date", "before", "after", "neighbourhoods", "improved",
 *  "left_alone"}], "moves": [{"appointment", "date", "from_rep", "to_rep", "from_start",
 *  "start"}], "seconds", "applied"} ("applied": whether the moves were written, set by
 *  the caller). */
json_t *cs_json_reroute(const cs_model *m, const cs_reroute *P);

/* The appointments.rerouted event that makes the plan's moves (malloc'd text, freed by the
 * caller; NULL when there is no move or memory is short). */
char *cs_json_reroute_event(const cs_model *m, const cs_reroute *P);

/* The variability simulator: {"constraint", "runs": [{"release", "dispatch",
 *  "replications", "throughput_per_day", "orders_per_day", "throughput_T", "on_time",
 *  "lead_time_min": {"mean", "p50", "p90", "p95"}, "queue_time_min", "wip",
 *  "constraint_utilisation", "constraint_starved", "ci95": {the same keys: half-widths},
 *  "by_day": {"wip": [...], "constraint_utilisation": [...]}}],
 *  "events", "events_per_s", "seconds"} */
json_t *cs_json_sim(const cs_model *m, const cs_simulation_result *R);

/* S-DBR: {"safe_date", "planned_load_date", "planned_load_days", "drum", ...} */
json_t *cs_json_promise(const cs_model *m, const cs_sdbr *s, const cs_promise *p);

/* The rope: {"release": [{"id", "release_date"}], "held": [...]} */
json_t *cs_json_rope(const cs_model *m, const cs_rope *R);

/* DBR: {"drum", "orders": [{"id", "release", "drum_start", "drum_end", "due", "late", "can_make"}]} */
json_t *cs_json_schedule(const cs_model *m, const cs_schedule *S);

/* {"orders": [{"id", "due", "release", "penetration", "color", "at_resource"}],
 *  "queues": {RESOURCE: [ids]}, "red_causes": [...], "low_protective_capacity": [...]} */
json_t *cs_json_buffers(const cs_model *m, const cs_buffers *B);

/* {"throughput", "operating_expense", "net_profit", "inventory", "roi", "productivity",
 *  "on_time_rate", "mean_lead_time_days", "tdd", "idd", ...} */
json_t *cs_json_measures(const cs_model *m, const cs_measures *M);

/* {"error": {"code", "message", "file", "line", "column", "field", "value"}} */
json_t *cs_json_error(const cs_error *err);

/* ---- Events in (DESIGN §5: decoded once, at the edge) ------------------------------ */

/* Decodes one event from a JSON object, or from `len` bytes of JSON text, into *ev:
 * the type, the fields that type knows and their ranges, with messages that name loc and
 * the field. Strings are copied into the arena, which must outlive *ev. */
int cs_event_decode_json(json_t *obj, cs_arena *a, const cs_loc *loc, cs_event *ev, cs_error *err);
int cs_event_decode(const char *text, size_t len, cs_arena *a, const cs_loc *loc, cs_event *ev, cs_error *err);

/* Decodes and applies one event given as JSON text, the form the store's log keeps. */
int cs_event_apply_text(cs_model *m, const char *text, const cs_loc *loc, cs_error *err);

/* The live signals: {"drum", "planned_load_date", "planned_load_days", "planned_minutes",
 * "counts": {green, yellow, red, black}}, with "loads" (the `top` most loaded resources)
 * when top > 0 and "orders" (colour, penetration, where each waits) when orders is given:
 * GET /api/signals and the event stream say the same. */
json_t *cs_json_signals(const cs_model *m, const cs_live_signals *g, size_t top, const char *const *orders,
                        size_t norders);

/* Decodes one event given as JSON text and applies it through the live signals. */
int cs_live_apply_text(cs_live *L, const char *text, const cs_loc *loc, cs_error *err);

/* The order.created event of an accepted booking, as compact JSON text (malloc'd; NULL
 * when memory is exhausted): the one form the CLI and the server both write. `ordered` is
 * the moment the request came in (the order history the demand forecast learns from). */
char *cs_json_booking_event(const cs_model *m, const cs_quote_request *q, const char *id, const char *customer,
                            cs_date ordered);

/* A fresh id for a booking made at `at` that the model does not hold yet:
 * "Q-YYYYMMDD-N", the one rule for the CLI and the server. */
void cs_booking_id(const cs_model *m, cs_date at, char *buf, size_t size);

/* Fails a booking whose order id the model holds already (field 'id'; HTTP 409). */
int cs_booked_id_error(const char *id, cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
