/* cli_run.c — runs a command of the one command table (cs_command.h) from the command
 * line: the options are put in the JSON object of arguments the HTTP API takes, then the
 * table's decoder, computation and JSON answer it, or the command's own printer shows it
 * to people. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "cli.h"

#define MAX_OPTS 24

/* Puts one option's value into args by its kind; returns 0 or the usage exit code. */
static int put(const cli_command *cmd, const cli_opt *o, const char *text, json_t *args) {
  char opt[48];
  snprintf(opt, sizeof opt, "--%s", o->name);
  double v;
  cs_date d;
  int rc = 0;
  switch (o->kind) {
    case 'n':
      if (!(rc = cli_opt_number(cmd, opt, text, &v))) json_object_set_new(args, o->key, json_real(v));
      break;
    case 'd':
      if (!(rc = cli_opt_date(cmd, opt, text, &d))) json_object_set_new(args, o->key, json_string(text));
      break;
    case 'f':
      json_object_set_new(args, o->key, json_true());
      break;
    case 'r': {
      /* RESOURCE:MINUTES, one element of an array each time the option is given. */
      const char *colon = strrchr(text, ':');
      if (!colon) return cli_usage_error(cmd, "%s takes RESOURCE:MINUTES, not '%s'", opt, text);
      if ((rc = cli_opt_number(cmd, opt, colon + 1, &v))) break;
      json_t *arr = json_object_get(args, o->key);
      if (!arr) json_object_set_new(args, o->key, arr = json_array());
      json_array_append_new(arr, json_pack("{s:s%, s:f}", "resource", text, (size_t)(colon - text), "minutes", v));
      break;
    }
    default:
      /* jansson takes only valid UTF-8 (and the shell cannot pass a NUL). */
      if (json_object_set_new(args, o->key, json_string(text)) != 0)
        return cli_usage_error(cmd, "%s: the text is not valid UTF-8", opt);
  }
  return rc;
}

/* Parses the options into args and the view; returns -1 to go on, else an exit code. */
static int parse(const cli_command *cmd, const cli_spec *spec, int argc, char **argv, json_t *args, cli_view *v,
                 const char **model) {
  struct option lo[MAX_OPTS + 4];
  size_t n = 0;
  for (; n < MAX_OPTS && spec->opts[n].name; n++)
    lo[n] = (struct option){spec->opts[n].name, spec->opts[n].kind == 'f' ? no_argument : required_argument, 0, (int)n + 1};
  lo[n++] = (struct option){"json", no_argument, 0, 'j'};
  lo[n++] = (struct option){"all", no_argument, 0, 'A'};
  lo[n++] = (struct option){"help", no_argument, 0, 'h'};
  lo[n] = (struct option){0, 0, 0, 0};
  /* An option named by one letter is also its short form (book's -k N). */
  char shortopts[2 * MAX_OPTS + 2] = "h";
  size_t ns = 1;
  for (size_t i = 0; i < MAX_OPTS && spec->opts[i].name; i++)
    if (spec->opts[i].name[0] && !spec->opts[i].name[1] && spec->opts[i].name[0] != 'h') {
      shortopts[ns++] = spec->opts[i].name[0];
      if (spec->opts[i].kind != 'f') shortopts[ns++] = ':';
    }
  shortopts[ns] = 0;
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
    if (c == 'h') return cli_help(cmd);
    for (size_t i = 0; c > MAX_OPTS && i < MAX_OPTS && spec->opts[i].name; i++)
      if (spec->opts[i].name[0] == c && !spec->opts[i].name[1]) c = (int)i + 1;
    if (c == 'j') v->json = 1;
    else if (c == 'A' && spec->all) v->all = 1;
    else if (c >= 1 && c <= MAX_OPTS) {
      int rc = put(cmd, &spec->opts[c - 1], optarg, args);
      if (rc) return rc;
    } else {
      return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
    }
  }
  int want = spec->positional ? 2 : 1;
  if (argc - optind != want)
    return cli_usage_error(cmd, spec->positional ? "expected MODEL and a %s" : "expected one MODEL%s",
                           spec->positional ? spec->positional : "");
  *model = argv[optind];
  if (spec->positional && json_object_set_new(args, spec->positional, json_string(argv[optind + 1])) != 0)
    return cli_usage_error(cmd, "the %s is not valid UTF-8", spec->positional);
  return -1;
}

/* When the last command's answer was computed (monotonic microseconds): its signal's
 * birth, for the age the decision log records. */
static unsigned long computed_us;

unsigned long cli_now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (unsigned long)ts.tv_sec * 1000000UL + (unsigned long)ts.tv_nsec / 1000UL;
}

double cli_signal_age_ms(void) { return computed_us ? (double)(cli_now_us() - computed_us) / 1000.0 : -1; }

void cli_utc_now(char out[32]) {
  time_t now = time(NULL);
  struct tm tm;
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
}

void cli_log_decision(const char *model, char *text) {
  cs_source_kind kind;
  cs_error err;
  if (text && !cs_source_detect(model, &kind, &err) && (kind == CS_SOURCE_SQLITE || kind == CS_SOURCE_POSTGRES) &&
      cs_store_log_events(model, (const char *const *)&text, 1, -1, NULL, &err))
    fprintf(stderr, "clockspeed: the decision was not logged: %s\n", err.message);
  free(text);
}

int cli_run(const cli_spec *spec, int argc, char **argv) {
  const cli_command *cmd = cli_find_command(spec->name);
  const cs_command *run = cs_command_find(spec->name);
  json_t *args = json_object();
  cli_view v = {0, 0};
  const char *model = NULL;
  int exit_code = args ? parse(cmd, spec, argc, argv, args, &v, &model) : 1;
  if (exit_code >= 0) {
    json_decref(args);
    return exit_code;
  }
  exit_code = 0;
  if (spec->check && (exit_code = spec->check(cmd, args, model))) {
    json_decref(args);
    return exit_code;
  }
  cs_error err;
  cs_model *m = NULL;
  cs_arena *a = cs_arena_new();
  void *req = NULL, *result = NULL;
  int rc = a ? cli_load_model(model, &m, &err) : cs_error_set(&err, CS_ENOMEM, NULL, NULL, "out of memory");
  if (!rc) run = cs_command_for(run, m);
  if (!rc) rc = cs_command_check(run, m, &err);
  bool same = !rc && strcmp(run->name, spec->name) == 0;
  if (!rc) rc = spec->decode && same ? spec->decode(m, args, a, &req, &err) : run->decode(m, args, a, &req, &err);
  if (!rc) rc = run->compute(m, req, a, &result, &err);
  computed_us = cli_now_us();
  if (!rc && spec->after) rc = spec->after(model, m, req, result, a, &err);
  if (rc) exit_code = cli_fail(&err);
  else if (v.json) exit_code = cli_print_json(run->to_json(m, req, result));
  else if (same) spec->print(m, req, result, &v);
  else cli_rental_constraint_print(m, result, &v);
  cs_arena_free(a);
  cs_model_free(m);
  json_decref(args);
  return exit_code;
}
