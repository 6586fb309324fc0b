#!/usr/bin/env python3
"""Load on `placemap serve`: CLIENTS concurrent clients each POST one render at once
(200 by default), and the latency of each, the failures and the server's peak memory.

    cargo build --release
    python3 benches/serve_load.py                       # 200 PNG renders of the story map
    python3 benches/serve_load.py --clients 200 --format svg --rounds 3

The server is started on a free loopback port and stopped at the end; every client has a
timeout, so the run stops by itself. Prints p50, p90, p99 and the maximum latency, the
throughput and the server's peak resident memory (VmHWM), and exits 1 on any failure.
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/placemap"))
    ap.add_argument("--scene", default=os.path.join(ROOT, "examples/sco-samarkand.json"))
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=1, help="renders per client, one after another")
    ap.add_argument("--format", default="png", choices=["svg", "png", "pdf"])
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per request")
    args = ap.parse_args()

    with open(args.scene, "rb") as f:
        scene = f.read()
    server = subprocess.Popen([args.bin, "serve", "--port", "0"], stderr=subprocess.PIPE,
                              stdout=subprocess.DEVNULL)
    try:
        line = server.stderr.readline().decode()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", line).group(1))
        latencies, failures = [], []
        lock = threading.Lock()
        start_gate = threading.Barrier(args.clients)

        def client(i):
            start_gate.wait()
            for _ in range(args.rounds):
                t = time.perf_counter()
                try:
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=args.timeout)
                    c.request("POST", f"/render?format={args.format}", body=scene,
                              headers={"Content-Type": "application/json"})
                    r = c.getresponse()
                    body = r.read()
                    c.close()
                    ok = r.status == 200 and len(body) > 1000
                    why = f"status {r.status}: {body[:200]!r}"
                except Exception as e:  # a timeout or a refused connection is a failure
                    ok, why = False, repr(e)
                took = time.perf_counter() - t
                with lock:
                    (latencies if ok else failures).append(took if ok else why)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        with open(f"/proc/{server.pid}/status") as f:
            hwm = next(l for l in f if l.startswith("VmHWM")).split()[1]
    finally:
        server.kill()
        server.wait()

    n = len(latencies)
    ms = sorted(x * 1000 for x in latencies)
    q = lambda p: ms[min(n - 1, int(p / 100 * n))] if n else float("nan")
    print(f"{args.clients} clients x {args.rounds} {args.format} renders: {n} ok, {len(failures)} failed, "
          f"{wall:.1f} s, {n / wall:.1f} renders/s")
    print(f"latency ms: p50 {q(50):.0f}  p90 {q(90):.0f}  p99 {q(99):.0f}  max {ms[-1] if ms else 0:.0f}"
          f"  mean {statistics.fmean(ms) if ms else 0:.0f}")
    print(f"server peak memory (VmHWM): {int(hwm) / 1024:.0f} MiB")
    for why in failures[:5]:
        print("failure:", why, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
