#!/usr/bin/python3
"""Drives the registry with python-consul2 (Debian's python3-consul2), unchanged, as a service written in
Python would: register with each check kind, heartbeat, discover with blocking queries, maintenance, KV with
check-and-set, the agent's and catalog's read routes, sessions and KV locks (leader election, a lock lost
when its holder's check fails, lock-delay), and catalog registration of an external service. Exits 0 when every step held; otherwise prints the
step that did not and exits 1. Usage: consul_python_client.py HOST PORT CHECK_TARGET_PORT
"""
import sys
import threading
import time

import consul

host, port, target_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
c = consul.Consul(host=host, port=port)
steps = 0


def check(condition, what):
    global steps
    if not condition:
        print("FAILED: " + what, flush=True)
        sys.exit(1)
    steps += 1


def wait_until(predicate, what, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    check(False, what + " (within %.0f s)" % seconds)


def health_ids(service, **kwargs):
    _, nodes = c.health.service(service, **kwargs)
    return sorted(n["Service"]["ID"] for n in nodes)


check(c.status.leader() != "", "status.leader names a leader")
check(len(c.status.peers()) >= 1, "status.peers lists the leader")
check("dc1" in c.catalog.datacenters(), "catalog.datacenters")
_, nodes = c.catalog.nodes()
check(len(nodes) == 1 and nodes[0]["Node"], "catalog.nodes lists the node")
node = nodes[0]["Node"]
check(any(m["Name"] == node for m in c.agent.members()), "agent.members holds the node")

# TTL: lower-case field names, as python-consul sends them.
check(c.agent.service.register("py-orders", service_id="py-orders-1", address="127.0.0.1", port=target_port,
                               tags=["v1", "python"], meta={"team": "shop", "metrics_path": "/metrics"},
                               check=consul.Check.ttl("2s")), "register with a TTL check")
check(c.agent.check.ttl_pass("service:py-orders-1", "warmed up"), "TTL heartbeat")
check(health_ids("py-orders", passing=True) == ["py-orders-1"], "passing after a heartbeat")
services = c.agent.services()
check("py-orders-1" in services and services["py-orders-1"]["Meta"]["team"] == "shop", "agent.services meta")
check(services["py-orders-1"]["Tags"] == ["v1", "python"], "agent.services tags")
checks = c.agent.checks()
check(checks["service:py-orders-1"]["Status"] == "passing" and checks["service:py-orders-1"]["Output"] == "warmed up",
      "agent.checks shows the heartbeat's note")

# A missed TTL turns critical; the next heartbeat brings it back.
wait_until(lambda: health_ids("py-orders", passing=True) == [], "a missed TTL makes the instance critical", 8)
check(c.agent.check.ttl_pass("service:py-orders-1"), "heartbeat after expiry")
check(health_ids("py-orders", passing=True) == ["py-orders-1"], "passing again after a heartbeat")

# HTTP and TCP checks the registry runs (against the check target: a port that answers HTTP).
check(c.agent.service.register("py-web", service_id="py-web-1", address="127.0.0.1", port=target_port,
                               check=consul.Check.http("http://127.0.0.1:%d/v1/status/leader" % target_port, "200ms",
                                                       timeout="1s", header={"X-Probe": ["python"]})),
      "register with an HTTP check")
wait_until(lambda: health_ids("py-web", passing=True) == ["py-web-1"], "the HTTP check passes")
check(c.agent.service.register("py-tcp", service_id="py-tcp-1", address="127.0.0.1", port=target_port,
                               check=consul.Check.tcp("127.0.0.1", target_port, "200ms", timeout="1s")),
      "register with a TCP check")
wait_until(lambda: health_ids("py-tcp", passing=True) == ["py-tcp-1"], "the TCP check passes")
check(c.agent.service.register("py-tcp-down", service_id="py-tcp-down-1", address="127.0.0.1", port=1,
                               check=consul.Check.tcp("127.0.0.1", 1, "200ms", timeout="500ms")),
      "register with a TCP check on a closed port")
time.sleep(1.0)
_, down = c.health.service("py-tcp-down")
check(down and down[0]["Checks"][-1]["Status"] == "critical", "a refused TCP connect is critical")
check(down[0]["Checks"][-1]["Type"] == "tcp", "the check's type is tcp")

# A blocking query returns when the service changes, not at the end of its wait.
index, _ = c.health.service("py-orders")
changed = {}


def blocking_read():
    started = time.monotonic()
    new_index, nodes = c.health.service("py-orders", index=index, wait="20s")
    changed["seconds"] = time.monotonic() - started
    changed["index"] = new_index
    changed["ids"] = sorted(n["Service"]["ID"] for n in nodes)


reader = threading.Thread(target=blocking_read)
reader.start()
time.sleep(0.5)
check(c.agent.service.register("py-orders", service_id="py-orders-2", address="127.0.0.1", port=target_port,
                               check=consul.Check.ttl("30s")), "register a second instance")
reader.join(25)
check(not reader.is_alive(), "the blocking query returned")
check(changed["seconds"] < 10 and int(changed["index"]) > int(index), "woken by the change with a higher index")
check(changed["ids"] == ["py-orders-1", "py-orders-2"], "the blocking answer holds the new instance")

# Maintenance mode takes an instance out of discovery and puts it back.
check(c.agent.service.maintenance("py-orders-2", "true", "deploying"), "maintenance on")
check("py-orders-2" not in health_ids("py-orders", passing=True), "in maintenance: not passing")
check(c.agent.service.maintenance("py-orders-2", "false"), "maintenance off")
c.agent.check.ttl_pass("service:py-orders-1")
check(health_ids("py-orders", passing=True) == ["py-orders-1", "py-orders-2"], "back in discovery")

# Filters and tags on the read routes.
_, tagged = c.catalog.service("py-orders", tag="python")
check([s["ServiceID"] for s in tagged] == ["py-orders-1"], "catalog.service ?tag=")
filtered = c.agent.services()
check(set(filtered) >= {"py-orders-1", "py-orders-2", "py-web-1", "py-tcp-1"}, "agent.services lists them all")

# KV with check-and-set.
check(c.kv.put("py/config/limit", "10"), "kv put")
kv_index, entry = c.kv.get("py/config/limit")
check(entry["Value"] == b"10", "kv get")
check(not c.kv.put("py/config/limit", "11", cas=entry["ModifyIndex"] + 1000), "a stale cas is refused")
check(c.kv.put("py/config/limit", "12", cas=entry["ModifyIndex"]), "a current cas is taken")
_, entry = c.kv.get("py/config/limit")
check(entry["Value"] == b"12", "the cas write is what reads back")
check(c.kv.put("py/config/new", "x", cas=0) is True, "cas=0 creates a missing key")
check(not c.kv.put("py/config/new", "y", cas=0), "cas=0 refuses an existing key")
_, keys = c.kv.get("py/config/", keys=True)
check(keys == ["py/config/limit", "py/config/new"], "kv keys under a prefix")

# Sessions and locks: two candidates for one leader key.
check(c.agent.service.register("py-elector", service_id="py-elector-1", check=consul.Check.ttl("30s")),
      "register the leader's service")
check(c.agent.check.ttl_pass("service:py-elector-1"), "the leader's service is passing")
leader = c.session.create(name="py-leader", checks=["serfHealth", "service:py-elector-1"], lock_delay=1, ttl=30)
standby = c.session.create(name="py-standby", lock_delay=1)
check(leader and standby and leader != standby, "session.create gives two sessions")
_, info = c.session.info(leader)
check(info["Name"] == "py-leader" and info["TTL"] == "30s" and info["LockDelay"] == 1e9,
      "session.info shows the TTL and the lock-delay in ns")
check(set(info["NodeChecks"]) == {"serfHealth", "service:py-elector-1"}, "session.info names its checks")
check(c.session.renew(leader)["ID"] == leader, "session.renew answers the session")
_, listed = c.session.list()
check({s["ID"] for s in listed} == {leader, standby}, "session.list")
_, on_node = c.session.node(node)
check(len(on_node) == 2, "session.node")
check(c.kv.put("py/leader", "leader", acquire=leader) is True, "the first session acquires the lock")
check(c.kv.put("py/leader", "standby", acquire=standby) is False, "a second session cannot acquire it")
_, entry = c.kv.get("py/leader")
check(entry["Session"] == leader and entry["LockIndex"] == 1 and entry["Value"] == b"leader",
      "kv.get shows the holder and the lock index")

# The holder's check fails: its session is invalidated and the lock released (lost).
check(c.agent.check.ttl_fail("service:py-elector-1", "stuck"), "the leader's check fails")


def lock_holder():
    _, current = c.kv.get("py/leader")
    return current.get("Session") if current else "missing"


wait_until(lambda: lock_holder() is None, "the lock is lost with the session", 5)
_, gone = c.session.info(leader)
check(gone is None, "the invalidated session is gone")
# Lock-delay: the standby is refused for the lost session's 1 s, then elected.
check(c.kv.put("py/leader", "standby", acquire=standby) is False, "refused during the lock-delay")
elected = time.monotonic()
deadline = elected + 5
while time.monotonic() < deadline and not c.kv.put("py/leader", "standby", acquire=standby):
    time.sleep(0.1)
waited = time.monotonic() - elected
_, entry = c.kv.get("py/leader")
check(entry["Session"] == standby and entry["LockIndex"] == 2, "the standby is elected after the lock-delay")
check(0.5 <= waited < 5, "the election waited for the lock-delay (%.2f s)" % waited)
check(c.kv.put("py/leader", "free", release=standby) is True, "the new leader releases")
_, entry = c.kv.get("py/leader")
check("Session" not in entry and entry["Value"] == b"free", "released: nobody holds it")
check(c.session.destroy(standby), "session.destroy")
_, listed = c.session.list()
check(listed == [], "no sessions left")
check(c.agent.service.deregister("py-elector-1"), "deregister the leader's service")

# An external service in the catalog, on a node of its own.
check(c.catalog.register("py-ext-node", "10.2.0.7",
                         service={"Service": "py-billing", "ID": "py-billing-1", "Port": 9000, "Tags": ["saas"]},
                         check={"CheckID": "py-billing-up", "Name": "billing up", "Status": "passing",
                                "ServiceID": "py-billing-1"}), "catalog.register")
_, billing = c.catalog.service("py-billing")
check(len(billing) == 1 and billing[0]["Node"] == "py-ext-node" and billing[0]["Address"] == "10.2.0.7",
      "catalog.service shows the external node")
_, healthy = c.health.service("py-billing", passing=True)
check(len(healthy) == 1 and healthy[0]["Checks"][0]["CheckID"] == "py-billing-up", "health.service with its check")
try:
    c.catalog.register("py-other-node", "10.2.0.8", service={"Service": "py-billing", "ID": "py-billing-1"})
    check(False, "an ID held by another node is refused")
except consul.ConsulException as error:
    check("py-ext-node" in str(error), "the refusal names the node holding the ID")
check(c.catalog.deregister("py-ext-node", service_id="py-billing-1"), "catalog.deregister a service")
_, billing = c.catalog.service("py-billing")
check(billing == [], "the external service is gone")

# Deregistration.
for sid in ["py-orders-1", "py-orders-2", "py-web-1", "py-tcp-1", "py-tcp-down-1"]:
    check(c.agent.service.deregister(sid), "deregister " + sid)
check(health_ids("py-orders") == [], "deregistered instances are gone")
print("ok: %d steps" % steps, flush=True)
