/* files.c — the dashboard's static files, from the web directory the build fills (no CDN,
 * no bundler). Paths with ".." are refused; "/" is index.html. */
#include <fcntl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server.h"

/* The content type of a file, by its extension. */
static const char *type_of(const char *path) {
  const char *dot = strrchr(path, '.');
  if (!dot) return "application/octet-stream";
  if (!strcmp(dot, ".html")) return "text/html; charset=utf-8";
  if (!strcmp(dot, ".js") || !strcmp(dot, ".mjs")) return "text/javascript; charset=utf-8";
  if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
  if (!strcmp(dot, ".json")) return "application/json";
  if (!strcmp(dot, ".svg")) return "image/svg+xml";
  if (!strcmp(dot, ".png")) return "image/png";
  return "application/octet-stream";
}

int cs__files_serve(const char *web_dir, struct MHD_Connection *conn, const char *path, int *found) {
  *found = 0;
  if (strstr(path, "..") || strlen(path) > 512) return MHD_YES;
  char file[1100];
  snprintf(file, sizeof file, "%s%s", web_dir, strcmp(path, "/") == 0 ? "/index.html" : path);
  int fd = open(file, O_RDONLY);
  if (fd < 0) return MHD_YES;
  struct stat sb;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    close(fd);
    return MHD_YES;
  }
  struct MHD_Response *r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
  if (!r) {
    close(fd);
    return MHD_NO;
  }
  *found = 1;
  MHD_add_response_header(r, "Content-Type", type_of(file));
  MHD_add_response_header(r, "Cache-Control", "no-cache");
  int ok = MHD_queue_response(conn, MHD_HTTP_OK, r);
  MHD_destroy_response(r);
  return ok;
}
