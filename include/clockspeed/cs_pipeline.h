/* cs_pipeline.h — pull, not push, in selling (DESIGN §11, §1 idea 10): the buyer's
 * frictions observed on an opportunity and the countermeasures that remove them, and the
 * recurring view — which frictions recur, how long they take to remove, how much expected
 * throughput they hold, and the Throughput-Dollar-Days of the deals that stall — beside
 * the pipeline by stage with its days in stage.
 *
 * Ownership: every answer lives in the arena passed in and points into the model, which
 * must outlive it. */
#ifndef CS_PIPELINE_H
#define CS_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_arena.h"
#include "cs_error.h"
#include "cs_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The expected throughput of an opportunity: expected_throughput x probability. */
double cs_opportunity_expected(const cs_model *m, int32_t o);

/* How long a stay in `stage` usually lasts, in days: the median of the stays the stage
 * history holds for it (entered and left both known), when it holds at least three; else
 * the setting stage_usual_days. */
double cs_stage_usual_days(const cs_model *m, const char *stage);

/* One friction holding an opportunity, and what removes it. */
typedef struct cs_friction_hold {
  int32_t observation;          /* row of opportunity_frictions */
  int32_t friction;             /* row of the catalogue */
  int32_t days_open;            /* days since it was observed */
} cs_friction_hold;

/* The countermeasures for an opportunity: its open frictions, oldest first. */
typedef struct cs_friction_advice {
  int32_t opportunity;
  cs_date at;
  double expected;              /* expected throughput */
  int32_t days_in_stage;        /* -1 when the stage's start is unknown */
  double usual_days;            /* the stage's usual length */
  bool stalled;                 /* longer in its stage than usual */
  cs_friction_hold *holds;
  size_t n;
} cs_friction_advice;

/* The frictions that hold opportunity o at `at` (CS_DATE_NONE: today): observed by then
 * and not removed by then. */
int cs_friction_advise(const cs_model *m, int32_t o, cs_date at, cs_arena *a, cs_friction_advice **out, cs_error *err);

/* One friction of the catalogue over a window. */
typedef struct cs_friction_stats {
  int32_t friction;
  size_t observed;              /* observations made in the window */
  size_t removed;               /* of those, removed by its end */
  double median_days_to_remove; /* of those removed; NaN when none was */
  size_t holding;               /* deals it holds at the window's end */
  double throughput_held;       /* their expected throughput */
  double tdd;                   /* expected throughput x days since the last stage change, of
                                 * the deals it holds that are past their stage's usual time */
} cs_friction_stats;

/* One stage of the pipeline at the window's end. */
typedef struct cs_stage_stats {
  const char *stage;            /* "" for opportunities without a stage */
  size_t opportunities;
  double throughput;            /* their expected throughput */
  double median_days_in_stage;  /* NaN when no start is known */
  double usual_days;
  size_t stalled;               /* past the usual time */
  double tdd;                   /* of the stalled ones */
} cs_stage_stats;

typedef struct cs_pipeline_view {
  cs_date from, to;
  cs_friction_stats *frictions; /* the catalogue's order */
  size_t nfrictions;
  cs_stage_stats *stages;       /* in the order deals go through them (from the history) */
  size_t nstages;
  double tdd;                   /* of every stalled deal */
} cs_pipeline_view;

/* The recurring view over [from, to] (CS_DATE_NONE: to = today, from = to - 90 days). */
int cs_pipeline_view_compute(const cs_model *m, cs_date from, cs_date to, cs_arena *a, cs_pipeline_view **out,
                             cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
