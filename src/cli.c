/* cli.c — helpers shared by the CLI's commands: errors, help, loading, tables, progress. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

int cli_fail(const cs_error *err) {
  /* An argument is named as the option that sets it: "field 'bucket_days': ..." is
   * "--bucket-days: ...". */
  size_t n = strlen(err->field);
  if (n && strncmp(err->message, "field '", 7) == 0 && strncmp(err->message + 7, err->field, n) == 0 &&
      strncmp(err->message + 7 + n, "': ", 3) == 0) {
    char opt[64];
    snprintf(opt, sizeof opt, "%s", err->field);
    for (char *c = opt; *c; c++)
      if (*c == '_') *c = '-';
    fprintf(stderr, "clockspeed: --%s: %s\n", opt, err->message + 10 + n);
  } else {
    fprintf(stderr, "clockspeed: %s\n", err->message);
  }
  return cs_status_exit_code(err->code);
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fprintf(stderr, "clockspeed: %s: %s\nusage: clockspeed %s\n", cmd->name, msg, cmd->usage);
  return 2;
}

int cli_help(const cli_command *cmd) {
  printf("usage: clockspeed %s\n\n%s\n", cmd->usage, cmd->summary);
  return 0;
}

int cli_load_model(const char *path, cs_model **out, cs_error *err) {
  int rc = cs_model_load(path, out, err);
  if (rc) return rc;
  if ((*out)->settings.today == CS_DATE_NONE) {
    time_t now = time(NULL);
    (*out)->settings.today = (cs_date)(now / 86400);
  }
  return 0;
}

int cli_opt_date(const cli_command *cmd, const char *opt, const char *text, cs_date *out) {
  if (!cs_date_parse(text, out))
    return cli_usage_error(cmd, "%s takes an ISO date (YYYY-MM-DD), not '%s'", opt, text);
  return 0;
}

int cli_opt_number(const cli_command *cmd, const char *opt, const char *text, double *out) {
  char *end;
  *out = strtod(text, &end);
  if (end == text || *end || !isfinite(*out)) return cli_usage_error(cmd, "%s takes a number, not '%s'", opt, text);
  return 0;
}

int cli_needs_store(const cli_command *cmd, const char *opt, const char *model) {
  cs_source_kind kind;
  cs_error err;
  if (cs_source_detect(model, &kind, &err) || (kind != CS_SOURCE_SQLITE && kind != CS_SOURCE_POSTGRES))
    return cli_usage_error(cmd, "%s needs MODEL to be a store: a SQLite file or a postgresql:// URI (see `clockspeed init`)",
                           opt);
  return 0;
}

int cli_print_json(json_t *v) {
  char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
  json_decref(v);
  if (!s) {
    fprintf(stderr, "clockspeed: out of memory\n");
    return 1;
  }
  puts(s);
  free(s);
  return 0;
}

struct cli_table {
  int ncols;
  size_t nrows, cap;
  char **cells;        /* row-major, nrows * ncols, row 0 is the header */
  char align[16];      /* 'l' or 'r' per column */
};

cli_table *cli_table_new(int ncols, const char *const *header, const char *align) {
  cli_table *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->ncols = ncols > 16 ? 16 : ncols;
  snprintf(t->align, sizeof t->align, "%s", align);
  cli_table_add(t, header);
  return t;
}

void cli_table_add(cli_table *t, const char *const *cells) {
  if (!t) return;
  if (t->nrows == t->cap) {
    size_t ncap = t->cap ? t->cap * 2 : 16;
    char **p = realloc(t->cells, ncap * (size_t)t->ncols * sizeof *p);
    if (!p) return;
    t->cells = p;
    t->cap = ncap;
  }
  for (int c = 0; c < t->ncols; c++) t->cells[t->nrows * (size_t)t->ncols + (size_t)c] = strdup(cells[c] ? cells[c] : "");
  t->nrows++;
}

void cli_table_print(cli_table *t, FILE *fp) {
  if (!t) return;
  size_t w[16] = {0};
  for (size_t r = 0; r < t->nrows; r++)
    for (int c = 0; c < t->ncols; c++) {
      size_t n = strlen(t->cells[r * (size_t)t->ncols + (size_t)c]);
      if (n > w[c]) w[c] = n;
    }
  for (size_t r = 0; r < t->nrows; r++) {
    /* Columns after the last non-empty cell are not printed, so lines carry no trailing blanks. */
    int ncols = t->ncols;
    while (ncols > 1 && !t->cells[r * (size_t)t->ncols + (size_t)ncols - 1][0]) ncols--;
    for (int c = 0; c < ncols; c++) {
      const char *s = t->cells[r * (size_t)t->ncols + (size_t)c];
      int last = c == ncols - 1;
      if (t->align[c] == 'r') fprintf(fp, "%*s", (int)w[c], s);
      else if (last) fputs(s, fp);
      else fprintf(fp, "%-*s", (int)w[c], s);
      if (!last) fputs("  ", fp);
    }
    fputc('\n', fp);
  }
}

void cli_table_free(cli_table *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++) free(t->cells[i]);
  free(t->cells);
  free(t);
}

const char *cli_money(double v, char *buf, size_t size) {
  if (size == 0) return buf;
  /* Beyond a trillion trillion thousands separators help nobody: the number is shown in
   * the exponent form, as it is when it is not a number at all. */
  if (!isfinite(v) || fabs(v) >= 1e15) {
    snprintf(buf, size, isfinite(v) ? "%.6g" : "n/a", v);
    return buf;
  }
  char digits[32];
  int n = snprintf(digits, sizeof digits, "%.2f", fabs(v));
  const char *dot = n > 0 && (size_t)n < sizeof digits ? strchr(digits, '.') : NULL;
  if (!dot) {
    snprintf(buf, size, "%.6g", v);
    return buf;
  }
  size_t ilen = (size_t)(dot - digits), o = 0;
  char tmp[48];  /* 16 digits, 5 separators, a sign, ".00" and the end */
  if (v < 0 && strcmp(digits, "0.00") != 0) tmp[o++] = '-';
  for (size_t i = 0; i < ilen && o + 2 < sizeof tmp; i++) {
    if (i && (ilen - i) % 3 == 0) tmp[o++] = ',';
    tmp[o++] = digits[i];
  }
  snprintf(tmp + o, sizeof tmp - o, "%s", dot);
  snprintf(buf, size, "%s", tmp);
  return buf;
}

const char *cli_hhmm(int32_t t, char *buf, size_t size) {
  snprintf(buf, size, "%02d:%02d", (int)(t / 60) % 100, (int)(t % 60));
  return buf;
}

void cli_progress_init(cli_progress *p) {
  memset(p, 0, sizeof *p);
  p->tty = isatty(STDERR_FILENO);
  p->last_pct = -1;
}

void cli_progress_cb(void *user, const char *what, double done, double total) {
  cli_progress *p = user;
  if (!p->tty) return;
  int pct = total > 0 ? (int)(100.0 * done / total) : 100;
  if (pct == p->last_pct && strcmp(p->what, what) == 0) return;
  p->last_pct = pct;
  snprintf(p->what, sizeof p->what, "%s", what);
  char bar[31];
  int fill = pct * 30 / 100;
  for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '.';
  bar[30] = '\0';
  fprintf(stderr, "\r%-14s [%s] %3d%%", what, bar, pct);
  if (pct >= 100) fputc('\n', stderr);
  fflush(stderr);
}

void cli_progress_done(cli_progress *p) {
  if (p->tty && p->last_pct >= 0 && p->last_pct < 100) fputc('\n', stderr);
}
