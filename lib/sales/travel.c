/* travel.c — how long a rep drives between two places (DESIGN §8): the great-circle
 * distance by the haversine formula on a sphere of the Earth's mean radius, times the
 * road factor, at the average speed, rounded up to a whole minute; travel.csv overrides a
 * pair. Sources are named in docs/internals/sales.md. */
#include <math.h>
#include <stdio.h>

#include "sales_priv.h"

/* Degrees to radians. */
#define RAD (3.14159265358979323846 / 180)

double cs_haversine_km(double lat1, double lon1, double lat2, double lon2) {
  const double rad = RAD;
  double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
  double h = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
  if (h > 1) h = 1;
  return 2 * CS_EARTH_RADIUS_KM * asin(sqrt(h));
}

void cs__unit_vector(double lat, double lon, cs__vec *v) {
  const double rad = RAD;
  v->x = cos(lat * rad) * cos(lon * rad);
  v->y = cos(lat * rad) * sin(lon * rad);
  v->z = sin(lat * rad);
}

/* The unit vector of a place. */
static cs__vec place_vector(const cs_model *m, int32_t p) {
  cs__vec v;
  if (p >= 0) cs__unit_vector(m->accounts.lat[p], m->accounts.lon[p], &v);
  else cs__unit_vector(m->reps.home_lat[-1 - p], m->reps.home_lon[-1 - p], &v);
  return v;
}

int32_t cs__travel_between(const cs_model *m, const cs__vec *a, const cs__vec *b) {
  double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z, half = sqrt(dx * dx + dy * dy + dz * dz) / 2;
  /* The great-circle angle from the chord: the haversine's sqrt(h) is half the chord. */
  double km = 2 * CS_EARTH_RADIUS_KM * asin(half < 1 ? half : 1);
  /* A hair over a whole minute is that minute: 12.0000000001 must not round up to 13. */
  return (int32_t)ceil(km * m->settings.road_factor / m->settings.travel_speed_kmh * 60 - 1e-9);
}

int32_t cs__travel_geometric(const cs_model *m, int32_t from, int32_t to) {
  if (from == to) return 0;
  cs__vec a = place_vector(m, from), b = place_vector(m, to);
  return cs__travel_between(m, &a, &b);
}

/* The minutes travel.csv gives from one place to another, or -1. */
static int32_t measured(const cs_model *m, int32_t from, int32_t to) {
  if (!m->travel.n) return -1;
  char key[32];
  snprintf(key, sizeof key, "%ld>%ld", (long)from, (long)to);
  int32_t i = cs__idmap_get(&m->priv->travel_pairs, key);
  return i >= 0 ? (int32_t)ceil(m->travel.minutes[i] - 1e-9) : -1;
}

int32_t cs_travel_minutes(const cs_model *m, int32_t from, int32_t to) {
  int32_t t = measured(m, from, to);
  return t >= 0 ? t : cs__travel_geometric(m, from, to);
}

int32_t cs__desk_travel(const cs_desk *d, int32_t from, int32_t to) {
  int32_t t = measured(d->m, from, to);
  if (t >= 0) return t;
  if (from == to) return 0;
  const cs__vec *a = from >= 0 ? &d->account_at[from] : &d->home_at[-1 - from];
  const cs__vec *b = to >= 0 ? &d->account_at[to] : &d->home_at[-1 - to];
  return cs__travel_between(d->m, a, b);
}
