/* arena.c — a chunked bump allocator: many small allocations, one release. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_arena.h"

typedef struct cs__chunk {
  struct cs__chunk *next;
  size_t size, used;
  max_align_t data[];
} cs__chunk;

struct cs_arena {
  cs__chunk *head;
  size_t bytes;
};

#define CS__CHUNK_MIN ((size_t)64 * 1024)

/* Creates an arena with no chunks yet; the first allocation takes one. */
cs_arena *cs_arena_new(void) { return calloc(1, sizeof(cs_arena)); }

/* Frees every chunk, then the arena itself. */
void cs_arena_free(cs_arena *a) {
  if (!a) return;
  cs__chunk *c = a->head;
  while (c) {
    cs__chunk *next = c->next;
    free(c);
    c = next;
  }
  free(a);
}

/* Hands out size bytes from the current chunk, taking a new chunk when it is full. */
void *cs_arena_alloc(cs_arena *a, size_t size) {
  const size_t align = sizeof(max_align_t);
  if (size > SIZE_MAX - align) return NULL;
  size = (size + align - 1) / align * align;
  if (size == 0) size = align;
  cs__chunk *c = a->head;
  if (!c || c->size - c->used < size) {
    size_t want = size > CS__CHUNK_MIN ? size : CS__CHUNK_MIN;
    c = malloc(sizeof(cs__chunk) + want);
    if (!c) return NULL;
    c->size = want;
    c->used = 0;
    c->next = a->head;
    a->head = c;
    a->bytes += sizeof(cs__chunk) + want;
  }
  void *p = (char *)c->data + c->used;
  c->used += size;
  memset(p, 0, size);
  return p;
}

/* Allocates zeroed room for n elements, refusing sizes that overflow. */
void *cs_arena_calloc(cs_arena *a, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) return NULL;
  return cs_arena_alloc(a, n * size);
}

/* Allocates every array of a result before any is handed out. */
int cs_arena_fill(cs_arena *a, const cs_arena_slot *slots, size_t n) {
  for (size_t i = 0; i < n; i++) {
    void *p = cs_arena_calloc(a, slots[i].count, slots[i].size);
    if (!p) return -3;
    *slots[i].slot = p;
  }
  return 0;
}

/* Copies a string into the arena. */
char *cs_arena_strdup(cs_arena *a, const char *s) {
  size_t n = strlen(s) + 1;
  char *p = cs_arena_alloc(a, n);
  if (p) memcpy(p, s, n);
  return p;
}

/* Reports how much memory the arena holds. */
size_t cs_arena_bytes(const cs_arena *a) { return a ? a->bytes : 0; }
