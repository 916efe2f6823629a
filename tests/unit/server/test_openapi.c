/* test_openapi.c — every route the server answers is in web/openapi.json with its method,
 * and every path and method the document lists is a route the server answers. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "helpers.h"
#include "server.h"

static void routes_match_document(void **state) {
  (void)state;
  char *file = th_path(getenv("CS_WEB_SRC"), "openapi.json");
  json_error_t e;
  json_t *doc = json_load_file(file, 0, &e);
  if (!doc) fail_msg("%s: %s", file, e.text);
  assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
  json_t *paths = json_object_get(doc, "paths");
  size_t routes = 0;
  for (const cs_route *r = cs_server_routes(); r->path; r++, routes++) {
    char method[8];
    size_t i = 0;
    for (; r->method[i] && i < sizeof method - 1; i++) method[i] = (char)(r->method[i] | 0x20);
    method[i] = '\0';
    json_t *op = json_object_get(json_object_get(paths, r->path), method);
    if (!op) fail_msg("%s %s is not documented", r->method, r->path);
    /* A route that needs a role documents its security. */
    assert_true((r->role == CS_ROLE_NONE) == (json_object_get(op, "security") == NULL));
  }
  size_t documented = 0;
  const char *path;
  json_t *item;
  json_object_foreach(paths, path, item) {
    const char *method;
    json_t *op;
    json_object_foreach(item, method, op) {
      documented++;
      int found = 0;
      for (const cs_route *r = cs_server_routes(); r->path; r++)
        found |= strcmp(r->path, path) == 0 && strcasecmp(r->method, method) == 0;
      if (!found) fail_msg("the document lists %s %s, which the server does not answer", method, path);
    }
  }
  assert_int_equal(documented, routes);
  json_decref(doc);
  free(file);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(routes_match_document)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
