/* text.c — parsing and formatting numbers and dates exactly, shared by every reader and writer. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Parses a finite number that fills the whole string (surrounding blanks allowed). */
int cs__parse_double(const char *s, double *out) {
  while (*s == ' ' || *s == '\t') s++;
  if (!*s) return -1;
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  while (*end == ' ' || *end == '\t') end++;
  if (*end || errno == ERANGE || !isfinite(v)) return -1;
  /* Reject hexadecimal and "nan"/"inf" spellings strtod would take. */
  for (const char *c = s; c < end; c++)
    if (*c == 'x' || *c == 'X' || *c == 'n' || *c == 'N' || *c == 'i' || *c == 'I') return -1;
  *out = v == 0 ? 0.0 : v; /* no negative zero */
  return 0;
}

bool cs__parse_hhmm(const char *s, int32_t *out) {
  if (!s || strlen(s) != 5 || s[2] != ':') return false;
  for (int i = 0; i < 5; i++)
    if (i != 2 && (s[i] < '0' || s[i] > '9')) return false;
  int h = (s[0] - '0') * 10 + (s[1] - '0'), mi = (s[3] - '0') * 10 + (s[4] - '0');
  if (mi > 59 || h > 24 || (h == 24 && mi)) return false;
  *out = h * 60 + mi;
  return true;
}

char *cs__fmt_hhmm(int32_t t, char *buf, size_t size) {
  if (t < 0) t = 0;
  snprintf(buf, size, "%02d:%02d", (int)(t / 60) % 100, (int)(t % 60));
  return buf;
}

/* Parses a whole number in [lo, hi] that fills the whole string. */
int cs__parse_long(const char *s, long lo, long hi, long *out) {
  while (*s == ' ' || *s == '\t') s++;
  if (!*s) return -1;
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  while (*end == ' ' || *end == '\t') end++;
  if (*end || errno == ERANGE || v < lo || v > hi) return -1;
  *out = v;
  return 0;
}

/* Walks UTF-8 sequences (RFC 3629): no overlong forms, no surrogates, nothing above
 * U+10FFFF, and no NUL, which would cut a C string short. */
long cs__text_check(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    unsigned c = u[i];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (c == 0 || len == 0 || i + len > n) return (long)i;
    unsigned cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < len; k++) {
      if ((u[i + k] & 0xC0) != 0x80) return (long)i;
      cp = (cp << 6) | (u[i + k] & 0x3F);
    }
    static const unsigned least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return (long)i;
    i += len;
  }
  return -1;
}

/* Writes the shortest of %.15g, %.16g, %.17g that reads back as the same double. */
void cs__fmt_double(double v, char *buf, size_t size) {
  if (v == 0) v = 0; /* print -0 as 0 */
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, size, "%.*g", prec, v);
    if (strtod(buf, NULL) == v) return;
  }
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm). */
static cs_date days_from_civil(long y, long m, long d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (cs_date)(era * 146097 + doe - 719468);
}

/* Parses YYYY-MM-DD, refusing dates that do not exist (2026-02-30). */
bool cs_date_parse(const char *s, cs_date *out) {
  while (*s == ' ') s++;
  if (strlen(s) < 10) return false;
  for (int i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return false;
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
  for (const char *c = s + 10; *c; c++)
    if (*c != ' ') return false;
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > mdays[m - 1] + (m == 2 && leap)) return false;
  *out = days_from_civil(y, m, d);
  return true;
}

/* Formats a day number as YYYY-MM-DD. */
char *cs_date_format(cs_date z, char *buf) {
  long zz = (long)z + 719468;
  long era = (zz >= 0 ? zz : zz - 146096) / 146097;
  long doe = zz - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
  unsigned yy = (unsigned)(y < 0 ? 0 : y % 10000), mm = (unsigned)m % 13u, dd = (unsigned)d % 32u;
  snprintf(buf, 11, "%04u-%02u-%02u", yy, mm, dd);
  return buf;
}
