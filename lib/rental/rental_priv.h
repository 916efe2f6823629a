/* rental_priv.h — what the rental planner's parts share: the scope of a plan (which jobs,
 * from which day), the gear half (gear.c) and the crew half (crew.c) that fill a plan.
 *
 * Ownership: a scope points into the model and owns its planned[] array (cs__scope_free);
 * items and used0, when set, belong to whoever set them. */
#ifndef CS_RENTAL_PRIV_H
#define CS_RENTAL_PRIV_H

#include "clockspeed/cs_rental.h"
#include "internal.h"

/* The cost of a unit-day nobody can fill, in the LPs: far above any real charge, so that
 * a plan leaves a unit unfilled only when nothing can fill it. */
#define CS__UNFILLED_PER_DAY 1e7

/* What a job pays a supplier outside a neighbourhood (a quote's): the day charges of its
 * units from the supplier's rows for items outside it (rent; 0: none, the delivery not yet
 * paid), and the supplier's minimum charge and delivery over all the job's items. sname is
 * the first supplier row bearing the name. */
typedef struct cs__billed {
  int32_t job, sname;
  double rent, min_charge, delivery;
} cs__billed;

typedef struct cs__scope {
  const cs_model *m;
  cs_date from;                 /* the first day planned; CS_DATE_NONE: every day */
  uint8_t *planned;             /* per job: 1 when it is planned */
  /* A neighbourhood (a quote's): only these items' lines (NULL: every item); crew days
   * only within [crew_from, crew_to] (CS_DATE_NONE: no limit), each person having worked
   * used0[person] days outside it already (NULL: none). */
  const uint8_t *items;
  cs_date crew_from, crew_to;
  const int32_t *used0;
  const cs__billed *billed;     /* each (job, supplier) pair of the neighbourhood's jobs */
  size_t nbilled;
  const cs_rental_basis *warm;  /* the gear LP's basis to start from (NULL: a cold start) */
  bool keep_basis;              /* give the plan its gear LP's basis */
} cs__scope;

/* The gear LP's basis at the end of a plan: each column's and row's name (columns
 * first) and Clp status. Lives in the plan's arena. */
struct cs_rental_basis {
  size_t n;
  const char **key;
  unsigned char *status;
};

/* A basis being carried over while the next LP is built (basis.c): the previous one by
 * name, the start statuses of the new columns and rows as they are made, and, to keep,
 * their names. Owns its arrays (cs__basis_end); the names kept live in the arena. */
typedef struct cs__basis_build {
  const cs_rental_basis *prev;
  cs__idmap map;                /* prev's names -> their place in prev */
  bool keep;
  cs_arena *a;
  unsigned char *col_st, *row_st;
  const char **col_key, **row_key;
  size_t ncol, nrow, cap_st_c, cap_st_r, cap_key_c, cap_key_r;
} cs__basis_build;

/* Starts carrying prev (NULL: none) over, keeping the new names in a when keep. */
int cs__basis_begin(cs__basis_build *B, const cs_rental_basis *prev, bool keep, cs_arena *a);
void cs__basis_end(cs__basis_build *B);

/* Names the column (row false) or row just made (the name formatted from fmt only when a
 * basis is carried or kept), whose index must follow the last one named: its start status
 * comes from prev when prev has the name. CS_ENOMEM on failure (or when index is negative:
 * the column or row was not made). */
int cs__basis_note(cs__basis_build *B, bool row, int index, const char *fmt, ...) CS__PRINTF(4, 5);

/* The start basis (columns, then rows; malloc'd), or NULL without prev or memory. */
unsigned char *cs__basis_start(const cs__basis_build *B);

/* The basis to keep with the plan, from the statuses the solve ended with (NULL: the LP
 * was empty); *out NULL when not keeping. */
int cs__basis_keep(const cs__basis_build *B, const unsigned char *status, cs_rental_basis **out);

/* The scope of a plan: the held and confirmed jobs (or also opt->with_job), less
 * opt->without_job, from opt->from or today. */
int cs__scope_init(cs__scope *S, const cs_model *m, const cs_rental_options *opt, cs_error *err);
void cs__scope_free(cs__scope *S);

/* The last day owned units of job-line r are away: the job's in plus the turnaround. */
cs_date cs__line_end(const cs_model *m, int32_t r);

/* Plans the scope into a new plan in the arena: the crew, then the gear (searching whole
 * numbers for at most `seconds`, always when `prove`), the cost, the bounds and the gap. */
int cs__plan_scope(const cs__scope *S, double seconds, bool prove, cs_arena *a, cs_rental_plan **out, cs_error *err);

/* Plans the gear of the scope's jobs into p (lines, subs, bills, gear unfilled, duals,
 * gear_cost, lp size), searching whole numbers with Cbc for at most `seconds` (0: none)
 * when the plan's cost is more than `slack` above the LP's bound (a negative slack: always,
 * whatever the LP's size); *lb receives the bound, below any plan's cost. */
int cs__gear_plan(const cs__scope *S, double seconds, double slack, cs_arena *a, cs_rental_plan *p, double *lb,
                  cs_error *err);

/* Plans the crew of the scope's jobs into p (crew, crew unfilled, crew_cost); *lb
 * receives the sum of each day's LP without max_days, a lower bound. */
int cs__crew_plan(const cs__scope *S, cs_arena *a, cs_rental_plan *p, double *lb, cs_error *err);

/* Appends an unfilled record to p (the array grows in the arena). */
int cs__plan_unfilled(cs_rental_plan *p, cs_arena *a, size_t *cap, const cs_unfilled *u);

#endif
