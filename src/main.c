/* main.c — the clockspeed command line: dispatches `clockspeed <command> [options]`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
  {"constraint", "Shows every resource's load and protective capacity, and names the Constraint\n"
   "(or the market, when no resource is loaded past its capacity). On a rental house alone\n"
   "(items.csv, no plant): the item whose owned capacity is worth most over the plan (the\n"
   "sum of its daily duals), and the crew skill that limits most.\n\n"
   "  --basis demand|orders  load from one period of market demand (default) or from the\n"
   "                         open orders due within the horizon\n"
   "  --json                 machine-readable output",
   "constraint [--basis demand|orders] [--json] MODEL", cmd_constraint},
  {"mix", "Finds the product mix that maximises throughput in whole units within every\n"
   "resource's capacity, with T/CU and shadow prices, and shows the cost-accounting mix\n"
   "and its net profit beside it.\n\n"
   "  --all       list every product (default: the 25 with the highest T/CU)\n"
   "  --gap X     accepted relative gap to the LP bound (default 0.005)\n"
   "  --json      machine-readable output",
   "mix [--all] [--gap X] [--json] MODEL", cmd_mix},
  {"promise", "S-DBR safe-date quoting: the date a new request can safely be promised, from the\n"
   "drum's planned load (the committed work still to pass it) and the production buffer.\n\n"
   "  --product ID  the product (required)\n"
   "  --qty N       units (required)\n"
   "  --at DATE     the moment of the request (default: the model's today)\n"
   "  --json        machine-readable output",
   "promise MODEL --product P --qty N [--at DATE] [--json]", cmd_promise},
  {"release", "The rope: which confirmed orders to release to the floor now (their release date,\n"
   "due date minus the production buffer, has come) and which to hold back.\n\n"
   "  --at DATE   the moment (default: the model's today)\n"
   "  --all       list every order\n"
   "  --json      machine-readable output",
   "release MODEL [--at DATE] [--all] [--json]", cmd_release},
  {"schedule", "DBR with an internal drum: the finite-capacity schedule of the Constraint, orders in\n"
   "the sequence of their due dates less the shipping buffer, with release dates (drum start\n"
   "less the constraint buffer) and the orders that cannot make their date.\n\n"
   "  --at DATE   the moment (default: the model's today)\n"
   "  --all       list every order\n"
   "  --json      machine-readable output",
   "schedule MODEL [--at DATE] [--all] [--json]", cmd_schedule},
  {"buffers", "Buffer management: every open order's buffer penetration and colour (green, yellow,\n"
   "red, black), each resource's priority queue, where the red and black orders wait, and\n"
   "the non-constraints whose protective capacity is too thin.\n\n"
   "  --at DATE   the moment (default: the model's today)\n"
   "  --all       list every order\n"
   "  --json      machine-readable output",
   "buffers MODEL [--at DATE] [--all] [--json]", cmd_buffers},
  {"measures", "Outcome measures from the order history: T, OE, NP, I, ROI, productivity, on-time\n"
   "rate, mean lead time, throughput-dollar-days and inventory-dollar-days; and their spread:\n"
   "lead time p50 and p90, and on-time rate and lead time by customer and by product.\n\n"
   "  --from DATE  first day (default: one period before --to)\n"
   "  --to DATE    last day (default: the model's today)\n"
   "  --all        list every customer and product (default: the five least on time)\n"
   "  --json       machine-readable output",
   "measures MODEL [--from DATE] [--to DATE] [--all] [--json]", cmd_measures},
  {"event", "Applies events to the store DB: JSON lines from FILE (or standard input when FILE\n"
   "is - or absent), one event per line, as one batch. The batch is committed before it is\n"
   "acknowledged; when one event is invalid the message names its line and field and none\n"
   "of the batch is applied. docs/events.md lists the event types.\n\n"
   "  --json   machine-readable output",
   "event DB [FILE|-] [--json]", cmd_event},
  {"quote", "Prices a request from the Constraint's remaining capacity: the floor price is the\n"
   "request's TVC plus the bid prices of the constraint time it takes, placed where that is\n"
   "cheapest before its due date. Shows the cost-accounting full cost beside it.\n\n"
   "  --product ID     the product (required)\n"
   "  --qty N          units (required)\n"
   "  --due DATE       due date (required)\n"
   "  --price X        price offered per unit: the answer says accept or refuse\n"
   "  --at DATE        the moment of the request (default: the model's today); capacity\n"
   "                   before it is spent and the plan's work there taken as done\n"
   "  --book           on a store: book an accepted request as a confirmed order\n"
   "  --customer NAME  the customer of a booked order\n"
   "  --id ID          the id of a booked order (default Q-YYYYMMDD-N)\n"
   "  --bucket-days N  length of the near bid-price buckets in days (default: one day)\n"
   "  --json           machine-readable output",
   "quote MODEL --product P --qty N --due DATE [--price X] [--at DATE] [--book] [--json]", cmd_quote},
  {"decide", "Values a what-if decision by what it does to the Constraint: the period's plan is\n"
   "re-solved with the decision in it, and the change in T, OE, NP and I is shown with the\n"
   "cost-accounting verdict beside it. DECISION and its options:\n\n"
   "  accept-order  --product P --qty N --price X     a one-off order at a special price\n"
   "  overtime      --resource R --minutes N [--cost C] more minutes paid as OE (default\n"
   "                                                  cost: the resource's overtime cost)\n"
   "  over-hire     --resource R --minutes N [--cost C] more minutes paid as TVC\n"
   "  buy-product   --product P --buy-price X          buy P instead of making it\n"
   "  buy-step      --product P --resource R --buy-price X   subcontract P's step on R\n"
   "  drop-product  --product P [--oe-saved X]         stop selling P\n"
   "  add-product   --price X --tvc Y --demand N --step R:MIN [--step R:MIN ...]\n"
   "  move-due      --order ID --due DATE              move a booked order's due date\n\n"
   "  --json        machine-readable output",
   "decide MODEL DECISION [options] [--json]", cmd_decide},
  {"simulate-pricing", "Replays a stream of requests (arrival, product, quantity, due date, price\n"
   "offered) under pricing policies and compares the throughput each earns with the\n"
   "hindsight bound, the LP that knows every request in advance.\n\n"
   "  --requests FILE   JSON lines: {\"at\", \"product\", \"qty\", \"due\", \"price\"}\n"
   "  --generate N      N requests drawn from the model's demand instead\n"
   "  --history         a horizon of requests like the order history instead: each period\n"
   "                    replays the orders of a past period drawn at random\n"
   "  --seed S          seed for --generate and --history (default 1)\n"
   "  --policy P        first-come, cost-plus, tcu, bid-price or all (default all)\n"
   "  --bucket-days N   length of the policies' near bid-price buckets (default one day;\n"
   "                    the hindsight bound is always solved in days)\n"
   "  --json            machine-readable output",
   "simulate-pricing MODEL (--requests FILE | --generate N | --history) [--seed S] [--policy P]\n"
   "                 [--bucket-days N] [--json]",
   cmd_simulate_pricing},
  {"book", "The sales desk: the best k slots for a visit to an opportunity's account. Every slot\n"
   "is feasible: the rep works that day, has the skill and fewer visits than the target; the\n"
   "visit starts at the earliest minute it can after the previous stop plus travel, inside\n"
   "the account's opening hours and the window, and ends in time to reach the next visit (or\n"
   "home by the day's end). Booked visits keep their times. Slots are scored by value less\n"
   "the rep-time bid price of the minutes they take, less the cost of the added driving.\n\n"
   "  --opportunity ID   the opportunity (required; it needs a concrete next_step)\n"
   "  --duration MIN     minutes of the visit (required)\n"
   "  --from DATE        first date searched (default: the desk's first day)\n"
   "  --to DATE          last date searched (default: the desk's last day)\n"
   "  --skill S          the skill the visit needs\n"
   "  --window-from HH:MM, --window-to HH:MM   the customer's window\n"
   "  -k N               slots wanted (default 3, at most 100)\n"
   "  --at DATE          the desk's moment (default: the model's today)\n"
   "  --confirm          book a slot in the store (an appointment.booked event), decided\n"
   "                     again on the store's latest state under its write lock\n"
   "  --slot N           which slot to book (default 1, the best)\n"
   "  --id ID            the booked appointment's id (default APT-YYYYMMDD-N)\n"
   "  --json             machine-readable output",
   "book MODEL --opportunity O --duration MIN [--from DATE] [--to DATE] [--skill S]\n"
   "           [--window-from HH:MM --window-to HH:MM] [-k N] [--at DATE]\n"
   "           [--confirm [--slot N] [--id ID]] [--json]",
   cmd_book},
  {"desk", "The coordinator's board: each rep's appointment buffer (visits booked in the next\n"
   "appointment_buffer_days working days against four a day, green/yellow/red, black when a\n"
   "working day in the next two has nothing booked), the queue of requests still to book by\n"
   "value per rep-minute, and the sales measures.\n\n"
   "  --at DATE   the moment (default: the model's today)\n"
   "  --all       list every rep and request\n"
   "  --json      machine-readable output",
   "desk MODEL [--at DATE] [--all] [--json]", cmd_desk},
  {"diary", "Each rep's diary: every working day's route from home to home, the visits in the\n"
   "order they are booked, the driving before each and home again.\n\n"
   "  --rep R       one rep (default: the first --limit reps)\n"
   "  --from DATE   the first day (default: the model's today)\n"
   "  --days N      how many days (default 7, at most 31)\n"
   "  --limit N     reps shown when no rep is named (default 200)\n"
   "  --json        machine-readable output",
   "diary MODEL [--rep R] [--from DATE] [--days N] [--limit N] [--json]", cmd_diary},
  {"friction", "The buying frictions that hold an opportunity (DESIGN §11), oldest first, with how a\n"
   "salesperson notices each and the countermeasure that removes it; with --book, the first\n"
   "one's countermeasure booked as the opportunity's next visit (the desk's best slot; its\n"
   "next step becomes the countermeasure).\n\n"
   "  --opportunity O  the opportunity (required)\n"
   "  --friction F     the friction whose countermeasure to book (default: the oldest open)\n"
   "  --at DATE        the day (default: the model's today)\n"
   "  --book           on a store: book the countermeasure\n"
   "  --slot N         which of the best three slots (default 1)\n"
   "  --id ID          the id of the appointment booked\n"
   "  --json           machine-readable output",
   "friction MODEL --opportunity O [--friction F] [--at DATE] [--book [--slot N] [--id ID]] [--json]", cmd_friction},
  {"frictions", "Which buying frictions recur and what they hold (DESIGN §11): per buying job and\n"
   "friction, how often observed and removed in the window, the median days to remove, the\n"
   "expected throughput of the deals it holds and the Throughput-Dollar-Days of those that\n"
   "stall; and the pipeline by stage with its days in stage.\n\n"
   "  --from DATE  first day of the window (default: 90 days before --to)\n"
   "  --to DATE    last day (default: the model's today)\n"
   "  --all        list every friction of the catalogue\n"
   "  --json       machine-readable output",
   "frictions MODEL [--from DATE] [--to DATE] [--all] [--json]", cmd_frictions},
  {"regret", "How the decisions taken turned out (issue 15): every quote, what-if decision and visit\n"
   "slot taken on a store is logged with the signal it used and the cost-accounting answer\n"
   "beside it; this replays the log against what happened (orders shipped or cancelled,\n"
   "visits held) and against hindsight: per type, what was earned, what the best choice\n"
   "would have earned, and what the cost-accounting answer would have earned.\n\n"
   "  --from DATE  first day of decisions (default: the whole log)\n"
   "  --to DATE    last day\n"
   "  --all        list every decision of the log (default: the last 20)\n"
   "  --json       machine-readable output",
   "regret MODEL [--from DATE] [--to DATE] [--all] [--json]", cmd_regret},
  {"shortages", "What the held and confirmed jobs of a rental house hold beyond what it owns (DESIGN\n"
   "§9): each item's short days, and each job's peak shortage of each item (the most short\n"
   "on any one of its days, turnaround included), never the sum over its days.\n\n"
   "  --from DATE  first day (default: the model's today)\n"
   "  --to DATE    last day (default: the last day a job holds)\n"
   "  --all        list every job's shortage\n"
   "  --json       machine-readable output",
   "shortages MODEL [--from DATE] [--to DATE] [--all] [--json]", cmd_shortages},
  {"allocate", "One plan for every held and confirmed job of a rental house (DESIGN §9): owned\n"
   "gear and staff go where they save the most; the rest comes from suppliers (minimum\n"
   "charges and delivery counted), the open market and freelancers. Gives the plan's cost,\n"
   "the LP bound below it and the gap, who fills what, what nobody can fill and why, and the\n"
   "value of one more owned unit of each item on each day.\n\n"
   "  --from DATE  first day planned (default: the model's today)\n"
   "  --all        list every line not on owned gear\n"
   "  --json       machine-readable output",
   "allocate MODEL [--from DATE] [--all] [--json]", cmd_allocate},
  {"quote-job", "Quotes a new rental job (DESIGN §9): its TVC is its materials plus the marginal\n"
   "over-hire cost, the whole book's optimal plan with the job minus without it, so gear\n"
   "moved off another job is counted. Accepted when its throughput is positive (or at least\n"
   "--min-throughput): capacity alone never refuses.\n\n"
   "  --job-file FILE       {\"id\", \"customer\", \"out\", \"in\", \"price\", \"materials_cost\",\n"
   "                        \"items\": [{\"item\", \"qty\"}], \"crew\": [{\"skill\", \"qty\", \"from\", \"to\"}]}\n"
   "  --min-throughput X    the least throughput to accept\n"
   "  --book                on a store: store the job (job.created)\n"
   "  --json                machine-readable output",
   "quote-job MODEL --job-file FILE [--min-throughput X] [--book] [--json]", cmd_quote_job},
  {"buy-or-subrent", "Which items of a rental house are worth buying (DESIGN §9): the items for which\n"
   "one more owned unit saves at least its purchase cost over the plan (the sum of its daily\n"
   "duals), with the share of the plan it takes to pay back.\n\n"
   "  --all    list every item that is ever short\n"
   "  --json   machine-readable output",
   "buy-or-subrent MODEL [--all] [--json]", cmd_buy_or_subrent},
  {"simulate", "The variability simulator (DESIGN §10): the plant's resources, routings and orders\n"
   "run as a discrete-event simulation with step times drawn from distributions, breakdowns,\n"
   "absences and rework; every release x dispatch pair on the same random numbers, each\n"
   "figure with its 95 % interval over the replications.\n\n"
   "  --variability FILE   variability.csv (docs/simulate.md); or\n"
   "  --cv X               a lognormal of coefficient of variation X on every step (default 0)\n"
   "  --arrivals A         poisson (unit orders at each product's demand, default) or orders\n"
   "  --saturated          an unlimited backlog waits at release (CONWIP studies)\n"
   "  --release LIST       push, rope, conwip:N, comma-separated (default push,rope)\n"
   "  --dispatch LIST      fifo, edd, bp (buffer penetration), comma-separated (default fifo,bp)\n"
   "  --days D             days measured (default 60), after --warmup D (default 10)\n"
   "  --replications N     default 20; --seed S; --threads N (default 2; the answer is the same)\n"
   "  --json               machine-readable output",
   "simulate MODEL [--variability FILE | --cv X] [--arrivals poisson|orders] [--saturated]\n"
   "           [--release push,rope,conwip:N] [--dispatch fifo,edd,bp] [--days D] [--warmup D]\n"
   "           [--replications N] [--seed S] [--threads N] [--json]", cmd_simulate},
  {"route", "The reps' booked days improved (DESIGN §8): each date's visits re-sequenced and\n"
   "re-assigned across reps, neighbourhood by neighbourhood, to drive less. A pinned visit\n"
   "(or one done) keeps its rep and start; the others stay on their date, inside the\n"
   "account's hours and their window, with a rep who has their skill and room under the\n"
   "target; every rep's day still runs home to home. Never worse than the booked plan.\n\n"
   "  --date DATE       the first date (today or later)\n"
   "  --days N          dates routed, each on its own (default 1, at most 31)\n"
   "  --time-limit S    seconds of search in all (default half a second a neighbourhood)\n"
   "  --threads N       threads that cooperate (default 2, at most 16)\n"
   "  --seed S          the random seed (default 1)\n"
   "  --apply           write the moves to the store (one appointments.rerouted event)\n"
   "  --all             list every move\n"
   "  --json            machine-readable output\n\n"
   "With --solomon FILE instead of MODEL: the route engine on a Solomon VRPTW instance,\n"
   "the routes of least total distance (Euclidean, unrounded) within the file's fleet,\n"
   "capacity and time windows (default time limit 1 s).",
   "route MODEL --date DATE [--days N] [--time-limit S] [--threads N] [--seed S] [--apply] [--json]\n"
   "       clockspeed route --solomon FILE [--time-limit S] [--threads N] [--seed S] [--json]", cmd_route},
  {"serve", "Serves MODEL over HTTP: the JSON API (one route per command), live signals as\n"
   "Server-Sent Events at /api/stream, the dashboard at /, /openapi.json, /metrics and\n"
   "/healthz. Reads need a bearer token of role viewer, events and bookings planner,\n"
   "settings admin (`clockspeed token create`). Stops cleanly on SIGTERM.\n\n"
   "  --listen HOST:PORT  where to listen (default 127.0.0.1:8080; loopback unless told)\n"
   "  --open-reads        let reads through without a token (a demo on loopback)\n"
   "  --web DIR           the dashboard's files (default: the build's web directory)\n"
   "  --heartbeat S       seconds between heartbeats on the event stream (default 15)\n"
   "  --request-deadline S  seconds a client has to send a whole request (default 10)\n"
   "  --per-ip N          connections one client address may hold before its oldest\n"
   "                      unfinished request is cut to make room (default 128)\n"
   "  --stop-after N      stop by itself after N seconds (for tests)",
   "serve MODEL [--listen HOST:PORT] [--open-reads] [--web DIR] [--heartbeat S] [--stop-after N]", cmd_serve},
  {"token", "Creates a bearer token for the server in the store DB and prints it on its last\n"
   "line; the store keeps only its hash.\n\n"
   "  --role R   viewer (reads), planner (also events and bookings) or admin (also settings)",
   "token create --role viewer|planner|admin DB", cmd_token},
  {"import", "Stores MODEL (a CSV directory, JSON file or store) in the store DB — a SQLite\n"
   "file, or a PostgreSQL database named by a postgresql:// URI (COPY, one transaction) —\n"
   "all or nothing: when MODEL has an error, DB is left as it was.",
   "import DB MODEL", cmd_import},
  {"export", "Writes the model held by DB (or any MODEL) back as a CSV directory, or as one JSON\n"
   "document when OUT ends in .json.",
   "export DB OUT", cmd_export},
  {"init", "Creates the store DB (a SQLite file or a postgresql:// URI) holding a bundled demo\n"
   "company: pq (Goldratt's P&Q case), plant (a job shop of 30 resources and 200 products)\n"
   "or sales (a field sales desk of 25 reps, 600 accounts and 300 opportunities).\n\n"
   "  --demo NAME  which demo (required)\n"
   "  --force      replace DB when it already holds a model",
   "init DB --demo pq|plant|sales [--force]", cmd_init},
  {"generate", "Generates a synthetic company of scale S, M or L (DESIGN §7) into OUT: a CSV\n"
   "directory, a JSON file (.json), a SQLite store (.db) or a postgresql:// store.\n\n"
   "  --scale S|M|L   size (required)\n"
   "  --seed N        random seed (default 1)\n"
   "  --today DATE    first day of the period (default 2026-01-05)",
   "generate --scale S|M|L [--seed N] [--today DATE] OUT", cmd_generate},
};

const cli_command *cli_find_command(const char *name) {
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return NULL;
}

/* Prints the list of commands. */
static void usage(FILE *fp) {
  fprintf(fp, "usage: clockspeed <command> [options] [MODEL]\n\n"
              "MODEL is a CSV directory, a JSON file, or a store: a SQLite file or a PostgreSQL\n"
              "database named by a postgresql:// URI (libpq's PG* environment variables fill in\n"
              "what it leaves out).\n\ncommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    const char *nl = strchr(commands[i].summary, '\n');
    int len = nl ? (int)(nl - commands[i].summary) : (int)strlen(commands[i].summary);
    fprintf(fp, "  %-17s %.*s\n", commands[i].name, len, commands[i].summary);
  }
  fprintf(fp, "\n`clockspeed <command> --help` tells more; --version prints the version.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
    printf("clockspeed %s\n", cs_version());
    return 0;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
    if (argc > 2 && cli_find_command(argv[2])) return cli_help(cli_find_command(argv[2]));
    usage(stdout);
    return 0;
  }
  const cli_command *cmd = cli_find_command(argv[1]);
  if (!cmd) {
    fprintf(stderr, "clockspeed: '%s' is not a command\n", argv[1]);
    usage(stderr);
    return 2;
  }
  return cmd->run(argc - 1, argv + 1);
}
