/* solomon.c — reads a Solomon VRPTW instance (the benchmark's text format: the name, the
 * fleet's NUMBER and CAPACITY, then one line per customer, the depot first, giving its
 * number, x, y, demand, ready time, due date and service time) into the route engine's
 * problem: Euclidean travel, unrounded; every vehicle leaves the depot and is back by its
 * due date. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_io.h"
#include "internal.h"

/* The most customers and vehicles an instance may have, and the largest number in it. */
#define MAX_CUSTOMERS 10000
#define MAX_VEHICLES 10000
#define MAX_VALUE 1e9

/* Reads up to `want` numbers from a line; returns how many it read (-1: something else). */
static int numbers(const char *s, double *v, int want) {
  int n = 0;
  while (*s) {
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
    if (!*s) break;
    if (n == want) return -1;
    char *end;
    errno = 0;
    v[n] = strtod(s, &end);
    if (end == s || errno || !(v[n] >= -MAX_VALUE && v[n] <= MAX_VALUE)) return -1;
    n++;
    s = end;
  }
  return n;
}

int cs_solomon_read(const char *path, cs_arena *a, cs_vrp *out, char *name, size_t name_size, cs_error *err) {
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "r");
  if (!f) return cs_error_set(err, CS_EINPUT, NULL, NULL, "%s: %s", path, strerror(errno));
  char line[512];
  cs_loc loc = {path, 0, NULL};
  double fleet[2] = {0, 0}, (*rows)[7] = NULL;
  size_t nrows = 0, cap = 0;
  int stage = 0, rc = 0; /* 0: the name, 1: before the fleet, 2: the fleet, 3: customers */
  name[0] = 0;
  while (!rc && fgets(line, sizeof line, f)) {
    loc.line++;
    double v[7];
    int n = numbers(line, v, 7);
    if (stage == 0 && n != 0) {
      snprintf(name, name_size, "%.*s", (int)strcspn(line, " \t\r\n"), line);
      stage = 1;
    } else if (stage == 1 && strstr(line, "CAPACITY")) {
      stage = 2;
    } else if (stage == 2 && n == 2) {
      fleet[0] = v[0], fleet[1] = v[1];
      stage = 3;
    } else if (stage == 3 && n == 7) {
      if (nrows == cap) {
        cap = cap ? 2 * cap : 128;
        if (cap > MAX_CUSTOMERS + 1) cap = MAX_CUSTOMERS + 1;
        void *g = nrows < cap ? realloc(rows, cap * sizeof *rows) : NULL;
        if (!g) {
          rc = nrows >= MAX_CUSTOMERS + 1 ? cs__err_at(err, &loc, "customer", 1, "", "more than %d customers", MAX_CUSTOMERS)
                                          : cs__err(err, CS_ENOMEM, "out of memory");
          break;
        }
        rows = g;
      }
      memcpy(rows[nrows], v, sizeof v);
      if (v[0] != (double)nrows)
        rc = cs__err_at(err, &loc, "customer", 1, "", "customer %g where %zu was expected (the depot is 0)", v[0], nrows);
      else if (v[3] < 0 || v[6] < 0 || v[4] > v[5])
        rc = cs__err_at(err, &loc, "customer", 1, "",
                        "customer %g: demand and service must be >= 0 and ready time <= due date", v[0]);
      nrows++;
    } else if (stage == 3 && nrows == 0 && n < 0) {
      /* The customers' heading. */
    } else if (n != 0 && stage != 1) {
      rc = cs__err_at(err, &loc, stage == 2 ? "fleet" : "customer", 1, "", "expected %s",
                      stage == 2 ? "NUMBER and CAPACITY" : "7 numbers: number, x, y, demand, ready, due, service");
    }
  }
  fclose(f);
  if (!rc && (stage < 3 || nrows < 1))
    rc = cs__err_at(err, &loc, "customer", 0, "", "no %s found", stage < 3 ? "fleet (NUMBER CAPACITY)" : "depot");
  if (!rc && !(fleet[0] >= 1 && fleet[0] <= MAX_VEHICLES && fleet[0] == (double)(long)fleet[0] && fleet[1] >= 0))
    rc = cs__err_at(err, &loc, "fleet", 0, "", "the fleet must be 1 to %d vehicles of capacity >= 0", MAX_VEHICLES);
  size_t nl = nrows, nj = nrows ? nrows - 1 : 0, nv = (size_t)fleet[0];
  cs_vrp_job *jobs = NULL;
  cs_vrp_vehicle *veh = NULL;
  double *travel = NULL;
  if (!rc) {
    jobs = cs_arena_calloc(a, nj + 1, sizeof *jobs);
    veh = cs_arena_calloc(a, nv, sizeof *veh);
    travel = cs_arena_calloc(a, nl * nl, sizeof *travel);
    if (!jobs || !veh || !travel) rc = cs__err(err, CS_ENOMEM, "out of memory");
  }
  if (!rc && rows) {
    for (size_t i = 0; i < nl; i++)
      for (size_t k = 0; k < nl; k++)
        travel[i * nl + k] = hypot(rows[i][1] - rows[k][1], rows[i][2] - rows[k][2]);
    for (size_t j = 0; j < nj; j++) {
      const double *r = rows[j + 1];
      jobs[j] = (cs_vrp_job){(int32_t)(j + 1), r[3], r[6], r[4], r[5], -1};
    }
    for (size_t v = 0; v < nv; v++) veh[v] = (cs_vrp_vehicle){0, 0, rows[0][4], rows[0][5], fleet[1], 0};
    *out = (cs_vrp){nj, nv, nl, jobs, veh, travel, NULL};
  }
  free(rows);
  return rc;
}
