/* cs_json.h — the one results-to-JSON layer, shared by the CLI's --json and the HTTP API.
 *
 * Ownership: each function returns a new jansson reference owned by the caller
 * (json_decref()); the model and results are only read. */
#ifndef CS_JSON_H
#define CS_JSON_H

#include <jansson.h>

#include "cs_engine.h"
#include "cs_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* {"constraint", "market_constrained", "declared", "wandering", "basis", "resources": [...]} */
json_t *cs_json_constraint(const cs_model *m, const cs_load_result *load);

/* {"throughput", "operating_expense", "net_profit", "mix": [...], "shadow_prices": [...],
 *  "cost_accounting": {...}} */
json_t *cs_json_mix(const cs_model *m, const cs_mix_result *mix);

/* {"error": {"code", "message", "file", "line", "column", "field", "value"}} */
json_t *cs_json_error(const cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
