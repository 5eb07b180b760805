#!/usr/bin/python3
"""The architecture document's cart client (requests), pointed at the example service, in a bounded loop:
it finds the service in the registry like any client would, then adds, lists and removes items.

Usage: shop_client.py [--registry http://127.0.0.1:8500] [--name shop-cart] [--requests N] [--rate R]
Prints "sent N" and how many answered 2xx, 4xx and 5xx, and how many found no instance listening.
"""
import argparse
import sys
import time
import urllib.parse

import consul
import requests

base = "http://localhost:8080"


def add_item_to_cart(item_id, quantity):
    url = f'{base}/cart'
    data = {'item_id': item_id, 'quantity': quantity}
    response = requests.post(url, json=data)
    return response


def remove_item_from_cart(item_id):
    url = f'{base}/cart'
    data = {'item_id': item_id}
    response = requests.delete(url, json=data)
    return response


def get_cart_items():
    url = f'{base}/cart'
    response = requests.get(url)
    return response


def main():
    global base
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", default="http://127.0.0.1:8500")
    parser.add_argument("--name", default="shop-cart")
    parser.add_argument("--requests", type=int, default=600, help="how many requests in all")
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second (0: as fast as it can)")
    args = parser.parse_args()

    registry_url = urllib.parse.urlparse(args.registry)
    registry = consul.Consul(host=registry_url.hostname or "127.0.0.1", port=registry_url.port or 8500)

    def choose(avoid=None):
        """A passing instance from the registry, other than one that just refused us; None when there is none."""
        try:
            _, nodes = registry.health.service(args.name, passing=True)
        except requests.ConnectionError:
            return None
        bases = ["http://%s:%d" % (n["Service"]["Address"] or "127.0.0.1", n["Service"]["Port"]) for n in nodes]
        bases = [b for b in bases if b != avoid] or bases
        return bases[0] if bases else None

    base = choose()
    if base is None:
        print("no passing %s instance in the registry at %s" % (args.name, args.registry), file=sys.stderr)
        return 2
    items = ["item-%d" % i for i in range(1, 6)]
    try:
        _, catalogs = registry.health.service("catalog", passing=True)
        if catalogs:
            entry = catalogs[0]["Service"]
            listing = requests.get("http://%s:%d/items" % (entry["Address"], entry["Port"]), timeout=2).json()
            items = [item["id"] for item in listing.get("items", [])] or items
    except (requests.RequestException, ValueError):
        pass

    counts = {"2xx": 0, "4xx": 0, "5xx": 0, "unreachable": 0}
    started = time.monotonic()
    for n in range(args.requests):
        item = items[n % len(items)]
        step = n % 3
        try:
            reply = add_item_to_cart(item, 1) if step == 0 else get_cart_items() if step == 1 else \
                remove_item_from_cart(item)
            counts["%dxx" % min(5, max(2, reply.status_code // 100))] += 1
        except requests.ConnectionError:
            # The instance went away (stopped, or a registration left over from before a restart): ask the
            # registry again, as a client with discovery does.
            counts["unreachable"] += 1
            base = choose(avoid=base)
            if base is None:
                print("no reachable %s instance left" % args.name, file=sys.stderr)
                return 1
        if args.rate > 0:
            delay = started + (n + 1) / args.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
    print("sent %d: %d 2xx, %d 4xx, %d 5xx, %d unreachable" % (args.requests, counts["2xx"], counts["4xx"],
                                                             counts["5xx"], counts["unreachable"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
