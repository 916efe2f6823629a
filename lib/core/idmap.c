/* idmap.c — an open-addressing hash map from id strings to row indices. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* FNV-1a over the bytes of the key. */
static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

/* Releases the map's slots (not the keys). */
void cs__idmap_free(cs__idmap *m) {
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

/* Finds the index stored for key, or -1. */
int32_t cs__idmap_get(const cs__idmap *m, const char *key) {
  if (!m->cap) return -1;
  size_t mask = m->cap - 1;
  for (size_t i = hash_str(key) & mask;; i = (i + 1) & mask) {
    if (!m->keys[i]) return -1;
    if (strcmp(m->keys[i], key) == 0) return m->vals[i];
  }
}

/* Doubles the table and re-inserts every key. */
static int rehash(cs__idmap *m) {
  size_t ncap = m->cap ? m->cap * 2 : 64;
  const char **keys = calloc(ncap, sizeof *keys);
  int32_t *vals = calloc(ncap, sizeof *vals);
  if (!keys || !vals) {
    free(keys);
    free(vals);
    return CS_ENOMEM;
  }
  for (size_t j = 0; j < m->cap; j++) {
    if (!m->keys[j]) continue;
    size_t i = hash_str(m->keys[j]) & (ncap - 1);
    while (keys[i]) i = (i + 1) & (ncap - 1);
    keys[i] = m->keys[j];
    vals[i] = m->vals[j];
  }
  free(m->keys);
  free(m->vals);
  m->keys = keys;
  m->vals = vals;
  m->cap = ncap;
  return 0;
}

/* Inserts key -> val unless the key is already present. */
int cs__idmap_put(cs__idmap *m, const char *key, int32_t val) {
  if ((m->n + 1) * 2 > m->cap && rehash(m) != 0) return CS_ENOMEM;
  size_t mask = m->cap - 1;
  size_t i = hash_str(key) & mask;
  for (; m->keys[i]; i = (i + 1) & mask)
    if (strcmp(m->keys[i], key) == 0) return CS_EINPUT;
  m->keys[i] = key;
  m->vals[i] = val;
  m->n++;
  return 0;
}

/* Grows a malloc'd array geometrically so that it holds at least need elements. */
int cs__grow(void **arr, size_t elem, size_t *cap, size_t need) {
  if (need <= *cap) return 0;
  size_t ncap = *cap ? *cap : 16;
  while (ncap < need) ncap *= 2;
  void *p = realloc(*arr, ncap * elem);
  if (!p) return CS_ENOMEM;
  *arr = p;
  *cap = ncap;
  return 0;
}

/* Removes key (when present) by shifting back the entries of its probe run, so that
 * lookups never need tombstones. */
void cs__idmap_del(cs__idmap *m, const char *key) {
  if (!m->cap) return;
  size_t mask = m->cap - 1, i = hash_str(key) & mask;
  while (m->keys[i] && strcmp(m->keys[i], key) != 0) i = (i + 1) & mask;
  if (!m->keys[i]) return;
  for (size_t j = (i + 1) & mask; m->keys[j]; j = (j + 1) & mask) {
    size_t home = hash_str(m->keys[j]) & mask;
    /* Entry j may move into the hole at i when its home is not in (i, j]. */
    if (((j - home) & mask) >= ((j - i) & mask)) {
      m->keys[i] = m->keys[j];
      m->vals[i] = m->vals[j];
      i = j;
    }
  }
  m->keys[i] = NULL;
  m->n--;
}
