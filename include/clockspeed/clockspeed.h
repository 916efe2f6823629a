/* clockspeed.h — the public interface of libclockspeed: include this one header.
 *
 * Ownership: see each included header; in short, models own their contents, results live
 * in the caller's arena, and JSON values are new references owned by the caller. */
#ifndef CLOCKSPEED_H
#define CLOCKSPEED_H

#include "cs_arena.h"
#include "cs_decide.h"
#include "cs_engine.h"
#include "cs_error.h"
#include "cs_events.h"
#include "cs_flow.h"
#include "cs_generate.h"
#include "cs_io.h"
#include "cs_json.h"
#include "cs_command.h"
#include "cs_live.h"
#include "cs_pipeline.h"
#include "cs_pricing.h"
#include "cs_rental.h"
#include "cs_route.h"
#include "cs_sim.h"
#include "cs_sales.h"
#include "cs_model.h"

#include "cs_version.h"

#endif
