/* cs_arena.h — a bump allocator for results and temporaries of one computation.
 *
 * Ownership: the arena owns every block it hands out; all of them are released together
 * by cs_arena_free(), and none may be freed on its own. */
#ifndef CS_ARENA_H
#define CS_ARENA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cs_arena cs_arena;

/* Creates an empty arena; returns NULL when memory is exhausted. */
cs_arena *cs_arena_new(void);

/* Releases the arena and every block allocated from it. Accepts NULL. */
void cs_arena_free(cs_arena *a);

/* Returns `size` zeroed bytes aligned for any type, or NULL when memory is exhausted. */
void *cs_arena_alloc(cs_arena *a, size_t size);

/* Returns zeroed room for `n` elements of `size` bytes, or NULL on overflow or exhaustion. */
void *cs_arena_calloc(cs_arena *a, size_t n, size_t size);

/* A pointer to fill with a zeroed array of `count` elements of `size` bytes. */
typedef struct cs_arena_slot {
  void **slot;
  size_t count, size;
} cs_arena_slot;
#define CS_ARENA_SLOT(ptr, n) {(void **)&(ptr), (n), sizeof *(ptr)}

/* Fills every slot with a zeroed array from the arena, all or nothing: returns 0, or -3
 * (CS_ENOMEM) when memory is exhausted. */
int cs_arena_fill(cs_arena *a, const cs_arena_slot *slots, size_t n);

/* Returns a copy of the string `s` held by the arena, or NULL when memory is exhausted. */
char *cs_arena_strdup(cs_arena *a, const char *s);

/* Returns the number of bytes the arena has taken from the system. */
size_t cs_arena_bytes(const cs_arena *a);

#ifdef __cplusplus
}
#endif
#endif
