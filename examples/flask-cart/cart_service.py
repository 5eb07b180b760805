#!/usr/bin/python3
"""A shopping-cart service written the way a team outside Flightdeck would write it, and monitored by
Flightdeck without any Flightdeck code in it:

- the cart API of the architecture document (POST / DELETE / GET /cart), in Flask;
- request metrics with the Prometheus client library, named by OpenTelemetry's HTTP semantic conventions
  (http_server_request_duration_seconds, and http_client_request_duration_seconds for its calls to the
  catalog, whose server_address / server_port the console resolves to the catalog service: the edge);
- registration through a Consul client library (python-consul2) with a TTL check it keeps passing;
- logs through Python's standard syslog handler, to the log intake the registry advertises.

Usage: cart_service.py [--registry http://127.0.0.1:8500] [--port 0] [--name shop-cart] [--id ID]
                       [--error-every N] [--syslog udp|tcp|off]
Prints one line "listening PORT" once registered; deregisters on SIGTERM / SIGINT.
"""
import argparse
import logging
import logging.handlers
import signal
import socket
import sys
import threading
import time
import urllib.parse

import consul
import flask
import prometheus_client
import requests
from werkzeug.serving import make_server

# Finer than OpenTelemetry's default boundaries at the low end: a cart answers within milliseconds, and
# percentiles are interpolated inside a bucket.
BUCKETS = (0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

server_duration = prometheus_client.Histogram(
    "http_server_request_duration_seconds", "Duration of HTTP server requests.",
    ["http_request_method", "http_route", "http_response_status_code"], buckets=BUCKETS)
client_duration = prometheus_client.Histogram(
    "http_client_request_duration_seconds", "Duration of HTTP client requests.",
    ["http_request_method", "http_response_status_code", "server_address", "server_port"], buckets=BUCKETS)

log = logging.getLogger("shop")


class Cart:
    """The default cart: item id -> quantity. One lock, because Flask serves requests on threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.items = {}

    def add(self, item_id, quantity):
        with self.lock:
            self.items[item_id] = self.items.get(item_id, 0) + quantity

    def remove(self, item_id):
        with self.lock:
            return self.items.pop(item_id, None) is not None

    def listing(self):
        with self.lock:
            return [{"item_id": k, "quantity": v} for k, v in sorted(self.items.items())]


class Catalog:
    """Finds a passing catalog instance in the registry (cached for a few seconds) and asks it about items."""

    def __init__(self, registry):
        self.registry = registry
        self.cached = None
        self.cached_at = 0.0

    def instance(self):
        if time.monotonic() - self.cached_at > 5.0:
            try:
                _, nodes = self.registry.health.service("catalog", passing=True)
                self.cached = [(n["Service"]["Address"] or "127.0.0.1", n["Service"]["Port"]) for n in nodes]
            except Exception:  # the registry is away: keep what we knew
                pass
            self.cached_at = time.monotonic()
        return self.cached[0] if self.cached else None

    def knows(self, item_id):
        """True or False when a catalog answered; None when there is no catalog to ask."""
        target = self.instance()
        if target is None:
            return None
        address, port = target
        started = time.perf_counter()
        status = "0"
        try:
            reply = requests.get("http://%s:%d/items/%s" % (address, port, urllib.parse.quote(item_id, safe="")),
                                 timeout=2)
            status = str(reply.status_code)
            return reply.status_code == 200
        except requests.RequestException:
            return None
        finally:
            client_duration.labels("GET", status, address, str(port)).observe(time.perf_counter() - started)


def make_app(catalog, error_every):
    app = flask.Flask(__name__)
    cart = Cart()
    served = {"n": 0}
    served_lock = threading.Lock()

    @app.before_request
    def start_timer():
        flask.g.started = time.perf_counter()

    @app.after_request
    def record(response):
        route = flask.request.url_rule.rule if flask.request.url_rule else "unmatched"
        if route not in ("/metrics", "/health"):
            server_duration.labels(flask.request.method, route, str(response.status_code)).observe(
                time.perf_counter() - flask.g.started)
            level = logging.WARNING if response.status_code >= 500 else logging.INFO
            log.log(level, "%s %s %d", flask.request.method, flask.request.path, response.status_code)
        return response

    @app.route("/cart", methods=["POST", "DELETE", "GET"])
    def cart_route():
        # A fault to demonstrate error ratios and alerts: every Nth cart request fails, deterministically.
        if error_every > 0:
            with served_lock:
                served["n"] += 1
                failing = served["n"] % error_every == 0
            if failing:
                return flask.jsonify({"error": "injected", "message": "every %dth request fails" % error_every}), 500
        if flask.request.method == "GET":
            return flask.jsonify({"items": cart.listing()})
        data = flask.request.get_json(silent=True)
        if not isinstance(data, dict) or not isinstance(data.get("item_id"), str):
            return flask.jsonify({"error": "bad_request", "message": "a JSON body with item_id is required"}), 400
        item_id = data["item_id"]
        if flask.request.method == "DELETE":
            if not cart.remove(item_id):
                return flask.jsonify({"error": "not_found", "message": "no %s in the cart" % item_id}), 404
            return flask.jsonify({"message": "removed", "item_id": item_id})
        quantity = data.get("quantity", 1)
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            return flask.jsonify({"error": "bad_request", "message": "quantity must be a positive integer"}), 400
        if catalog.knows(item_id) is False:
            return flask.jsonify({"error": "unknown_item", "message": "the catalog has no %s" % item_id}), 400
        cart.add(item_id, quantity)
        return flask.jsonify({"message": "added", "item_id": item_id, "quantity": quantity})

    @app.route("/metrics")
    def metrics():
        return flask.Response(prometheus_client.generate_latest(), mimetype=prometheus_client.CONTENT_TYPE_LATEST)

    @app.route("/health")
    def health():
        return flask.jsonify({"status": "passing"})

    return app


def attach_syslog(registry, mode, instance_id):
    """Sends logs to the log intake the registry lists (service flightdeck-logs, its Meta names the ports)."""
    if mode == "off":
        return None
    try:
        _, entries = registry.catalog.service("flightdeck-logs")
    except Exception:
        entries = []
    if not entries:
        print("no log intake registered: logging to stderr only", file=sys.stderr)
        return None
    entry = entries[0]
    address = entry.get("ServiceAddress") or entry.get("Address") or "127.0.0.1"
    port = int(entry.get("ServiceMeta", {}).get("syslog_" + mode, 0))
    if port <= 0:
        return None
    kind = socket.SOCK_STREAM if mode == "tcp" else socket.SOCK_DGRAM
    handler = logging.handlers.SysLogHandler(address=(address, port), socktype=kind)
    # The tag names the instance, so the console attributes every record to it.
    handler.ident = instance_id + ": "
    log.addHandler(handler)
    return handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", default="http://127.0.0.1:8500")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--name", default="shop-cart")
    parser.add_argument("--id", default="", help="instance id (default: NAME-PORT)")
    parser.add_argument("--error-every", type=int, default=0, help="fail every Nth cart request with 500")
    parser.add_argument("--syslog", choices=["udp", "tcp", "off"], default="udp")
    parser.add_argument("--ttl", default="10s")
    args = parser.parse_args()

    registry_url = urllib.parse.urlparse(args.registry)
    registry = consul.Consul(host=registry_url.hostname or "127.0.0.1", port=registry_url.port or 8500)
    try:
        registry.agent.self()
    except requests.ConnectionError:
        print("cannot reach the registry at %s (is Flightdeck running?)" % args.registry, file=sys.stderr)
        return 2
    except Exception as error:
        print("the registry at %s answered badly: %s" % (args.registry, error), file=sys.stderr)
        return 2

    catalog = Catalog(registry)
    server = make_server("127.0.0.1", args.port, make_app(catalog, args.error_every), threaded=True)
    port = server.server_port
    instance_id = args.id or "%s-%d" % (args.name, port)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    attach_syslog(registry, args.syslog, instance_id)

    check_id = "service:" + instance_id
    registry.agent.service.register(args.name, service_id=instance_id, address="127.0.0.1", port=port,
                                    tags=["python", "flask"], meta={"language": "python"},
                                    check=consul.Check.ttl(args.ttl))
    registry.agent.check.ttl_pass(check_id)
    log.info("registered %s on port %d", instance_id, port)

    stopping = threading.Event()

    def heartbeat():
        # A third of the TTL between passes, so one lost beat does not turn the check critical.
        seconds = max(1.0, float(args.ttl.rstrip("s")) / 3.0)
        while not stopping.wait(seconds):
            try:
                registry.agent.check.ttl_pass(check_id)
            except Exception as error:
                log.warning("heartbeat failed: %s", error)

    def stop(*_):
        stopping.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=heartbeat, daemon=True).start()
    print("listening %d" % port, flush=True)
    server.serve_forever()
    try:
        registry.agent.service.deregister(instance_id)
    except Exception as error:
        print("deregistration failed: %s" % error, file=sys.stderr)
    log.info("deregistered %s", instance_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
