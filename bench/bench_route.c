/* bench_route.c — the route engine on the Solomon VRPTW benchmark (issue 12, DESIGN §8):
 * every instance of a directory solved on two threads within a time limit, its distance
 * against the distance-only best-known cost (BKS.json, NAME_distance), then the mean,
 * median and worst gap and the mean seconds beside VROOM's figures measured on this kind
 * of machine (-x 5, 2 threads: mean gap 1.61 %, 1.41 s an instance). */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

/* Orders file names. */
static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void bench_solomon(const char *dir, double limit, int threads) {
  char path[4096];
  snprintf(path, sizeof path, "%s/BKS.json", dir);
  json_error_t je;
  json_t *bks = json_load_file(path, 0, &je);
  DIR *d = opendir(dir);
  if (!bks || !d) {
    fprintf(stderr, "cs_bench: %s: no BKS.json or not a directory\n", dir);
    if (d) closedir(d);
    json_decref(bks);
    return;
  }
  char *names[512];
  size_t n = 0;
  for (struct dirent *e; (e = readdir(d)) && n < 512;) {
    size_t len = strlen(e->d_name);
    if (len > 4 && !strcmp(e->d_name + len - 4, ".txt")) names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  double *gap = calloc(n + 1, sizeof *gap), sum_gap = 0, sum_s = 0, worst = -1e9;
  size_t done = 0;
  for (size_t i = 0; i < n; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    cs_arena *a = cs_arena_new();
    cs_error err;
    cs_vrp p;
    cs_vrp_solution *X;
    char name[64], key[96];
    cs_vrp_options opt = {limit, threads, 1, NULL, NULL, NULL};
    double t0 = now_ms();
    if (cs_solomon_read(path, a, &p, name, sizeof name, &err) || cs_vrp_solve(&p, &opt, a, &X, &err)) {
      fprintf(stderr, "cs_bench: %s\n", err.message);
      cs_arena_free(a);
      continue;
    }
    double s = (now_ms() - t0) / 1000;
    snprintf(key, sizeof key, "%s_distance", name);
    double best = json_number_value(json_object_get(json_object_get(bks, key), "best_known_cost"));
    size_t used = 0;
    for (size_t v = 0; v < p.nvehicles; v++) used += X->len[v] > 0;
    double g = best > 0 ? 100 * (X->travel - best) / best : 0;
    printf("{\"bench\":\"solomon\",\"instance\":\"%s\",\"threads\":%d,\"time_limit_s\":%.2f,\"distance\":%.2f,"
           "\"vehicles\":%zu,\"unassigned\":%zu,\"best_known\":%.2f,\"gap_pct\":%.3f,\"seconds\":%.3f,\"steps\":%zu}\n",
           name, threads, limit, X->travel, used, X->unassigned, best, g, s, X->iterations);
    fflush(stdout);
    gap[done++] = g;
    sum_gap += g, sum_s += s;
    if (g > worst) worst = g;
    cs_arena_free(a);
  }
  if (done) {
    double mean = sum_gap / (double)done, secs = sum_s / (double)done;
    printf("{\"bench\":\"solomon_summary\",\"instances\":%zu,\"threads\":%d,\"mean_gap_pct\":%.3f,"
           "\"median_gap_pct\":%.3f,\"worst_gap_pct\":%.3f,\"mean_seconds\":%.3f,\"ref\":\"VROOM -x 5, 2 threads\","
           "\"ref_mean_gap_pct\":1.61,\"ref_mean_seconds\":1.41}\n",
           done, threads, mean, median(gap, (int)done), worst, secs);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(gap);
  json_decref(bks);
}
