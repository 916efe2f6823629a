/* internal.h — helpers shared inside libclockspeed (prefix cs__); not installed.
 *
 * Ownership: a cs__idmap owns its slots but not the key strings, which must outlive it. */
#ifndef CS_INTERNAL_H
#define CS_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "clockspeed/cs_error.h"
#include "clockspeed/cs_model.h"

#if defined(__GNUC__)
#define CS__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CS__PRINTF(a, b)
#endif

/* Sets err to code with a message and no place. Returns code, so callers can `return`. */
int cs__err(cs_error *err, int code, const char *fmt, ...) CS__PRINTF(3, 4);

/* Sets err to CS_EINPUT at a place: "FILE:LINE: column 'FIELD': MESSAGE" (or the
 * "FILE: PATH:" form). field may be NULL; value is recorded for programs. Returns code. */
int cs__err_at(cs_error *err, const cs_loc *loc, const char *field, int column,
               const char *value, const char *fmt, ...) CS__PRINTF(6, 7);

/* Copies src into a fixed buffer, truncating. */
void cs__strlcpy(char *dst, const char *src, size_t size);

/* Parses a finite decimal number that fills the whole string. */
int cs__parse_double(const char *s, double *out);

/* Parses a whole number in [lo, hi] that fills the whole string. */
int cs__parse_long(const char *s, long lo, long hi, long *out);

/* Parses a time of day "HH:MM" (00:00 to 24:00) into minutes after midnight; false when it
 * is not one. */
bool cs__parse_hhmm(const char *s, int32_t *out);

/* Writes minutes after midnight (0 to 1440) as "HH:MM" into buf (at least 6 bytes). */
char *cs__fmt_hhmm(int32_t t, char *buf, size_t size);

/* Checks that n bytes are text: valid UTF-8 with no NUL byte. Returns -1 when they are,
 * else the offset of the first byte that is not. */
long cs__text_check(const char *s, size_t n);

/* Formats a double as the shortest text that reads back to the same value. */
void cs__fmt_double(double v, char *buf, size_t size);

/* String -> index hash map with open addressing. */
typedef struct cs__idmap {
  const char **keys;
  int32_t *vals;
  size_t cap, n;
} cs__idmap;

void cs__idmap_free(cs__idmap *m);
/* Returns the index stored for key, or -1. */
int32_t cs__idmap_get(const cs__idmap *m, const char *key);
/* Stores key -> val when key is absent (0); CS_EINPUT, the map as it was, when key is
 * present; CS_ENOMEM on exhaustion. */
int cs__idmap_put(cs__idmap *m, const char *key, int32_t val);
/* Removes key when present. */
void cs__idmap_del(cs__idmap *m, const char *key);

/* Grows *arr (elements of size elem) to hold at least need elements; *cap tracks room. */
int cs__grow(void **arr, size_t elem, size_t *cap, size_t need);

#endif
