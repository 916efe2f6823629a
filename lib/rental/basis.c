/* basis.c — the gear LP's basis carried from one plan to the next (issue 13: re-planning
 * after an event reuses the previous basis). Each column and row of the LP is named by
 * what it stands for (an item-day's owned capacity, a job's line, a supplier's units on a
 * line, a job's switch for a supplier, ...), with the job's id rather than its place, so
 * that the names survive the events between two plans. The next plan starts each column
 * and row that has a name in the previous basis from the status it ended with there, and
 * the rest as a cold start would (columns at zero, rows' slacks basic); the primal simplex
 * then repairs what the event changed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rental_priv.h"

/* Clp's status codes (ClpSimplex::Status) this file uses. */
enum { BASIC = 1, AT_LOWER = 3 };

int cs__basis_begin(cs__basis_build *B, const cs_rental_basis *prev, bool keep, cs_arena *a) {
  memset(B, 0, sizeof *B);
  B->prev = prev, B->keep = keep, B->a = a;
  for (size_t k = 0; prev && k < prev->n; k++)
    if (cs__idmap_put(&B->map, prev->key[k], (int32_t)k)) return CS_ENOMEM;
  return 0;
}

void cs__basis_end(cs__basis_build *B) {
  cs__idmap_free(&B->map);
  free(B->col_st), free(B->row_st), free(B->col_key), free(B->row_key);
  memset(B, 0, sizeof *B);
}

int cs__basis_note(cs__basis_build *B, bool row, int index, const char *fmt, ...) {
  if (!B->prev && !B->keep) return 0;
  if (index < 0) return CS_ENOMEM;
  /* The name: on the stack, or on the heap for a very long id. */
  char small[200], *key = small;
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  int len = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (len >= (int)sizeof small && (key = malloc((size_t)len + 1))) vsnprintf(key, (size_t)len + 1, fmt, again);
  va_end(again);
  int rc = len < 0 || !key ? CS_ENOMEM : 0;
  size_t *n = row ? &B->nrow : &B->ncol, *cap = row ? &B->cap_st_r : &B->cap_st_c;
  unsigned char **st = row ? &B->row_st : &B->col_st;
  if (!rc && ((size_t)index != *n || cs__grow((void **)st, 1, cap, *n + 1))) rc = CS_ENOMEM;
  if (!rc) {
    int32_t k = B->prev ? cs__idmap_get(&B->map, key) : -1;
    (*st)[*n] = k >= 0 ? B->prev->status[k] : row ? BASIC : AT_LOWER;
  }
  if (!rc && B->keep) {
    const char ***keys = row ? &B->row_key : &B->col_key;
    size_t *kcap = row ? &B->cap_key_r : &B->cap_key_c;
    if (cs__grow((void **)keys, sizeof **keys, kcap, *n + 1) || !((*keys)[*n] = cs_arena_strdup(B->a, key))) rc = CS_ENOMEM;
  }
  if (!rc) ++*n;
  if (key != small) free(key);
  return rc;
}

unsigned char *cs__basis_start(const cs__basis_build *B) {
  if (!B->prev) return NULL;
  unsigned char *s = malloc(B->ncol + B->nrow + 1);
  if (!s) return NULL;
  if (B->ncol) memcpy(s, B->col_st, B->ncol);
  if (B->nrow) memcpy(s + B->ncol, B->row_st, B->nrow);
  return s;
}

int cs__basis_keep(const cs__basis_build *B, const unsigned char *status, cs_rental_basis **out) {
  *out = NULL;
  if (!B->keep) return 0;
  size_t n = B->ncol + B->nrow;
  cs_rental_basis *b = cs_arena_calloc(B->a, 1, sizeof *b);
  if (!b || !(b->key = cs_arena_calloc(B->a, n + 1, sizeof *b->key)) || !(b->status = cs_arena_alloc(B->a, n + 1)))
    return CS_ENOMEM;
  if (B->ncol) memcpy(b->key, B->col_key, B->ncol * sizeof *b->key);
  if (B->nrow) memcpy(b->key + B->ncol, B->row_key, B->nrow * sizeof *b->key);
  if (n && status) memcpy(b->status, status, n);
  else if (n) memset(b->status, 0, n);
  b->n = status ? n : 0;
  *out = b;
  return 0;
}
