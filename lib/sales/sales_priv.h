/* sales_priv.h — the inside of the sales desk's state, shared by desk.c (working days,
 * booked visits, values, rep-time bid prices), slots.c (best-k) and board.c (buffer,
 * queue, measures).
 *
 * Ownership: a cs_desk owns every array below (malloc'd); the model is borrowed. */
#ifndef CS_SALES_PRIV_H
#define CS_SALES_PRIV_H

#include "clockspeed/cs_sales.h"
#include "model_priv.h"

/* A point of the unit sphere: places are kept so, since the great-circle distance is
 * then a chord and one arcsine. */
typedef struct cs__vec { double x, y, z; } cs__vec;
void cs__unit_vector(double lat, double lon, cs__vec *v);

/* One rep on one of the desk's dates: rd = rep * ndays + day. */
typedef struct cs__repday {
  bool works;
  int32_t start, end;    /* the working day, minutes after midnight */
  size_t first, n;       /* its booked visits: visit[first .. first + n), by start */
  int32_t travel;        /* minutes the day's route drives, home to home */
  int32_t busy;          /* minutes of its visits */
} cs__repday;

struct cs_desk {
  const cs_model *m;
  cs_date at;
  size_t ndays;          /* dates at .. at + ndays - 1 */
  cs__repday *rd;        /* nreps x ndays */
  int32_t *visit;        /* appointment indices, grouped by rep-day */
  double *value;         /* per opportunity */
  double *bid;           /* per rep-day, per minute */
  cs__vec *account_at;   /* per account */
  cs__vec *home_at;      /* per rep */
};

/* The weekday of a date, 0 Monday .. 6 Sunday. */
int cs__weekday(cs_date d);


/* Travel minutes by the geometric estimate alone (travel.c): between two places, and
 * between two points given as unit vectors. */
int32_t cs__travel_geometric(const cs_model *m, int32_t from, int32_t to);
int32_t cs__travel_between(const cs_model *m, const cs__vec *a, const cs__vec *b);

/* Travel minutes between two places of the desk's model (as cs_travel_minutes), from the
 * desk's unit vectors: no trigonometry but one arcsine, and travel.csv only when it has
 * rows. */
int32_t cs__desk_travel(const cs_desk *d, int32_t from, int32_t to);

/* The place of an appointment: its opportunity's account. */
static inline int32_t cs__appt_place(const cs_model *m, int32_t a) {
  return m->opportunities.account[m->appointments.opportunity[a]];
}

/* Whether rep r has the skill ("" or NULL: any rep does). */
bool cs__rep_has_skill(const cs_model *m, int32_t r, const char *skill);

/* The cheapest place in a rep-day's route to put a visit of `place` (ignoring times): the
 * least added travel, in minutes. */
int32_t cs__cheapest_added_travel(const cs_desk *d, int32_t rep, size_t day, int32_t place);

#endif
