/* schema_priv.h — what the parts of the schema share: the plant's tables (schema.c), the
 * sales desk's (schema_sales.c), the pipeline's (schema_pipeline.c) and the rental
 * house's (schema_rental.c) are described by the same column definitions and parsed by
 * the same cell parser.
 *
 * Ownership: column definitions are static tables; parsed text points into the row. */
#ifndef CS_SCHEMA_PRIV_H
#define CS_SCHEMA_PRIV_H

#include "model_priv.h"

typedef enum {
  T_ID, T_TEXT, T_NUM, T_INT, T_DATE, T_STATUS, T_PRODUCT, T_RESOURCE,
  /* the sales desk's */
  T_TIME,      /* HH:MM, 00:00 to 24:00 */
  T_LAT,       /* degrees, -90 to 90 */
  T_LON,       /* degrees, -180 to 180 */
  T_WEEKDAYS,  /* "Mon-Fri", "Mon;Wed;Fri" */
  T_FLAG,      /* 0 or 1 */
  T_REP, T_ACCOUNT, T_OPPORTUNITY,
  T_APPT_STATUS,
  T_PLACE,     /* an account, or a rep (its home) */
  T_PRODLIST,  /* "P:qty;..." */
  /* the pipeline's */
  T_BUYING_JOB, /* problem_identification … consensus_creation */
  T_FRICTION,   /* a friction of the catalogue */
  T_DECISION,   /* quote, decide or slot */
  /* the rental house's */
  T_ITEM, T_CREW, T_JOB,
  T_CREW_KIND,  /* staff or freelance */
  T_JOB_STATUS, /* quote, hold, confirmed, done, cancelled */
} coltype;
enum { NONNEG = 1, POSITIVE = 2, ATLEAST1 = 4, FRACTION = 8, SIGNED = 16 /* -max to max */ };

/* The largest value a number of each kind may take (docs/model.md, "Ranges"): beyond
 * them no plan means anything, and the solver and the formatters stay exact. */
#define MAX_MONEY 1e12      /* per unit */
#define MAX_OE 1e15         /* per period */
#define MAX_MINUTES 1e9     /* per unit, per batch, per period */
#define MAX_QTY 1e9         /* units */
#define MAX_DAYS 3660.0     /* ten years */
#define MAX_UNITS 1e6       /* parallel units */
#define MAX_STEPS 1e4       /* routing steps */

typedef struct coldef {
  cs_column pub;
  coltype type;
  unsigned flags;
  double max;   /* the largest value of a number; 0: no number */
} coldef;

#define REQ(n, t, f, x, u) {{(n), KIND(t), true, NULL, (u)}, (t), (f), (x)}
#define OPT(n, t, f, x, d, u) {{(n), KIND(t), false, (d), (u)}, (t), (f), (x)}
#define KIND(t)                                                                                 \
  ((t) == T_NUM || (t) == T_LAT || (t) == T_LON ? CS_VALUE_NUMBER                               \
   : (t) == T_INT || (t) == T_FLAG              ? CS_VALUE_INTEGER                              \
   : (t) == T_DATE                              ? CS_VALUE_DATE                                 \
                                                : CS_VALUE_TEXT)

/* A parsed cell. */
typedef union val {
  double num;
  long i;
  cs_date date;
  const char *text;
  int32_t ref;
} val;

typedef struct tabledef {
  const char *name, *file;
  const coldef *cols;
  size_t ncols;
  bool required;
} tabledef;

/* A table's column count, which must fit the CS_MAX_COLUMNS-wide row buffers: a table
 * with more columns does not compile (a negative array size). */
#define NCOLS(c) (sizeof(c) / sizeof((c)[0]) + 0 * sizeof(char[sizeof(c) / sizeof((c)[0]) <= CS_MAX_COLUMNS ? 1 : -1]))
#define TABLE(n, c, r) {(n), n ".csv", (c), NCOLS(c), (r)}

/* The sales desk's tables, in cs_table order from CS_TABLE_FIRST_SALES, and the
 * pipeline's from CS_TABLE_FIRST_PIPELINE (schema_pipeline.c). */
extern const tabledef cs__sales_tables[CS_TABLE_FIRST_PIPELINE - CS_TABLE_FIRST_SALES];
extern const tabledef cs__pipeline_tables[CS_TABLE_FIRST_RENTAL - CS_TABLE_FIRST_PIPELINE];
extern const tabledef cs__rental_tables[CS_TABLE_COUNT - CS_TABLE_FIRST_RENTAL];

/* The rental house's halves (schema_rental.c): a cell of its column types (T_ITEM and
 * after); a row appended after the checks that span its columns, failing with CS_EINPUT
 * and a message that names the duplicate pair or the misordered date; a row count and a
 * row written back. */
int cs__parse_rental_cell(const cs_model *m, coltype type, const char *name, int col, const char *s, const cs_loc *loc,
                          val *out, cs_error *err);
int cs__rental_add_row(cs_model *m, cs_table t, const val *v, const cs_row *row, const cs_loc *loc, cs_error *err);
size_t cs__rental_row_count(const cs_model *m, cs_table t);
bool cs__rental_get_row(const cs_model *m, cs_table t, size_t i, char buf[][64], const char **values);

/* The pipeline's halves of the functions below: a cell of its column types (T_BUYING_JOB
 * and after), an append, a row count and a row written back. */
int cs__parse_pipeline_cell(const cs_model *m, coltype type, const char *name, int col, const char *s,
                            const cs_loc *loc, val *out, cs_error *err);
int cs__pipeline_add(cs_model *m, cs_table t, const val *v, const char **dupcol);
size_t cs__pipeline_row_count(const cs_model *m, cs_table t);
bool cs__pipeline_get_row(const cs_model *m, cs_table t, size_t i, char buf[][64], const char **values);

/* Parses a cell of one of the sales desk's column types (T_TIME and after). */
int cs__parse_sales_cell(const cs_model *m, coltype type, const char *name, int col, const char *s,
                         const cs_loc *loc, val *out, cs_error *err);

/* Checks what spans columns of a sales row (times in order, what a booked visit needs);
 * CS_EINPUT naming the column. */
int cs__sales_check(const cs_model *m, cs_table t, const val *v, const cs_row *row, const cs_loc *loc, cs_error *err);

/* Appends a sales row from its parsed cells; 0, CS_EINPUT for a duplicate (the column
 * named in *dupcol), or CS_ENOMEM. */
int cs__sales_add(cs_model *m, cs_table t, const val *v, const char **dupcol);

/* Formats row i of a sales table (see cs_model_get_row). */
bool cs__sales_get_row(const cs_model *m, cs_table t, size_t i, char buf[][64], const char **values);

/* Rows of a sales table. */
size_t cs__sales_row_count(const cs_model *m, cs_table t);

#endif
