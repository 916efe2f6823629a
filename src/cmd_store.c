/* cmd_store.c — moving models between forms: `import`, `export`, `init` and `generate`. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* True when path ends with suffix. */
static int ends_with(const char *path, const char *suffix) {
  size_t n = strlen(path), k = strlen(suffix);
  return n >= k && strcmp(path + n - k, suffix) == 0;
}

/* Parses only --help for commands that take no options; returns -1 to go on. */
static int only_help(const cli_command *cmd, int argc, char **argv) {
  static const struct option opts[] = {{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    if (c == 'h') return cli_help(cmd);
    return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
  }
  return -1;
}

/* Prints what a model holds, after an import or a generate. */
static void summary(const char *verb, const cs_model *m, const char *where) {
  printf("%s", verb);
  const char *sep = " ";
  if (m->resources.n || (!m->reps.n && !m->items.n)) {
    printf("%s%zu resources, %zu products, %zu routing steps, %zu orders, %zu calendar exceptions", sep, m->resources.n,
           m->products.n, m->routings.n, m->orders.n, m->calendar.n);
    sep = "; ";
  }
  if (m->reps.n) {
    printf("%s%zu reps, %zu accounts, %zu opportunities, %zu appointments", sep, m->reps.n, m->accounts.n,
           m->opportunities.n, m->appointments.n);
    sep = "; ";
  }
  if (m->items.n)
    printf("%s%zu items, %zu supplier rows, %zu crew, %zu jobs, %zu job lines", sep, m->items.n, m->suppliers.n,
           m->crew.n, m->jobs.n, m->job_items.n);
  printf(" into %s\n", where);
}

/* Whether OUT names a PostgreSQL store. */
static int is_pg(const char *out) { return strncmp(out, "postgresql://", 13) == 0 || strncmp(out, "postgres://", 11) == 0; }

/* Writes a model to OUT in the form its name asks for: a postgresql:// URI, .db/.sqlite,
 * .json, else a directory. */
static int write_model(const cs_model *m, const char *out, cli_progress *pg, cs_error *err) {
  if (is_pg(out) || ends_with(out, ".db") || ends_with(out, ".sqlite"))
    return cs_store_import(out, m, cli_progress_cb, pg, err);
  if (ends_with(out, ".json")) return cs_json_write_model(m, out, err);
  return cs_csv_write_dir(m, out, cli_progress_cb, pg, err);
}

int cmd_import(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("import");
  int h = only_help(cmd, argc, argv);
  if (h >= 0) return h;
  if (argc - optind != 2) return cli_usage_error(cmd, "expected DB and MODEL");
  const char *db = argv[optind], *src = argv[optind + 1];
  cs_error err;
  cs_model *m = NULL;
  cli_progress pg;
  cli_progress_init(&pg);
  int rc = cs_model_load(src, &m, &err);
  if (!rc) rc = cs_store_import(db, m, cli_progress_cb, &pg, &err);
  cli_progress_done(&pg);
  if (!rc) summary("imported", m, db);
  cs_model_free(m);
  return rc ? cli_fail(&err) : 0;
}

int cmd_export(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("export");
  int h = only_help(cmd, argc, argv);
  if (h >= 0) return h;
  if (argc - optind != 2) return cli_usage_error(cmd, "expected DB and OUT");
  cs_error err;
  cs_model *m = NULL;
  cli_progress pg;
  cli_progress_init(&pg);
  int rc = cs_model_load(argv[optind], &m, &err);
  if (!rc) rc = write_model(m, argv[optind + 1], &pg, &err);
  cli_progress_done(&pg);
  cs_model_free(m);
  return rc ? cli_fail(&err) : 0;
}

int cmd_init(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("init");
  static const struct option opts[] = {{"demo", required_argument, 0, 'd'}, {"force", no_argument, 0, 'f'},
                                       {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  const char *demo = NULL;
  int force = 0, c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "d:fh", opts, NULL)) != -1) {
    if (c == 'h') return cli_help(cmd);
    if (c == 'd') demo = optarg;
    else if (c == 'f') force = 1;
    else return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
  }
  if (argc - optind != 1) return cli_usage_error(cmd, "expected one DB");
  if (!demo) return cli_usage_error(cmd, "--demo NAME is required (pq, plant, sales or rental)");
  const char *db = argv[optind];
  struct stat sb;
  cs_error err;
  bool holds = false;
  if (!force && is_pg(db) && cs_store_holds_model(db, &holds, &err)) return cli_fail(&err);
  if (!force && (holds || (!is_pg(db) && stat(db, &sb) == 0 && sb.st_size > 0))) {
    fprintf(stderr, "clockspeed: %s already exists; --force replaces its model\n", db);
    return 2;
  }
  cs_model *m = NULL;
  int rc = cs_demo_build(demo, &m, &err);
  if (!rc) rc = cs_store_import(db, m, NULL, NULL, &err);
  if (!rc) summary(demo, m, db);
  cs_model_free(m);
  return rc ? cli_fail(&err) : 0;
}

int cmd_generate(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("generate");
  static const struct option opts[] = {{"scale", required_argument, 0, 's'}, {"seed", required_argument, 0, 'r'},
                                       {"today", required_argument, 0, 't'}, {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  const char *scale = NULL;
  unsigned long long seed = 1;
  cs_date today;
  cs_date_parse("2026-01-05", &today);
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "s:r:t:h", opts, NULL)) != -1) {
    if (c == 'h') return cli_help(cmd);
    if (c == 's') scale = optarg;
    else if (c == 'r') {
      char *end;
      seed = strtoull(optarg, &end, 10);
      if (*end || !*optarg) return cli_usage_error(cmd, "--seed takes a whole number, not '%s'", optarg);
    } else if (c == 't') {
      if (!cs_date_parse(optarg, &today)) return cli_usage_error(cmd, "--today takes YYYY-MM-DD, not '%s'", optarg);
    } else return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
  }
  if (argc - optind != 1) return cli_usage_error(cmd, "expected one OUT");
  if (!scale || strlen(scale) != 1) return cli_usage_error(cmd, "--scale S, M or L is required");
  cs_error err;
  cs_gen_params p;
  if (cs_gen_params_for_scale(scale[0], &p, &err)) return cli_usage_error(cmd, "%s", err.message);
  p.seed = seed;
  cli_progress pg;
  cli_progress_init(&pg);
  cs_model *m = NULL;
  int rc = cs_generate(&p, today, cli_progress_cb, &pg, &m, &err);
  if (!rc) rc = write_model(m, argv[optind], &pg, &err);
  cli_progress_done(&pg);
  if (!rc) summary("generated", m, argv[optind]);
  cs_model_free(m);
  return rc ? cli_fail(&err) : 0;
}
