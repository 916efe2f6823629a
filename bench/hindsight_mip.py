#!/usr/bin/python3
"""How much of simulate-pricing's hindsight bound whole requests can reach.

The hindsight bound (docs/pricing.md) is an LP: it may take part of a request. This script
writes the same question as an integer program for glpsol (glpk-utils) — each request
taken whole or not at all, the model's booked orders always, every resource able to finish
what it holds by the due dates from each arrival (on one resource, work released on day s
and due by day t fits when it needs no more than the capacity of days s..t) — and prints
the LP's and the integer program's best throughput.

    python3 bench/hindsight_mip.py examples/two-drums examples/two-drums/requests.jsonl

Capacity is the resource's capacity ÷ period_days a day, every day (the scenarios have no
calendar exceptions); the order book is the CSV directory's orders.csv.
"""
import csv
import datetime
import json
import os
import subprocess
import sys
import tempfile


def rows(model, name):
    with open(os.path.join(model, name)) as f:
        return list(csv.DictReader(f))


def solve(lines, binary, tmp):
    text = list(lines)
    if binary:
        text += ["Binary"] + [" " + v for v in binary]
    text.append("End")
    lp, out = os.path.join(tmp, "h.lp"), os.path.join(tmp, "h.out")
    with open(lp, "w") as f:
        f.write("\n".join(text) + "\n")
    subprocess.run(["glpsol", "--lp", lp, "-o", out, "--tmlim", "120"], capture_output=True, check=True)
    with open(out) as f:
        for line in f:
            if line.startswith("Objective"):
                return float(line.split("=")[1].split()[0])
    raise SystemExit("glpsol gave no objective")


def main():
    model, stream = sys.argv[1], sys.argv[2]
    settings = {r["key"]: r["value"] for r in rows(model, "settings.csv")}
    today = datetime.date.fromisoformat(settings["today"])
    period = float(settings.get("period_days", 7))
    day = lambda s: (datetime.date.fromisoformat(s) - today).days
    products = {r["id"]: r for r in rows(model, "products.csv")}
    per_day = {r["id"]: float(r["capacity"]) * float(r.get("units") or 1) / period for r in rows(model, "resources.csv")}
    minutes = {}
    for r in rows(model, "routings.csv"):
        key = (r["product"], r["resource"])
        minutes[key] = minutes.get(key, 0) + float(r["minutes"])
    jobs = []  # (kind, product, qty, arrival day, due day, throughput)
    for o in rows(model, "orders.csv"):
        if o["status"] in ("confirmed", "released"):
            jobs.append(("booked", o["product"], float(o["qty"]), 0, max(0, day(o["due"])), 0.0))
    with open(stream) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                t = (r["price"] - float(products[r["product"]]["tvc"])) * r["qty"]
                jobs.append(("request", r["product"], r["qty"], max(0, day(r["at"])), day(r["due"]), t))
    last = max(j[4] for j in jobs) + 1
    lines = ["Maximize", " obj: " + " + ".join("%.6f y%d" % (j[5], k) for k, j in enumerate(jobs) if j[0] == "request"),
             "Subject To"]
    n = 0
    for res, cap in per_day.items():
        for s in range(last):
            for t in range(s, last):
                terms = ["%.6f y%d" % (j[2] * minutes.get((j[1], res), 0), k) for k, j in enumerate(jobs)
                         if j[3] >= s and j[4] <= t and minutes.get((j[1], res), 0) > 0]
                if terms:
                    n += 1
                    lines.append(" c%d: %s <= %.6f" % (n, " + ".join(terms), cap * (t - s + 1)))
    lines.append("Bounds")
    lines += [(" y%d = 1" if j[0] == "booked" else " 0 <= y%d <= 1") % k for k, j in enumerate(jobs)]
    with tempfile.TemporaryDirectory() as tmp:
        lp = solve(lines, None, tmp)
        mip = solve(lines, ["y%d" % k for k, j in enumerate(jobs) if j[0] == "request"], tmp)
    print(json.dumps({"bench": "hindsight_mip", "lp_bound": round(lp, 2), "whole_requests": round(mip, 2),
                      "share": round(mip / lp, 4) if lp else None}))


if __name__ == "__main__":
    main()
