/* histo.c — the lead times of one replication as a histogram of fixed size: each octave
 * of minutes (2^-8 to 2^24, below and above folded into the ends) cut into 1,024 buckets
 * of equal width, each holding how many values fell in it and their sum side by side (cs__histo_add,
 * inline in sim_priv.h). A quantile is the
 * mean of the values in the bucket that holds its rank, so it is exact when those values
 * are equal (fixed task times) and within 1/1,024 of its value otherwise. Adding a value
 * is a few bit operations and two additions, and the memory does not grow with the days
 * simulated, where keeping every value touched a fresh page every thousand orders. */
#include <stdlib.h>

#include "sim_priv.h"

int cs__histo_init(cs__histo *h) {
  h->bin = calloc(CS__HISTO_BUCKETS, sizeof *h->bin);
  h->n = 0;
  return h->bin ? 0 : CS_ENOMEM;
}

void cs__histo_free(cs__histo *h) {
  free(h->bin);
  h->bin = NULL;
}

void cs__histo_ranks(const cs__histo *h, const size_t *rank, double *out, size_t k) {
  size_t i = 0;
  uint64_t below = 0;
  for (size_t q = 0; q < k; q++) {
    out[q] = 0;
    if (rank[q] >= h->n) continue;
    while (i < CS__HISTO_BUCKETS && below + h->bin[i].count <= rank[q]) below += h->bin[i++].count;
    if (i < CS__HISTO_BUCKETS) out[q] = h->bin[i].sum / (double)h->bin[i].count;
  }
}
