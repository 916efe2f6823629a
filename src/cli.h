/* cli.h — what the commands of the clockspeed CLI share: option parsing, loading MODEL,
 * printing tables and errors, and the progress bar.
 *
 * Ownership: a cli_table owns copies of its cells; free it with cli_table_free(). */
#ifndef CS_CLI_H
#define CS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "clockspeed/clockspeed.h"

/* A command: its name, a one-line summary, its usage and the function that runs it. */
typedef struct cli_command {
  const char *name;
  const char *summary;
  const char *usage;
  int (*run)(int argc, char **argv);
} cli_command;

/* Prints "clockspeed: MESSAGE" on stderr and returns the exit code for the status. */
int cli_fail(const cs_error *err);

/* Prints a usage error and the command's usage line; returns 2. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...);

/* Prints the command's --help text on stdout; returns 0. */
int cli_help(const cli_command *cmd);

/* Loads MODEL (CSV directory, JSON file or SQLite store) and, when the model sets no
 * `today`, takes today's date from the clock. */
int cli_load_model(const char *path, cs_model **out, cs_error *err);

/* Parses an option's value as an ISO date / a finite number; on failure prints a usage
 * error and returns 2 (so callers can `return` it), else 0. */
int cli_opt_date(const cli_command *cmd, const char *opt, const char *text, cs_date *out);
int cli_opt_number(const cli_command *cmd, const char *opt, const char *text, double *out);

/* 0 when MODEL is a SQLite store, else a usage error saying that `opt` needs one. */
int cli_needs_store(const cli_command *cmd, const char *opt, const char *model);

/* Prints a JSON value on stdout (and frees it); returns 0. */
int cli_print_json(json_t *v);

/* A text table: add a header, rows of cells, then print aligned. */
typedef struct cli_table cli_table;
cli_table *cli_table_new(int ncols, const char *const *header, const char *align);
void cli_table_add(cli_table *t, const char *const *cells);
void cli_table_print(cli_table *t, FILE *fp);
void cli_table_free(cli_table *t);

/* Formats money with thousands separators and two decimals into buf. */
const char *cli_money(double v, char *buf, size_t size);

/* Writes minutes after midnight as HH:MM into buf; returns buf. */
const char *cli_hhmm(int32_t t, char *buf, size_t size);

/* A progress bar on stderr, drawn only when stderr is a terminal. */
typedef struct cli_progress {
  int tty;
  int last_pct;
  char what[32];
} cli_progress;
void cli_progress_init(cli_progress *p);
void cli_progress_cb(void *user, const char *what, double done, double total);
void cli_progress_done(cli_progress *p);

/* ---- Commands of the one command table (cs_command.h), run from options (cli_run.c) ---- */

/* An option and the argument it sets: kind 's' text, 'n' number, 'd' date (ISO text),
 * 'f' a flag (true), 'r' RESOURCE:MINUTES (an element of an array, repeatable). */
typedef struct cli_opt {
  const char *name;   /* the long option without "--" */
  const char *key;    /* the argument's key */
  char kind;
} cli_opt;

/* How a human answer is shown. */
typedef struct cli_view {
  int json, all;
} cli_view;

typedef struct cli_spec {
  const char *name;           /* the command, in the CLI and in the table */
  const cli_opt *opts;        /* ended by a zeroed entry */
  const char *positional;     /* the argument a second operand sets (decide's DECISION), or NULL */
  int all;                    /* the command takes --all */
  /* Optional: checks the options before the model is read; returns 0 or an exit code. */
  int (*check)(const cli_command *cmd, json_t *args, const char *model);
  /* Optional: decodes in place of the table (to read a file the options name). */
  int (*decode)(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err);
  /* Optional: runs after the computation (a booking), before the answer is shown. */
  int (*after)(const char *model, const cs_model *m, void *req, void *result, cs_arena *a, cs_error *err);
  void (*print)(const cs_model *m, const void *req, const void *result, const cli_view *v);
} cli_spec;

/* Parses the options, loads MODEL, runs the command and prints JSON or the human answer;
 * returns the exit code. */
int cli_run(const cli_spec *spec, int argc, char **argv);

/* The decision log (issue 15). Monotonic microseconds; how old the last command's answer
 * (its signal) is, in milliseconds (-1 before one); the wall-clock time as
 * YYYY-MM-DDTHH:MM:SSZ; and logging a decision.logged event text (taken and freed) in
 * MODEL when it is a store — a failure is a warning on stderr, never the command's. */
unsigned long cli_now_us(void);
double cli_signal_age_ms(void);
void cli_utc_now(char out[32]);
void cli_log_decision(const char *model, char *text);

/* Books the slot b->slot of the visit b asks for in the store db, found again on the
 * store's latest state under its write lock (cmd_sales.c); with next_step, the
 * opportunity's next step becomes it in the same transaction. R receives the slots found,
 * *booked the appointment's id (in the arena) or NULL when there was no such slot. */
int cli_book_visit(const char *db, const cs_book_ask *b, const char *next_step, cs_slot_result *R, cs_arena *a,
                   const char **booked, cs_error *err);

/* The commands. */
int cmd_constraint(int argc, char **argv);
int cmd_mix(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_quote(int argc, char **argv);
int cmd_event(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_book(int argc, char **argv);
int cmd_desk(int argc, char **argv);
int cmd_diary(int argc, char **argv);
int cmd_friction(int argc, char **argv);
int cmd_frictions(int argc, char **argv);
int cmd_shortages(int argc, char **argv);
int cmd_allocate(int argc, char **argv);
int cmd_quote_job(int argc, char **argv);
int cmd_buy_or_subrent(int argc, char **argv);

/* Shows the rental house's Constraint (constraint on a rental model). */
void cli_rental_constraint_print(const cs_model *m, const void *result, const cli_view *v);
int cmd_regret(int argc, char **argv);
int cmd_route(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_promise(int argc, char **argv);
int cmd_release(int argc, char **argv);
int cmd_schedule(int argc, char **argv);
int cmd_buffers(int argc, char **argv);
int cmd_measures(int argc, char **argv);
int cmd_decide(int argc, char **argv);
int cmd_simulate_pricing(int argc, char **argv);

/* Looks a command up by name; NULL when there is none. */
const cli_command *cli_find_command(const char *name);

#endif
