/* fuzz_json.c — libFuzzer harness for the JSON model reader: any document is read into a
 * model or refused with a message, never a crash; an accepted one is written back. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "clockspeed/clockspeed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char in[4200], out[4200];
  if (!in[0]) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/cs-fuzz-json-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) abort();
    snprintf(in, sizeof in, "%s/model.json", dir);
    snprintf(out, sizeof out, "%s/back.json", dir);
  }
  FILE *fp = fopen(in, "wb");
  if (!fp) abort();
  if (size && fwrite(data, 1, size, fp) != size) abort();
  fclose(fp);
  cs_model *m = NULL;
  cs_error err;
  if (cs_json_read_model(in, &m, &err) == CS_OK) {
    if (cs_json_write_model(m, out, &err) != CS_OK) abort();
  } else if (!err.message[0]) {
    abort();
  }
  cs_model_free(m);
  return 0;
}
