/* bench.h — what the benchmarks share: a monotonic clock, medians, glpsol's answer,
 * and each group of measurements.
 *
 * Ownership: functions here borrow their arguments and return plain values. */
#ifndef CS_BENCH_H
#define CS_BENCH_H

#include "clockspeed/clockspeed.h"

/* Milliseconds from a monotonic clock. */
double now_ms(void);

/* Makes the company of a scale ('S', 'M' or 'L'), as `clockspeed generate` would, from
 * 2026-01-05; exits on an error. */
cs_model *bench_company(char scale);

/* Median of n samples (sorts them). */
double median(double *v, int n);

/* The n-th percentile (0-100) of n samples (sorts them). */
double percentile(double *v, int n, double pct);

/* Reads glpsol's objective from its report file; NaN when it has none. */
double glpsol_objective(const char *report);

/* Bid prices at a scale: build, quote floors in process, warm re-solve after a booking
 * against a cold solve and against glpsol on the same LP. */
void bench_pricing(const cs_model *m, const char *scale, const char *tmp, int repeat);

/* Live subordination at a scale (generates its own company so that its resident memory
 * can be measured): incremental events, a full replan, memory per operation. */
void bench_live(char scale_char, const char *scale, int repeat);

/* Opening a store with 100,000 events in its log: the whole log replayed against only the
 * tail after the snapshot. */
void bench_store_open(const cs_model *m, const char *scale, const char *tmp, int repeat);

/* The route engine on every Solomon instance in dir (with its BKS.json): gap and seconds
 * each, then the summary beside VROOM's figures. */
void bench_solomon(const char *dir, double limit, int threads);

/* The sales desk at a scale: best-k slots against the exhaustive scan, and the desk's build. */
void bench_sales(const cs_model *m, const char *scale, int repeat);

/* One day of the reps' routes improved at a scale (filled up to four visits a rep by
 * best-slot bookings first, so it changes the model), against the booked plan. */
void bench_route_day(cs_model *m, const char *scale);

/* The PostgreSQL store at `uri` against a SQLite file in tmp, on the company of a scale:
 * import (COPY), opening, and one-event appends a second. */
void bench_pg(const char *uri, const char *scale, const char *tmp, int repeat);

/* The simulator: events a second on M/M/1 against SimPy (the script at `simpy`, or none),
 * and on the demo plant with 1 and `threads` threads. */
void bench_sim(const char *simpy, int threads);

/* The rental house at a scale: the full re-plan against its proven bound, and a new job's
 * quote. */
void bench_rental(const cs_model *m, const char *scale, int repeat);

#endif
