/* test_text.c — tables of input and expected output for dates and numbers. */
#include <math.h>
#include <string.h>

#include "helpers.h"
#include "internal.h"

static void dates(void **state) {
  (void)state;
  static const struct { const char *in; int ok; cs_date days; } cases[] = {
    {"1970-01-01", 1, 0},      {"2026-01-05", 1, 20458},  {"2000-02-29", 1, 11016},
    {"1900-02-29", 0, 0},      {"2026-02-29", 0, 0},      {"2026-13-01", 0, 0},
    {"2026-00-10", 0, 0},      {"2026-1-05", 0, 0},       {"2026-01-05x", 0, 0},
    {"05/01/2026", 0, 0},      {"", 0, 0},                {"2024-12-31", 1, 20088},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cs_date d = -1;
    bool ok = cs_date_parse(cases[i].in, &d);
    if (ok != (bool)cases[i].ok) fail_msg("%s: parse %d", cases[i].in, ok);
    if (!ok) continue;
    assert_int_equal(d, cases[i].days);
    char buf[11];
    assert_string_equal(cs_date_format(d, buf), cases[i].in);
  }
  /* Every day of four centuries formats and parses back to itself. */
  for (cs_date d = -146097; d < 146097; d++) {
    char buf[11];
    cs_date back;
    assert_true(cs_date_parse(cs_date_format(d + 10957, buf), &back));
    assert_int_equal(back, d + 10957);
  }
}

/* Numbers as every reader parses them: whole text, finite, no hexadecimal, nan or inf. */
/* Times of day: what reads, what is refused, and every minute of the day both ways. */
static void times(void **state) {
  (void)state;
  static const struct { const char *text; int32_t minutes; } good[] = {
    {"00:00", 0}, {"08:05", 485}, {"17:59", 1079}, {"24:00", 1440},
  };
  static const char *const bad[] = {"", "8:00", "08:0", "08:60", "24:01", "25:00", "08-00", "0800", "08:00 ", "ab:cd", NULL};
  int32_t t;
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    assert_true(cs__parse_hhmm(good[i].text, &t));
    assert_int_equal(t, good[i].minutes);
  }
  for (size_t i = 0; bad[i]; i++) assert_false(cs__parse_hhmm(bad[i], &t));
  assert_false(cs__parse_hhmm(NULL, &t));
  char buf[8];
  for (int32_t m = 0; m <= 1440; m++) {
    assert_true(cs__parse_hhmm(cs__fmt_hhmm(m, buf, sizeof buf), &t));
    assert_int_equal(t, m);
  }
}

static void numbers(void **state) {
  (void)state;
  static const struct { const char *in; int ok; double v; } cases[] = {
    {"1.5", 1, 1.5},     {" 42 ", 1, 42},      {"-0", 1, 0},        {"1e3", 1, 1000},
    {"-2.25", 1, -2.25}, {"0.1", 1, 0.1},      {"", 0, 0},          {"  ", 0, 0},
    {"1x", 0, 0},        {"0x10", 0, 0},       {"nan", 0, 0},       {"inf", 0, 0},
    {"-infinity", 0, 0}, {"1e400", 0, 0},      {"1,5", 0, 0},       {"ninety", 0, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    double v = -7;
    int rc = cs__parse_double(cases[i].in, &v);
    if ((rc == 0) != cases[i].ok) fail_msg("'%s': parse gave %d", cases[i].in, rc);
    if (cases[i].ok) assert_true(v == cases[i].v);
  }
  static const struct { const char *in; long lo, hi; int ok; long v; } ints[] = {
    {"7", 0, 10, 1, 7},   {" -3", -5, 5, 1, -3}, {"11", 0, 10, 0, 0}, {"1.0", 0, 10, 0, 0},
    {"", 0, 10, 0, 0},    {"99999999999999999999", 0, 2147483647L, 0, 0},
  };
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    long v = -7;
    int rc = cs__parse_long(ints[i].in, ints[i].lo, ints[i].hi, &v);
    if ((rc == 0) != ints[i].ok) fail_msg("'%s': parse gave %d", ints[i].in, rc);
    if (ints[i].ok) assert_int_equal(v, ints[i].v);
  }
  /* The shortest text that reads back as the same double. */
  static const struct { double v; const char *out; } fmt[] = {
    {0.1, "0.1"}, {1.0 / 3, "0.3333333333333333"}, {-0.0, "0"}, {1e22, "1e+22"}, {123456789, "123456789"},
    {0.1 + 0.2, "0.30000000000000004"},
  };
  for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
    char buf[64];
    cs__fmt_double(fmt[i].v, buf, sizeof buf);
    assert_string_equal(buf, fmt[i].out);
  }
  /* Round trips of values spread over the whole range. */
  uint64_t x = 88172645463325252ULL;
  for (int i = 0; i < 100000; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    double v = ldexp((double)(x >> 11) / 9007199254740992.0, (int)(x % 200) - 100) * (x & 1 ? -1 : 1);
    char buf[64];
    double back;
    cs__fmt_double(v, buf, sizeof buf);
    assert_int_equal(cs__parse_double(buf, &back), 0);
    if (back != v) fail_msg("%.17g printed as %s", v, buf);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(dates), cmocka_unit_test(numbers), cmocka_unit_test(times)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
