#!/usr/bin/env python3
"""Soak test: runs the headless app for a while under steady client load and reports errors and memory.

  soak.py FLIGHTDECK_BINARY [--minutes M] [--rate R] [--workers W]

Starts `flightdeck --headless` on free ports in a temporary data dir, drives a steady mix of cart reads and
writes (create, add, set quantity, remove, read) and registry reads at R requests/s over W keep-alive
connections, samples the process's resident memory every few seconds, and prints a summary. Memory growth
compares the last samples with those taken once the first quarter of the run (the warm-up) is over.
Exits 1 when any request failed or the memory grew by 10 % or more, 2 when the app did not start.
"""
import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wait_healthy(port, deadline):
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


class Worker(threading.Thread):
    """One keep-alive connection per service, issuing a fixed mix of requests at its share of the rate."""

    def __init__(self, index, cart_port, registry_port, interval, stop, stats):
        super().__init__(daemon=True)
        self.index, self.interval, self.stop, self.stats = index, interval, stop, stats
        self.ports = {"cart": cart_port, "registry": registry_port}
        self.connections = {}
        self.random = random.Random(index)
        self.cart = f"soak-{index}"
        self.last_item = "sku-1001"

    def call(self, service, method, path, body=None, expect=(200,)):
        for attempt in range(2):
            try:
                connection = self.connections.get(service)
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", self.ports[service], timeout=10)
                    self.connections[service] = connection
                payload = json.dumps(body).encode() if body is not None else None
                headers = {"Content-Type": "application/json"} if payload is not None else {}
                connection.request(method, path, body=payload, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status in expect
                self.stats.record(ok, f"{method} {path} -> {response.status}")
                return response.status
            except (OSError, http.client.HTTPException) as error:
                # A keep-alive connection the server closed while idle is reopened once, not an error.
                self.connections.pop(service, None)
                if attempt == 1:
                    self.stats.record(False, f"{method} {path} -> {error!r}")
        return 0

    def run(self):
        self.call("cart", "POST", "/carts", {"id": self.cart}, expect=(201, 409))
        step = 0
        next_at = time.monotonic()
        while not self.stop.is_set():
            item = f"sku-{1001 + self.random.randrange(30)}"
            kind = step % 8
            if kind in (0, 4):
                self.call("cart", "POST", f"/carts/{self.cart}/items", {"item_id": item, "quantity": 1})
                if kind == 0:
                    self.last_item = item
            elif kind == 1:
                self.call("cart", "GET", f"/carts/{self.cart}")
            elif kind == 2:
                self.call("cart", "PUT", f"/carts/{self.cart}/items/{self.last_item}", {"quantity": 2})
            elif kind == 3:
                self.call("cart", "GET", "/cart")
            elif kind == 5:
                self.call("registry", "GET", "/v1/health/service/cart?passing")
            elif kind == 6:
                self.call("cart", "GET", "/carts?limit=20")
            else:
                # Emptying the cart keeps its size, and so the memory it needs, steady.
                self.call("cart", "DELETE", f"/carts/{self.cart}")
            step += 1
            next_at += self.interval
            delay = next_at - time.monotonic()
            if delay > 0:
                self.stop.wait(delay)
            else:
                next_at = time.monotonic()  # behind: do not burst to catch up


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.ok = 0
        self.errors = 0
        self.examples = []

    def record(self, ok, what):
        with self.lock:
            if ok:
                self.ok += 1
            else:
                self.errors += 1
                if len(self.examples) < 5:
                    self.examples.append(what)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second in total")
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="flightdeck-soak-")
    cart_port, registry_port = free_port(), free_port()
    command = [args.binary, "--headless", "--data-dir", data_dir, "--cart-port", str(cart_port),
               "--registry-port", str(registry_port), "--log-level", "warn"]
    environment = dict(os.environ)
    environment.pop("DISPLAY", None)
    environment.pop("WAYLAND_DISPLAY", None)
    app = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    try:
        if not wait_healthy(cart_port, time.time() + 30) or not wait_healthy(registry_port, time.time() + 10):
            print("soak: the app did not become healthy", file=sys.stderr)
            return 2
        duration = args.minutes * 60.0
        stats = Stats()
        stop = threading.Event()
        workers = [Worker(i, cart_port, registry_port, args.workers / args.rate, stop, stats)
                   for i in range(args.workers)]
        started = time.monotonic()
        for worker in workers:
            worker.start()
        samples = []  # (seconds since start, RSS KiB)
        sample_every = max(1.0, min(10.0, duration / 60.0))
        while time.monotonic() - started < duration:
            time.sleep(sample_every)
            if app.poll() is not None:
                print(f"soak: the app exited with {app.returncode} during the run", file=sys.stderr)
                stats.record(False, "app exited")
                break
            samples.append((time.monotonic() - started, rss_kib(app.pid)))
        stop.set()
        for worker in workers:
            worker.join(15)
        elapsed = time.monotonic() - started

        warm = [rss for at, rss in samples if at >= duration * 0.25]
        window = max(1, len(warm) // 5)
        baseline = sum(warm[:window]) / window if warm else 0
        final = sum(warm[-window:]) / window if warm else 0
        growth = (final - baseline) / baseline * 100.0 if baseline else float("inf")
        total = stats.ok + stats.errors
        print(f"soak: {elapsed:.0f} s, {total} requests ({total / elapsed:.0f}/s), {stats.errors} error(s)")
        print(f"soak: RSS after warm-up {baseline / 1024:.1f} MiB, at the end {final / 1024:.1f} MiB, "
              f"growth {growth:+.1f} % (peak {max(s for _, s in samples) / 1024:.1f} MiB, {len(samples)} samples)")
        for example in stats.examples:
            print(f"soak: error: {example}")
        passed = stats.errors == 0 and growth < 10.0
        print("soak: PASS" if passed else "soak: FAIL (targets: 0 errors, memory growth < 10 %)")
        return 0 if passed else 1
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
            try:
                app.wait(20)
            except subprocess.TimeoutExpired:
                app.kill()
        subprocess.run(["rm", "-rf", data_dir], check=False)


if __name__ == "__main__":
    sys.exit(main())
