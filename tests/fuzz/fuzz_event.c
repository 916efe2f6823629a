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
  static size_t nappt, nopp, nday, nobs, nstage;
  cs_error err;
  if (!m) {
    if (cs_demo_build("pq", &m, &err) || cs_live_new(m, &L, &err)) abort();
    /* A small sales desk beside the plant, so that its events apply (and roll back) too. */
    static const char *const desk[][12] = {
      {"R1", "", "52.1", "4.9", "08:00", "17:00", "Mon-Fri", "sales", "3"},
      {"A1", "", "52.2", "4.8", "08:00", "18:00"},
      {"P1", "A1", "proposal", "5000", "0.5", "Q:5", "demo", "R1"},
      {"V1", "P1", "R1", "2026-01-05", "09:00", "60", "booked", "1", "", "", "sales"},
      {"V2", "P1", "", "", "", "45", "requested", "0", "13:00", "17:00", ""},
      /* and the pipeline's: a friction of the catalogue, observed on P1 */
      {"F1", "validation", "Wants proof", "", "Proof on their data", "120", "analyst"},
      {"P1", "F1", "2026-01-02", "", "seen"},
    };
    static const cs_table where[] = {CS_TABLE_REPS, CS_TABLE_ACCOUNTS, CS_TABLE_OPPORTUNITIES, CS_TABLE_APPOINTMENTS,
                                     CS_TABLE_APPOINTMENTS, CS_TABLE_FRICTIONS, CS_TABLE_OPPORTUNITY_FRICTIONS};
    for (size_t i = 0; i < 7; i++) {
      cs_loc loc = {"desk", (long)i + 1, NULL};
      cs_row row = {desk[i], NULL};
      if (cs_model_add_row(m, where[i], &row, &loc, &err)) abort();
    }
    nappt = m->appointments.n, nopp = m->opportunities.n, nday = m->rep_calendar.n;
    nobs = m->opportunity_frictions.n, nstage = m->stage_history.n;
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
  /* Every row a batch added is gone again. */
  if (m->appointments.n != nappt || m->opportunities.n != nopp || m->rep_calendar.n != nday) abort();
  if (m->opportunity_frictions.n != nobs || m->stage_history.n != nstage || m->opportunity_frictions.removed[0] != CS_DATE_NONE ||
      strcmp(m->opportunities.stage[0], "proposal") != 0)
    abort();
  if (++runs % 64 == 0 && cs_live_check(L, &err)) abort();
  cs_arena_free(a);
  return 0;
}
