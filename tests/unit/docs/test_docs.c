/* test_docs.c — docs/model.md documents every table and every column the reader accepts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static void model_md_lists_every_column(void **state) {
  (void)state;
  char *path = th_path(getenv("CS_DOCS"), "model.md");
  char *text = th_read(path, NULL);
  assert_non_null(text);
  for (int t = 0; t < CS_TABLE_COUNT; t++) {
    char want[128];
    snprintf(want, sizeof want, "## %s", cs_table_file((cs_table)t));
    if (!strstr(text, want)) fail_msg("docs/model.md has no section '%s'", want);
    for (size_t k = 0; k < cs_table_ncols((cs_table)t); k++) {
      snprintf(want, sizeof want, "| `%s` |", cs_table_column((cs_table)t, k)->name);
      if (!strstr(text, want)) fail_msg("docs/model.md does not document %s", want);
    }
  }
  free(text);
  free(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(model_md_lists_every_column)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
