/* cs_events.h — events that change a company's world, as JSON objects
 * ({"type": "order.created", "order": {...}}), applied to an in-memory model. The store
 * keeps them in an append-only log and replays them when it is opened (cs_io.h).
 * docs/events.md lists every event type and its fields.
 *
 * Ownership: the model is changed in place and owns what an event adds; the event text
 * is only read. */
#ifndef CS_EVENTS_H
#define CS_EVENTS_H

#include "cs_error.h"
#include "cs_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Applies one event given as JSON text. Fails with CS_EINPUT, naming loc and the field,
 * when the text is not a JSON object, the type is unknown or a field is invalid; the
 * model is then unchanged. */
int cs_event_apply(cs_model *m, const char *text, const cs_loc *loc, cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
