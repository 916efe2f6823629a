/* rng.h — splitmix64, a small seedable random generator whose state is in the caller's
 * hands (the engine keeps no global state). Used by the generators of companies and of
 * request streams.
 *
 * Ownership: a cs__rng is a plain value owned by its caller. */
#ifndef CS_RNG_H
#define CS_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct cs__rng { uint64_t s; } cs__rng;

/* The next 64 random bits. */
static inline uint64_t cs__rng_u64(cs__rng *g) {
  uint64_t z = (g->s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/* A uniform number in [lo, hi). */
static inline double cs__rng_uniform(cs__rng *g, double lo, double hi) {
  return lo + (hi - lo) * ((double)(cs__rng_u64(g) >> 11) / 9007199254740992.0);
}

/* A uniform index in [0, n). */
static inline size_t cs__rng_pick(cs__rng *g, size_t n) { return (size_t)(cs__rng_u64(g) % n); }

#endif
