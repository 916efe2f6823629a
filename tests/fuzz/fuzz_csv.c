/* fuzz_csv.c — libFuzzer harness for the CSV model reader: the first byte picks the
 * table, the rest replaces its file in a small valid model; the reader must accept it or
 * refuse it with a message, never crash, leak or read out of bounds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clockspeed/clockspeed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The small valid model every input starts from. */
static const char *const base[CS_TABLE_COUNT] = {
  "key,value\nperiod_days,5\noperating_expense,1000\ntoday,2026-01-05\n",
  "id,capacity,units\nM1,2400,1\nM2,2400,2\n",
  "id,price,tvc,demand\nX,90,45,100\nY,100,40,50\n",
  "product,resource,minutes,seq\nX,M1,15,1\nX,M2,10,2\nY,M1,30,1\n",
  "id,product,qty,due,status\nO1,X,10,2026-01-09,released\n",
  "resource,date,capacity\nM1,2026-01-06,240\n",
  /* The sales desk beside the plant. */
  "id,home_lat,home_lon,day_start,day_end,workdays,skills,target_per_day\nR1,52.1,4.9,08:00,17:00,Mon-Fri,sales;install,4\n",
  "rep,date,available,day_start,day_end\nR1,2026-01-07,0,,\n",
  "id,lat,lon,open,close\nA1,52.2,4.8,08:00,18:00\nA2,52.0,5.1,09:00,16:00\n",
  "id,account,stage,expected_throughput,probability,products,next_step,owner\nP1,A1,proposal,5000,0.5,X:10;Y:2,demo,R1\n",
  ("id,opportunity,rep,date,start,duration_min,status,pinned,window_from,window_to,skill\n"
   "V1,P1,R1,2026-01-05,09:00,60,booked,1,,,sales\nV2,P1,,,,45,requested,0,13:00,17:00,install\n"),
  "from,to,minutes\nR1,A1,25\n",
  /* The pipeline and the decision log. */
  "id,buying_job,name,signal,countermeasure,countermeasure_duration_min,owner_role\nF1,validation,Proof,Unsure,Pilot,120,analyst\n",
  "opportunity,friction,observed,removed,note\nP1,F1,2026-01-02,,seen\n",
  "opportunity,stage,entered,left\nP1,qualify,2025-12-01,2025-12-20\n",
  ("at,logged,type,subject,qty,due,price,signal,signal_age_ms,choice,cost_accounting,ref\n"
   "2026-01-05,2026-01-05T10:00:00Z,quote,X,5,2026-01-09,80,75,1.5,accept,refuse,O1\n"),
  /* The rental house. */
  "id,name,owned,subrent_cost_per_day,purchase_cost,turnaround_days\nI1,Console,1,100,5000,1\nI2,Cable,50,1,20,0\n",
  "supplier,item,qty,cost_per_day,min_charge,delivery_cost\nS1,I1,2,80,200,40\n",
  "id,name,skills,kind,cost_per_day,max_days\nC1,Sam,light;sound,staff,0,200\nC2,Fay,light,freelance,300,60\n",
  "crew,date,available\nC1,2026-01-07,0\n",
  "id,customer,venue,out,in,price,status,materials_cost\nJ1,Alpha,Hall,2026-01-06,2026-01-08,5000,confirmed,100\n",
  "job,item,qty\nJ1,I1,2\nJ1,I2,60\n",
  "job,skill,qty,from,to\nJ1,light,2,2026-01-05,\n",
};

/* Writes text to dir/file. */
static void put(const char *dir, const char *file, const void *text, size_t n) {
  char path[4200];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *fp = fopen(path, "wb");
  if (!fp) abort();
  if (n && fwrite(text, 1, n, fp) != n) abort();
  fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char dir[4096];
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "%s/cs-fuzz-csv-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) abort();
  }
  if (size == 0) return 0;
  cs_table pick = (cs_table)(data[0] % CS_TABLE_COUNT);
  for (int t = 0; t < CS_TABLE_COUNT; t++)
    if ((cs_table)t == pick) put(dir, cs_table_file((cs_table)t), data + 1, size - 1);
    else put(dir, cs_table_file((cs_table)t), base[t], strlen(base[t]));
  cs_model *m = NULL;
  cs_error err;
  if (cs_csv_read_dir(dir, &m, &err) == CS_OK) {
    /* What was accepted must also format back without fault. */
    char buf[CS_MAX_COLUMNS][64];
    const char *values[CS_MAX_COLUMNS];
    for (int t = 0; t < CS_TABLE_COUNT; t++)
      for (size_t i = 0; cs_model_get_row(m, (cs_table)t, i, buf, values); i++) {
      }
    /* And the rental house plans whatever was accepted (the LPs only: Cbc is timed). */
    if (m->items.n) {
      cs_arena *a = cs_arena_new();
      cs_shortages *S = NULL;
      cs_rental_plan *p = NULL;
      const cs_rental_options o = {CS_DATE_NONE, -1, -1, -1, false, NULL, false};
      if (!a) abort();
      if (cs_rental_shortages(m, CS_DATE_NONE, CS_DATE_NONE, a, &S, &err) == CS_ENOMEM) abort();
      if (cs_rental_plan_compute(m, &o, a, &p, &err) == CS_OK && p->gap < 0) abort();
      cs_arena_free(a);
    }
  } else if (!err.message[0]) {
    abort(); /* a refusal always says why */
  }
  cs_model_free(m);
  return 0;
}
