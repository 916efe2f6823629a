/* test_text.c — tables of input and expected output for dates and numbers. */
#include <string.h>

#include "helpers.h"

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

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(dates)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
