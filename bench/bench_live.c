/* bench_live.c — DESIGN §7 for live subordination at a scale: one event applied with its
 * signals refreshed (budget p99 1 ms) against a full recompute of the same signals in the
 * same run; a full replan (S-DBR planned load, rope, drum schedule, buffer colours and
 * queues; budget 1 s); resident memory per routing operation (budget 256 bytes). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

/* Resident set size of this process in bytes, from /proc. */
static double rss_bytes(void) {
  FILE *fp = fopen("/proc/self/statm", "r");
  long pages = 0, rss = 0;
  if (fp) {
    if (fscanf(fp, "%ld %ld", &pages, &rss) != 2) rss = 0;
    fclose(fp);
  }
  return (double)rss * 4096.0;
}

/* A small generator for the events' choices. */
static uint64_t lcg(uint64_t *s) {
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return *s >> 33;
}

/* Writes one event of the plant's ordinary traffic: steps completed, releases, new orders,
 * changed due dates, capacity changes. */
static void make_event(const cs_model *m, uint64_t *seed, int k, char *buf, size_t size) {
  char d[11];
  size_t o = lcg(seed) % m->orders.n;
  cs_date today = m->settings.today;
  switch (lcg(seed) % 10) {
    case 0: case 1: case 2: case 3:
      snprintf(buf, size, "{\"type\":\"step.completed\",\"order\":\"%s\",\"date\":\"%s\"}", m->orders.id[o],
               cs_date_format(today, d));
      break;
    case 4: case 5:
      snprintf(buf, size, "{\"type\":\"order.released\",\"order\":\"%s\",\"date\":\"%s\"}", m->orders.id[o],
               cs_date_format(today, d));
      break;
    case 6: case 7:
      snprintf(buf, size, "{\"type\":\"order.created\",\"order\":{\"id\":\"B%d\",\"product\":\"%s\",\"qty\":%d,\"due\":\"%s\"}}",
               k, m->products.id[lcg(seed) % m->products.n], 1 + (int)(lcg(seed) % 40),
               cs_date_format(today + (cs_date)(lcg(seed) % 120), d));
      break;
    case 8:
      snprintf(buf, size, "{\"type\":\"order.changed\",\"order\":\"%s\",\"due\":\"%s\"}", m->orders.id[o],
               cs_date_format(today + (cs_date)(lcg(seed) % 90), d));
      break;
    default:
      snprintf(buf, size, "{\"type\":\"resource.capacity\",\"resource\":\"%s\",\"date\":\"%s\",\"capacity\":%d}",
               m->resources.id[lcg(seed) % m->resources.n], cs_date_format(today + (cs_date)(lcg(seed) % 30), d),
               (int)(lcg(seed) % 600));
      break;
  }
}

void bench_live(char scale_char, const char *scale, int repeat) {
  double rss0 = rss_bytes();
  cs_error err;
  cs_model *m = bench_company(scale_char);
  size_t ops = 0;
  for (size_t o = 0; o < m->orders.n; o++)
    ops += m->route_start[m->orders.product[o] + 1] - m->route_start[m->orders.product[o]];
  cs_live *L = NULL;
  double *t = calloc(20000, sizeof *t);
  int nfull = repeat < 3 ? 3 : repeat;
  for (int i = 0; i < nfull; i++) {
    cs_live_free(L);
    double s = now_ms();
    if (cs_live_new(m, &L, &err)) {
      fprintf(stderr, "cs_bench: %s\n", err.message);
      exit(1);
    }
    t[i] = now_ms() - s;
  }
  double full = median(t, nfull);
  double rss1 = rss_bytes();

  int n = 20000, applied = 0;
  uint64_t seed = 12345;
  char ev[512];
  for (int k = 0; k < n; k++) {
    make_event(m, &seed, k, ev, sizeof ev);
    cs_loc loc = {"bench", k + 1, NULL};
    double s = now_ms();
    int rc = cs_live_apply_text(L, ev, &loc, &err);
    t[k] = now_ms() - s;
    applied += rc == 0;
  }
  double med = median(t, n), p99 = percentile(t, n, 99), mx = t[n - 1];
  int consistent = cs_live_check(L, &err) == CS_OK;
  printf("{\"bench\":\"event_incremental\",\"scale\":\"%s\",\"n\":%d,\"applied\":%d,\"median_ms\":%.4f,"
         "\"p99_ms\":%.4f,\"max_ms\":%.3f,\"budget_p99_ms\":1,\"ref\":\"full recompute of the same signals\","
         "\"ref_median_ms\":%.1f,\"equal_to_recompute\":%s}\n",
         scale, n, applied, med, p99, mx, full, consistent ? "true" : "false");
  fflush(stdout);

  /* The full replan: everything the subordination commands compute, from scratch. */
  for (int i = 0; i < nfull; i++) {
    cs_arena *a = cs_arena_new();
    cs_sdbr *sd;
    cs_rope *rope;
    cs_schedule *S;
    cs_buffers *B;
    double s = now_ms();
    if (cs_sdbr_compute(m, CS_DATE_NONE, a, &sd, &err) || cs_rope_compute(m, CS_DATE_NONE, a, &rope, &err) ||
        cs_schedule_compute(m, CS_DATE_NONE, a, &S, &err) || cs_buffers_compute(m, CS_DATE_NONE, a, &B, &err)) {
      fprintf(stderr, "cs_bench: %s\n", err.message);
      exit(1);
    }
    t[i] = now_ms() - s;
    if (i == nfull - 1)
      printf("{\"bench\":\"replan\",\"scale\":\"%s\",\"n\":%d,\"median_ms\":%.1f,\"budget_ms\":1000,"
             "\"open_orders\":%zu,\"drum_orders\":%zu,\"to_release\":%zu}\n",
             scale, nfull, median(t, nfull), B->n, S->n, rope->nrelease);
    cs_arena_free(a);
  }
  printf("{\"bench\":\"memory_per_operation\",\"scale\":\"%s\",\"n\":1,\"operations\":%zu,"
         "\"resident_bytes\":%.0f,\"bytes_per_operation\":%.1f,\"live_state_bytes\":%zu,\"budget_bytes\":256}\n",
         scale, ops, rss1 - rss0, (rss1 - rss0) / (double)ops, cs_live_bytes(L));
  fflush(stdout);
  cs_live_free(L);
  cs_model_free(m);
  free(t);
}
