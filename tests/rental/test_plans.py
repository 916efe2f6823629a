#!/usr/bin/env python3
"""test_plans.py — the rental plan (`clockspeed allocate`) on small random books against
an independent MILP (rental_milp.py, glpsol): every plan keeps every rule of DESIGN §9 (the
checker), costs what it says, and costs at most 0.5 % more than the optimum; and a job's
quote (its neighbourhood re-planned with it and without it) is within 1 % of the plan's
cost of the optimum's marginal (the MILP with the job minus the MILP without).

Run by ctest with CS_CLI set; CS_RENTAL_BOOKS sets how many books (default 30)."""
import json, os, random, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CLI = os.environ["CS_CLI"]
MILP = os.path.join(HERE, "rental_milp.py")
UNFILLED = 1e7


def write(d, name, header, rows):
    with open(os.path.join(d, name + ".csv"), "w") as f:
        f.write(header + "\n")
        for r in rows:
            f.write(",".join(str(x) for x in r) + "\n")


def book(d, seed):
    """A small random book: a few items (some without an open market), two partners with
    minimum charges and deliveries, staff and freelancers with skills, absences, a dozen
    overlapping jobs."""
    g = random.Random(seed)
    day = lambda k: f"2027-03-{k + 1:02d}"
    write(d, "settings", "key,value", [("today", day(0)), ("currency", "EUR")])
    items = []
    for i in range(g.randint(3, 5)):
        market = "" if g.random() < 0.2 else g.choice([10, 20, 35, 50])
        items.append((f"I{i}", f"Item {i}", g.randint(1, 4), market, g.choice([100, 500, 2000]), g.randint(0, 1)))
    write(d, "items", "id,name,owned,subrent_cost_per_day,purchase_cost,turnaround_days", items)
    sups = []
    for s in ("P1", "P2"):
        for it in items:
            if g.random() < 0.6:
                base = it[3] if it[3] != "" else 40
                sups.append((s, it[0], g.randint(1, 3), round(base * g.uniform(0.6, 0.95), 1), g.choice([0, 20, 60, 120]),
                             g.choice([0, 15, 40])))
    write(d, "suppliers", "supplier,item,qty,cost_per_day,min_charge,delivery_cost", sups)
    skills = ["light", "sound", "rig"]
    crew = []
    for c in range(g.randint(3, 6)):
        staff = c < 2
        sk = ";".join(sorted(g.sample(skills, g.randint(1, 2 if staff else 1))))
        crew.append((f"C{c}", f"Person {c}", sk, "staff" if staff else "freelance", 0 if staff else g.choice([150, 200, 300]),
                     g.randint(3, 12)))
    write(d, "crew", "id,name,skills,kind,cost_per_day,max_days", crew)
    write(d, "crew_calendar", "crew,date,available", [(c[0], day(g.randint(0, 11)), 0) for c in crew if g.random() < 0.4])
    jobs, lines, clines = [], [], []
    for j in range(g.randint(6, 10)):
        out = g.randint(0, 10)
        ln = g.randint(1, 3)
        jobs.append((f"J{j}", f"Cust {j}", "", day(out), day(min(out + ln - 1, 13)), 3000, g.choice(["confirmed", "hold"]), 0))
        for it in g.sample(items, g.randint(1, min(3, len(items)))):
            lines.append((f"J{j}", it[0], g.randint(1, 4)))
        for _ in range(g.randint(0, 2)):
            clines.append((f"J{j}", g.choice(skills), g.randint(1, 2), "", ""))
    write(d, "jobs", "id,customer,venue,out,in,price,status,materials_cost", jobs)
    write(d, "job_items", "job,item,qty", lines)
    write(d, "job_crew", "job,skill,qty,from,to", clines)


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise AssertionError(f"{' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def optimum(d, seed, what):
    """The MILP's optimum of the book in d (penalised), or None, saying so, when glpsol
    did not prove it."""
    opt = json.loads(run([sys.executable, MILP, "optimum", d, "--tmlim", "60"]))
    if opt["status"] != "INTEGER OPTIMAL":
        print(f"book {seed}: the MILP {what}did not finish ({opt['status']})")
        return None
    return opt["optimum"]


def main():
    n = int(os.environ.get("CS_RENTAL_BOOKS", "30"))
    ratios, offs, failures = [], [], 0
    for seed in range(1, n + 1):
        with tempfile.TemporaryDirectory() as d:
            book(d, seed)
            plan = json.loads(run([CLI, "allocate", d, "--json"]))
            with open(os.path.join(d, "plan.json"), "w") as f:
                json.dump(plan, f)
            r = subprocess.run([sys.executable, MILP, "check", d, os.path.join(d, "plan.json")], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"book {seed}: {r.stderr.strip()}")
                failures += 1
                continue
            mine = json.loads(r.stdout)["penalised"]
            best = optimum(d, seed, "")
            if best is None:
                failures += 1
                continue
            # Equal unfilled units (the penalty's part) first; then the real costs.
            if round(mine / UNFILLED) != round(best / UNFILLED):
                print(f"book {seed}: the plan leaves {round(mine / UNFILLED)} unit-days unfilled, the optimum {round(best / UNFILLED)}")
                failures += 1
                continue
            real_mine, real_best = mine % UNFILLED, best % UNFILLED
            ratio = real_mine / real_best if real_best > 1e-9 else (1.0 if real_mine < 1e-9 else float("inf"))
            ratios.append(ratio)
            if ratio > 1.005 + 1e-9:
                print(f"book {seed}: the plan costs {real_mine:.2f}, the optimum {real_best:.2f} ({100 * (ratio - 1):.2f} % more)")
                failures += 1
            # A quote re-plans only the new job's neighbourhood against the plan kept; its
            # marginal must match the optimum's (the MILP of the book with the job minus the
            # MILP without it) within 1 % of the plan with the job: the neighbourhood does
            # not see other jobs' supplier bills for items outside it, nor move crew days
            # far from the job (docs/internals/rental.md).
            job = {"id": "NEWJOB", "out": "2027-03-04", "in": "2027-03-06", "price": 5000,
                   "items": [{"item": "I0", "qty": 2}], "crew": [{"skill": "light", "qty": 1}]}
            with open(os.path.join(d, "job.json"), "w") as f:
                json.dump(job, f)
            q = json.loads(run([CLI, "quote-job", d, "--job-file", os.path.join(d, "job.json"), "--json"]))
            with open(os.path.join(d, "jobs.csv"), "a") as f:
                f.write("NEWJOB,,,2027-03-04,2027-03-06,5000,confirmed,0\n")
            with open(os.path.join(d, "job_items.csv"), "a") as f:
                f.write("NEWJOB,I0,2\n")
            with open(os.path.join(d, "job_crew.csv"), "a") as f:
                f.write("NEWJOB,light,1,,\n")
            best2 = optimum(d, seed, "with the job ")
            if best2 is None:
                failures += 1
                continue
            if round(best2 / UNFILLED) != round(best / UNFILLED):
                continue  # the job adds what nothing can fill: its marginal is not money
            optimal = max(0.0, best2 % UNFILLED - real_best)
            off = q["marginal_overhire"] - optimal
            offs.append(off)
            if abs(off) > 0.01 * (best2 % UNFILLED) + 1e-6:
                print(f"book {seed}: quote marginal {q['marginal_overhire']:.2f}, the optimum's {optimal:.2f}")
                failures += 1
    ratios.sort()
    if ratios:
        print(f"{len(ratios)} books against the MILP: worst {100 * (ratios[-1] - 1):.3f} % above the optimum, "
              f"median {100 * (ratios[len(ratios) // 2] - 1):.3f} %")
    if offs:
        print(f"{len(offs)} quotes against the MILP's marginal: {sum(1 for o in offs if abs(o) < 1e-6)} equal, "
              f"largest difference {max(offs, key=abs):+.2f}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
