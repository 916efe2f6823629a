/* state.h — the one owner of the server's in-memory state: the model, its live signals
 * and its bid prices, under one read-write lock that no route touches. Routes ask for a
 * read (a function run under the read lock), a batch of events (decoded before the lock,
 * applied and committed under it, taken back in memory when refused), or a quote that
 * books atomically (priced, checked, logged and applied under one write lock, so two
 * bookings racing for the last capacity cannot both win).
 *
 * The sales desk's state (cs_desk) is kept the same way as the bid prices: built on first
 * use, dropped whenever events change the model; so is the rental plan.
 *
 * Ownership: a cs_state owns its model, signals, bid prices, desk and rental plan; what a read function is
 * given is valid only while it runs; texts handed back through `out` are malloc'd and
 * belong to the caller. */
#ifndef CS_SERVER_STATE_H
#define CS_SERVER_STATE_H

#include <jansson.h>
#include <stdbool.h>

#include "clockspeed/clockspeed.h"

typedef struct cs_state cs_state;

/* Loads MODEL and builds its live signals. Events and bookings need a store. */
int cs__state_open(const char *model, cs_state **out, cs_error *err);
void cs__state_free(cs_state *st);

/* The decision log (issue 15): a what-if the server answered, kept for the next period's
 * batch; and that batch, appended like any other (*signals as cs__state_apply gives them;
 * *unlogged the decisions not kept so far because a period's room, settings'
 * decision_log_per_s, was full). Plain quotes are kept by cs__state_quote itself;
 * bookings log theirs with them. */
void cs__state_note_decide(cs_state *st, const char *kind, const char *request, const cs_decision_result *R,
                           double age_ms);
int cs__state_flush_decisions(cs_state *st, char **signals, unsigned long *unlogged);

/* The Constraint announced to people (through the deadband), or NULL. */
const char *cs__state_announced(cs_state *st);

/* The store's path, or NULL when MODEL is not a store. */
const char *cs__state_store(const cs_state *st);

/* Applies the events other writers appended to the store since the last look (the server's
 * watcher calls it on every notice of an append, or every period without one; a batch or
 * a booking that finds the model behind catches up by itself). *signals receives the
 * stream's signals for what was taken in (malloc'd), NULL when nothing was. */
int cs__state_refresh(cs_state *st, char **signals);

/* A read: computes its answer from the model and the live signals, fills *out and returns
 * the HTTP status. */
typedef unsigned (*cs__state_read_fn)(const cs_model *m, const cs_live *live, void *ctx, json_t **out);

/* Runs fn under the read lock. */
unsigned cs__state_read(cs_state *st, cs__state_read_fn fn, void *ctx, json_t **out);

/* Applies a batch of events (a JSON array of event objects, parsed once by the caller):
 * each is decoded before the lock, then applied and committed to the store's log under the
 * write lock; a refusal takes the batch back in memory and err names the event (1-based)
 * and field. On success *signals receives the signals JSON of the batch for the stream
 * (malloc'd). */
int cs__state_apply(cs_state *st, json_t *events, char **signals, cs_error *err);

/* Prices a request at the bid prices; with book and an accepted price, books it in the
 * same write lock: the order id is written to booked (at least 64 bytes), and *signals
 * receives the stream's signals JSON. *out receives the quote's JSON. A booking whose id
 * exists fails with CS_EINPUT and field 'id' (the route answers 409). */
int cs__state_quote(cs_state *st, const cs_quote_ask *ask, json_t **out, char *booked, char **signals,
                    cs_error *err);

/* The best slots for a visit, found on the kept desk when the question is asked at its
 * moment and within its dates (else on a desk built for the question): *out the slots'
 * JSON. */
int cs__state_slots(cs_state *st, const cs_book_ask *ask, json_t **out, cs_error *err);

/* Something to do with the rental plan of the model now (valid only while fn runs). */
typedef int (*cs__state_rental_fn)(const cs_model *m, const cs_rental_plan *plan, void *ctx, cs_error *err);

/* Runs fn with the rental plan of the model now: kept from the last call while no event
 * changed the model, else planned again (under the write lock). The caller runs one rental
 * plan at a time (Cbc is not re-entrant). */
int cs__state_with_rental(cs_state *st, cs__state_rental_fn fn, void *ctx, cs_error *err);

/* The coordinator's board now, from the kept desk: *out its JSON. */
int cs__state_board(cs_state *st, json_t **out, cs_error *err);

/* Finds the best slots for a visit and books the one asked for (ask->slot) in the same
 * write lock: the appointment id is written to booked (at least 64 bytes; empty when there
 * was no such slot), *signals receives the stream's signals JSON, *out the slots' JSON. A
 * booking whose id exists fails with CS_EINPUT and field 'id' (the route answers 409). */
int cs__state_book(cs_state *st, const cs_book_ask *ask, json_t **out, char *booked, char **signals, cs_error *err);

#endif
