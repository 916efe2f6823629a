/* fuzz_event.c — libFuzzer harness for event decoding and apply: each line of the input is
 * decoded and applied through the live signals of the P&Q model inside a batch, and the
 * batch is then taken back. Whatever the events, nothing crashes, and after the rollback
 * the model and its signals are as they were (checked against the batch modules). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/clockspeed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static cs_model *m;
  static cs_live *L;
  static unsigned long runs;
  cs_error err;
  if (!m) {
    if (cs_demo_build("pq", &m, &err) || cs_live_new(m, &L, &err)) abort();
  }
  cs_arena *a = cs_arena_new();
  if (!a || cs_model_begin(m)) abort();
  const char *p = (const char *)data, *end = p + size;
  for (long line = 1; p < end; line++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    cs_event ev;
    cs_loc loc = {"fuzz", line, NULL};
    if (cs_event_decode(p, len, a, &loc, &ev, &err) == CS_OK) cs_live_apply(L, &ev, &loc, &err);
    p += len + 1;
  }
  if (cs_live_rollback(L, &err)) abort();
  if (++runs % 64 == 0 && cs_live_check(L, &err)) abort();
  cs_arena_free(a);
  return 0;
}
