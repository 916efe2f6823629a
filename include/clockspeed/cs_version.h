/* cs_version.h — the library's version.
 *
 * Ownership: the returned string is static and never freed. */
#ifndef CS_VERSION_H
#define CS_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

/* Returns the library's version, "MAJOR.MINOR.PATCH". */
const char *cs_version(void);

#ifdef __cplusplus
}
#endif
#endif
