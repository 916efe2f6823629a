/* version.c — the library's version string. */
#include "clockspeed/clockspeed.h"
#include "cs_version.h"

/* Returns the version this library was built as. */
const char *cs_version(void) { return CS_VERSION_STRING; }
