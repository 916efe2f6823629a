/* cs_error.h — status codes and the error value every failing function fills.
 *
 * Ownership: a cs_error is a plain value owned by the caller; it holds no pointers. */
#ifndef CS_ERROR_H
#define CS_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes: 0 is success, failures are negative (libuv style). */
typedef enum cs_status {
  CS_OK = 0,
  CS_EINPUT = -1,   /* bad input data: a model file, an option, a value (exit code 2) */
  CS_EUSAGE = -2,   /* bad command-line usage (exit code 2) */
  CS_ENOMEM = -3,   /* out of memory */
  CS_EIO = -4,      /* a file or database could not be read or written */
  CS_ESOLVER = -5,  /* the LP solver failed or gave no optimal answer */
  CS_ESTORE = -6,   /* the store's content is not a clockspeed model of a known version */
  CS_ECONFLICT = -7, /* another writer changed the store first; what was asked conflicts (exit 2, HTTP 409) */
} cs_status;

/* Where and why something failed. `message` is the whole human sentence, already
 * prefixed by its place ("products.csv:2: column 'price': 'ninety' is not a number");
 * the other fields let a program react to the parts. */
typedef struct cs_error {
  int code;            /* a cs_status */
  char file[256];      /* file (or table) name, "" when none */
  long line;           /* 1-based line or row, 0 when none */
  int column;          /* 1-based column, 0 when none */
  char field[64];      /* column or field name, "" when none */
  char value[128];     /* the offending value, "" when none */
  char message[1024];  /* the full message */
} cs_error;

/* Clears an error to "no error". */
void cs_error_clear(cs_error *err);

/* Fills err, the one way edges build an error: the code, the field and the value it
 * concerns (NULL for none) and the message, which reads "field 'FIELD': MESSAGE" when a
 * field is given. Returns code, so callers can `return cs_error_set(...)`. */
int cs_error_set(cs_error *err, int code, const char *field, const char *value, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Returns a short English name for a status code, for logs. */
const char *cs_status_name(int code);

/* Returns the process exit code the CLI uses for a status: 0, 1 (runtime) or 2 (bad input). */
int cs_status_exit_code(int code);

#ifdef __cplusplus
}
#endif
#endif
