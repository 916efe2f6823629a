#!/usr/bin/env python3
"""rental_milp.py — an independent statement of the rental plan (DESIGN §9) as one MILP,
solved by glpsol, and an independent checker of a plan the engine wrote.

  rental_milp.py optimum MODEL_DIR [--tmlim S] [--gear-only]   prints {"optimum", "status"}
  rental_milp.py check MODEL_DIR PLAN.json         exits 1 naming the first rule broken

Written from DESIGN §9 alone (not from the C code): a job line holds its units from out to
in, owned units also for the item's turnaround; a sub-rented unit costs its supplier's
cost_per_day (or the item's open market's) times the job's days; a job pays each supplier
max(min_charge, day charges) plus delivery; a person works at most one job a day, with a
skill they have, when available, at most max_days; staff cost nothing, freelancers their
day rate. What nothing can fill costs UNFILLED per unit-day (it is never cheaper to leave
something unfilled than to fill it)."""
import csv, datetime, json, os, subprocess, sys, tempfile

UNFILLED = 1e7


def day(s):
    return datetime.date.fromisoformat(s).toordinal()


def table(d, name):
    path = os.path.join(d, name + ".csv")
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def load(d):
    settings = {r["key"]: r["value"] for r in table(d, "settings")}
    today = day(settings["today"]) if settings.get("today") else None
    items = {r["id"]: r for r in table(d, "items")}
    for r in items.values():
        r["owned"] = int(r.get("owned") or 0)
        r["market"] = float(r["subrent_cost_per_day"]) if r.get("subrent_cost_per_day") else None
        r["turn"] = int(r.get("turnaround_days") or 0)
    sups = table(d, "suppliers")
    for s in sups:
        s["qty"] = int(s["qty"]); s["cost"] = float(s["cost_per_day"])
        s["mc"] = float(s.get("min_charge") or 0); s["del"] = float(s.get("delivery_cost") or 0)
    jobs = {r["id"]: r for r in table(d, "jobs") if (r.get("status") or "confirmed") in ("hold", "confirmed")}
    for j in jobs.values():
        j["o"], j["i"] = day(j["out"]), day(j["in"])
    lines = []
    for r in table(d, "job_items"):
        if r["job"] in jobs and int(r["qty"]) > 0:
            j = jobs[r["job"]]
            if today is not None and j["i"] + items[r["item"]]["turn"] < today:
                continue
            lines.append({"job": r["job"], "item": r["item"], "qty": int(r["qty"]), "o": j["o"], "i": j["i"]})
    crew = {r["id"]: r for r in table(d, "crew")}
    for c in crew.values():
        c["skills"] = set(x for x in (c.get("skills") or "").split(";") if x)
        c["rate"] = float(c.get("cost_per_day") or 0) if c["kind"] == "freelance" else 0.0
        c["max"] = int(c.get("max_days") or 3660)
    away = {(r["crew"], day(r["date"])) for r in table(d, "crew_calendar") if (r.get("available") or "0") == "0"}
    clines = []
    for r in table(d, "job_crew"):
        if r["job"] in jobs:
            j = jobs[r["job"]]
            f = day(r["from"]) if r.get("from") else j["o"]
            t = day(r["to"]) if r.get("to") else j["i"]
            if today is not None:
                f = max(f, today)
            if f <= t:
                clines.append({"job": r["job"], "skill": r["skill"], "qty": int(r["qty"]), "f": f, "t": t})
    return today, items, sups, jobs, lines, crew, away, clines


def optimum(d, tmlim, gear_only=False):
    today, items, sups, jobs, lines, crew, away, clines = load(d)
    if gear_only:
        clines = []
    obj, cons, bounds, ints, bins = [], [], [], [], []
    # Gear.
    pairs = {}
    for n, l in enumerate(lines):
        it = items[l["item"]]
        days = l["i"] - l["o"] + 1
        terms = [f"x{n}"]
        bounds.append(f"0 <= x{n} <= {l['qty']}"); ints.append(f"x{n}")
        if it["market"] is not None:
            obj.append(f"+ {it['market'] * days} m{n}"); terms.append(f"m{n}"); ints.append(f"m{n}")
        obj.append(f"+ {UNFILLED * days} u{n}"); terms.append(f"u{n}"); ints.append(f"u{n}")
        for k, s in enumerate(sups):
            if s["item"] != l["item"]:
                continue
            v = f"s{n}_{k}"
            terms.append(v); ints.append(v)
            bounds.append(f"0 <= {v} <= {min(l['qty'], s['qty'])}")
            key = (l["job"], s["supplier"])
            p = pairs.setdefault(key, {"id": len(pairs), "rent": [], "mc": 0.0, "del": 0.0, "s": []})
            p["rent"].append(f"+ {s['cost'] * days} {v}")
            p["mc"] = max(p["mc"], s["mc"]); p["del"] = max(p["del"], s["del"])
            p["s"].append((v, min(l["qty"], s["qty"])))
        cons.append(" + ".join(terms) + f" = {l['qty']}")
    # Every supplier row of an item a job holds sets the pair's terms, used or not.
    for (job, name), p in pairs.items():
        for s in sups:
            if s["supplier"] == name and any(l["job"] == job and l["item"] == s["item"] for l in lines):
                p["mc"] = max(p["mc"], s["mc"]); p["del"] = max(p["del"], s["del"])
        y, b = f"y{p['id']}", f"b{p['id']}"
        bins.append(y)
        obj.append(f"+ {p['del']} {y} + 1 {b}")
        cons.append(f"{b} " + " ".join(t.replace("+ ", "- ", 1) for t in p["rent"]) + " >= 0")
        cons.append(f"{b} - {p['mc']} {y} >= 0")
        for v, ub in p["s"]:
            cons.append(f"{v} - {ub} {y} <= 0")
    lo = min([l["o"] for l in lines], default=0)
    hi = max([l["i"] + items[l["item"]]["turn"] for l in lines], default=-1)
    for name, it in items.items():
        for t in range(lo, hi + 1):
            if today is not None and t < today:
                continue
            held = [f"x{n}" for n, l in enumerate(lines) if l["item"] == name and l["o"] <= t <= l["i"] + it["turn"]]
            if held and sum(lines[n]["qty"] for n, l in enumerate(lines) if l["item"] == name and l["o"] <= t <= l["i"] + it["turn"]) > it["owned"]:
                cons.append(" + ".join(held) + f" <= {it['owned']}")
    for k, s in enumerate(sups):
        for t in range(lo, hi + 1):
            if today is not None and t < today:
                continue
            used = [f"s{n}_{k}" for n, l in enumerate(lines) if l["item"] == s["item"] and l["o"] <= t <= l["i"]]
            if used:
                cons.append(" + ".join(used) + f" <= {s['qty']}")
    # Crew.
    byday = {}
    for c, cl in enumerate(clines):
        for t in range(cl["f"], cl["t"] + 1):
            terms = []
            for pid, p in crew.items():
                if cl["skill"] in p["skills"] and (pid, t) not in away:
                    v = f"a_{pid}_{c}_{t}"
                    terms.append(v); bins.append(v)
                    if p["rate"]:
                        obj.append(f"+ {p['rate']} {v}")
                    byday.setdefault((pid, t), []).append(v)
            u = f"w{c}_{t}"
            ints.append(u)
            obj.append(f"+ {UNFILLED} {u}")
            cons.append(" + ".join(terms + [u]) + f" = {cl['qty']}")
    per = {}
    for (pid, t), vs in byday.items():
        if len(vs) > 1:
            cons.append(" + ".join(vs) + " <= 1")
        per.setdefault(pid, []).extend(vs)
    for pid, vs in per.items():
        if len(vs) > crew[pid]["max"]:
            cons.append(" + ".join(vs) + f" <= {crew[pid]['max']}")
    with tempfile.TemporaryDirectory() as tmp:
        lp, out = os.path.join(tmp, "m.lp"), os.path.join(tmp, "m.out")
        with open(lp, "w") as f:
            f.write("Minimize\n obj: 0 zero " + " ".join(obj) + "\nSubject To\n zc: zero = 0\n")
            for n, c in enumerate(cons):
                f.write(f" c{n}: {c}\n")
            f.write("Bounds\n" + "".join(f" {b}\n" for b in bounds))
            if ints:
                f.write("General\n" + "".join(f" {v}\n" for v in ints))
            if bins:
                f.write("Binary\n" + "".join(f" {v}\n" for v in bins))
            f.write("End\n")
        r = subprocess.run(["glpsol", "--lp", lp, "--tmlim", str(tmlim), "-o", out], capture_output=True, text=True)
        text = open(out).read() if os.path.exists(out) else r.stdout
    status = next((l.split(":", 1)[1].strip() for l in text.splitlines() if l.startswith("Status:")), "?")
    value = next((float(l.split("=")[1].split()[0]) for l in text.splitlines() if l.startswith("Objective:")), None)
    return {"optimum": value, "status": status}


def check(d, plan):
    today, items, sups, jobs, lines, crew, away, clines = load(d)
    by_line = {(l["job"], l["item"]): l for l in lines}
    owned_use, sup_use, cost = {}, {}, 0.0
    bills = {}
    for pl in plan["lines"]:
        l = by_line.get((pl["job"], pl["item"]))
        assert l, f"line {pl['job']}/{pl['item']} is not a planned line"
        got = pl["owned"] + sum(s["qty"] for s in pl["subrent"]) + pl["unfilled"]
        assert got == l["qty"], f"line {pl['job']}/{pl['item']}: {got} units for {l['qty']}"
        it = items[l["item"]]
        days = l["i"] - l["o"] + 1
        for t in range(l["o"], l["i"] + it["turn"] + 1):
            owned_use[(l["item"], t)] = owned_use.get((l["item"], t), 0) + pl["owned"]
        for s in pl["subrent"]:
            if s["supplier"] == "open market":
                assert it["market"] is not None, f"{l['item']} has no open market"
                cost += s["qty"] * it["market"] * days
                continue
            row = next(r for r in sups if r["supplier"] == s["supplier"] and r["item"] == l["item"])
            for t in range(l["o"], l["i"] + 1):
                sup_use[(s["supplier"], l["item"], t)] = sup_use.get((s["supplier"], l["item"], t), 0) + s["qty"]
            b = bills.setdefault((l["job"], s["supplier"]), 0.0)
            bills[(l["job"], s["supplier"])] = b + s["qty"] * row["cost"] * days
    assert len(plan["lines"]) == len(lines), f"{len(plan['lines'])} lines planned of {len(lines)}"
    for (name, t), n in owned_use.items():
        if today is None or t >= today:
            assert n <= items[name]["owned"], f"{name} on day {t}: {n} owned units used of {items[name]['owned']}"
    for (s, name, t), n in sup_use.items():
        if today is None or t >= today:
            q = next(r["qty"] for r in sups if r["supplier"] == s and r["item"] == name)
            assert n <= q, f"{s} lends {n} of {name} on day {t}, it has {q}"
    for (job, s), rent in bills.items():
        mc = max(r["mc"] for r in sups if r["supplier"] == s and any(l["job"] == job and l["item"] == r["item"] for l in lines))
        dl = max(r["del"] for r in sups if r["supplier"] == s and any(l["job"] == job and l["item"] == r["item"] for l in lines))
        cost += max(rent, mc) + dl
    busy, worked = set(), {}
    need = {}
    for cl in clines:
        for t in range(cl["f"], cl["t"] + 1):
            need[(cl["job"], cl["skill"], t)] = need.get((cl["job"], cl["skill"], t), 0) + cl["qty"]
    have = {}
    for c in plan["crew"]:
        t = day(c["date"])
        key = (c["job"], c["skill"], t)
        assert key in need, f"crew on {key}, which needs nobody"
        have[key] = have.get(key, 0) + 1
        if c["crew"] is None:
            continue
        p = crew[c["crew"]]
        assert c["skill"] in p["skills"], f"{c['crew']} lacks {c['skill']}"
        assert (c["crew"], t) not in away, f"{c['crew']} is away on {c['date']}"
        assert (c["crew"], t) not in busy, f"{c['crew']} works two jobs on {c['date']}"
        busy.add((c["crew"], t))
        worked[c["crew"]] = worked.get(c["crew"], 0) + 1
        cost += p["rate"]
    for key, n in need.items():
        assert have.get(key, 0) == n, f"{key}: {have.get(key, 0)} people for {n}"
    for pid, n in worked.items():
        assert n <= crew[pid]["max"], f"{pid} works {n} days, at most {crew[pid]['max']}"
    assert abs(cost - plan["cost"]) <= 1e-6 * max(1.0, cost), f"the plan says it costs {plan['cost']}, it costs {cost}"
    # What the MILP's objective would count for this plan: unfilled unit-days at UNFILLED.
    penalised = cost
    for pl in plan["lines"]:
        l = by_line[(pl["job"], pl["item"])]
        penalised += UNFILLED * pl["unfilled"] * (l["i"] - l["o"] + 1)
    penalised += UNFILLED * sum(1 for c in plan["crew"] if c["crew"] is None)
    return {"cost": cost, "penalised": penalised}


if __name__ == "__main__":
    if sys.argv[1] == "optimum":
        tm = int(sys.argv[sys.argv.index("--tmlim") + 1]) if "--tmlim" in sys.argv else 60
        print(json.dumps(optimum(sys.argv[2], tm, "--gear-only" in sys.argv)))
    elif sys.argv[1] == "check":
        try:
            c = check(sys.argv[2], json.load(open(sys.argv[3])))
        except AssertionError as e:
            print(f"check: {e}", file=sys.stderr)
            sys.exit(1)
        print(json.dumps(c))
