#!/usr/bin/python3
"""The reference for the simulator's bench (DESIGN §7, §10): the same M/M/1 queue
(arrivals 0.9 a minute, exponential service of mean 1 minute, FIFO) in SimPy 2.3
(Debian's python3-simpy), for N customers. Prints one JSON line: customers, seconds,
the mean time in the system (theory: 10 minutes)."""
import json
import random
import sys
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate


class Customer(Process):
    def visit(self, server, stats):
        arrive = now()
        yield request, self, server
        yield hold, self, random.expovariate(1.0)
        yield release, self, server
        stats[0] += now() - arrive
        stats[1] += 1


class Source(Process):
    def generate(self, n, server, stats):
        for _ in range(n):
            c = Customer()
            activate(c, c.visit(server, stats))
            yield hold, self, random.expovariate(0.9)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    random.seed(1)
    initialize()
    server = Resource(capacity=1)
    stats = [0.0, 0]
    src = Source()
    activate(src, src.generate(n, server, stats))
    t0 = time.perf_counter()
    simulate(until=1e12)
    seconds = time.perf_counter() - t0
    print(json.dumps({"customers": stats[1], "seconds": seconds, "mean_time_in_system": stats[0] / max(1, stats[1])}))


if __name__ == "__main__":
    main()
