/* error.c — filling cs_error values and mapping status codes to names and exit codes. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Clears an error so that it reads as success. */
void cs_error_clear(cs_error *err) {
  if (err) memset(err, 0, sizeof *err);
}

/* Copies at most size-1 bytes of src into dst and always terminates dst. */
void cs__strlcpy(char *dst, const char *src, size_t size) {
  if (size == 0) return;
  size_t n = src ? strlen(src) : 0;
  if (n >= size) n = size - 1;
  if (n) memcpy(dst, src, n);
  dst[n] = '\0';
}

/* Records a failure about a named field of a request or of options. */
int cs_error_set(cs_error *err, int code, const char *field, const char *value, const char *fmt, ...) {
  if (!err) return code;
  cs_error_clear(err);
  err->code = code;
  cs__strlcpy(err->field, field ? field : "", sizeof err->field);
  cs__strlcpy(err->value, value ? value : "", sizeof err->value);
  char what[sizeof err->message - 80];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  if (field) snprintf(err->message, sizeof err->message, "field '%.60s': %s", field, what);
  else snprintf(err->message, sizeof err->message, "%s", what);
  return code;
}

/* Records a failure with no particular place in the input. */
int cs__err(cs_error *err, int code, const char *fmt, ...) {
  if (!err) return code;
  cs_error_clear(err);
  err->code = code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return code;
}

/* Records bad input at a place: the file, its line or path, the column and the value. */
int cs__err_at(cs_error *err, const cs_loc *loc, const char *field, int column,
               const char *value, const char *fmt, ...) {
  if (!err) return CS_EINPUT;
  cs_error_clear(err);
  err->code = CS_EINPUT;
  cs__strlcpy(err->file, loc && loc->file ? loc->file : "", sizeof err->file);
  err->line = loc ? loc->line : 0;
  err->column = column;
  cs__strlcpy(err->field, field ? field : "", sizeof err->field);
  cs__strlcpy(err->value, value ? value : "", sizeof err->value);

  char where[320], what[400];
  if (loc && loc->line > 0)
    snprintf(where, sizeof where, "%s:%ld: ", err->file, loc->line);
  else if (loc && loc->path)
    snprintf(where, sizeof where, "%s: %.40s: ", err->file, loc->path);
  else if (loc && loc->file)
    snprintf(where, sizeof where, "%s: ", err->file);
  else
    where[0] = '\0';
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  if (field)
    snprintf(err->message, sizeof err->message, "%s%s '%s': %s", where,
             loc && loc->line <= 0 && loc->path ? "field" : "column", field, what);
  else
    snprintf(err->message, sizeof err->message, "%s%s", where, what);
  return CS_EINPUT;
}

/* Names a status code for logs and JSON errors. */
const char *cs_status_name(int code) {
  switch (code) {
    case CS_OK: return "ok";
    case CS_EINPUT: return "bad_input";
    case CS_EUSAGE: return "usage";
    case CS_ENOMEM: return "out_of_memory";
    case CS_EIO: return "io";
    case CS_ESOLVER: return "solver";
    case CS_ESTORE: return "store";
    case CS_ECONFLICT: return "conflict";
    default: return "unknown";
  }
}

/* Maps a status to the CLI's exit code: bad input and usage are 2, other failures 1. */
int cs_status_exit_code(int code) {
  if (code == CS_OK) return 0;
  if (code == CS_EINPUT || code == CS_EUSAGE || code == CS_ECONFLICT) return 2;
  return 1;
}
