/* synth_priv.h — what the generators share inside lib/synth/.
 *
 * Ownership: rows are added to the caller's model, which owns them. */
#ifndef CS_SYNTH_PRIV_H
#define CS_SYNTH_PRIV_H

#include "model_priv.h"

/* Adds a synthetic sales desk to m (whose settings.today is set): reps, accounts,
 * opportunities, last week's visits and the next weeks' partly booked, and requests
 * waiting for the desk (sales_gen.c). Rows are validated as a file's are. */
int cs__generate_sales(cs_model *m, size_t reps, size_t accounts, size_t opportunities, uint64_t seed, cs_error *err);

/* Adds the starter catalogue of buying frictions (frictions.c): 36 rows of frictions.csv,
 * six for each buying job. */
int cs__add_friction_catalogue(cs_model *m, cs_error *err);

/* Adds the demo's pipeline to a sales desk (pipeline_gen.c): the catalogue, each
 * opportunity's earlier stages, and frictions observed and removed. */
int cs__generate_pipeline(cs_model *m, uint64_t seed, cs_error *err);

/* A rental house to generate (rental_gen.c): how many items, jobs, staff and freelancers,
 * the season's first day and length, and the seed. */
typedef struct cs__rental_gen {
  size_t items, jobs, staff, freelancers;
  cs_date today;
  int days;
  uint64_t seed;
} cs__rental_gen;

/* Adds a rental house to m: items, partners, crew and holidays, and a season of jobs. */
int cs__generate_rental(cs_model *m, const cs__rental_gen *p, cs_error *err);

#endif
