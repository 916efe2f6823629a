/* version.c — the library's version string. */
#include "clockspeed/cs_version.h"
#include "cs_build_version.h"

/* Returns the version this library was built as. */
const char *cs_version(void) { return CS_VERSION_STRING; }
