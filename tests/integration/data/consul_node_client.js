// Drives the registry with the `consul` package from npm, unchanged, as a Node service would: register with
// each check kind, heartbeat, discover through a watch (blocking queries), maintenance, KV with
// check-and-set, the status and catalog routes, sessions and KV locks (leader election, a lock lost when its
// holder's check fails, lock-delay), and catalog registration of an external service. Exits 0 when every step held; otherwise prints the step that
// did not and exits 1. Usage: node consul_node_client.js HOST PORT CHECK_TARGET_PORT
"use strict";
const Consul = require("consul");

const [host, port, targetPort] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const consul = new Consul({ host, port });
let steps = 0;

function check(condition, what) {
  if (!condition) {
    console.log("FAILED: " + what);
    process.exit(1);
  }
  steps += 1;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(predicate, what, seconds = 10) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await sleep(100);
  }
  check(false, `${what} (within ${seconds} s)`);
}

async function passingIds(service) {
  const entries = await consul.health.service({ service, passing: true });
  return entries.map((entry) => entry.Service.ID).sort();
}

async function main() {
  check((await consul.status.leader()).length > 0, "status.leader");
  check((await consul.status.peers()).length >= 1, "status.peers");
  check((await consul.catalog.datacenters()).includes("dc1"), "catalog.datacenters");
  const nodes = await consul.catalog.node.list();
  check(nodes.length === 1, "catalog.node.list");
  check((await consul.agent.members()).some((m) => m.Name === nodes[0].Node), "agent.members");

  await consul.agent.service.register({
    name: "js-cart",
    id: "js-cart-1",
    address: "127.0.0.1",
    port: targetPort,
    tags: ["node", "v2"],
    meta: { runtime: "node" },
    check: { ttl: "2s", notes: "heartbeat from the process" },
  });
  await consul.agent.check.pass({ id: "service:js-cart-1", note: "ready" });
  check(JSON.stringify(await passingIds("js-cart")) === '["js-cart-1"]', "TTL instance passing after a heartbeat");
  const services = await consul.agent.service.list();
  check(services["js-cart-1"] && services["js-cart-1"].Meta.runtime === "node", "agent.service.list meta");
  await waitUntil(async () => (await passingIds("js-cart")).length === 0, "a missed TTL makes it critical", 8);
  await consul.agent.check.pass({ id: "service:js-cart-1" });

  await consul.agent.service.register({
    name: "js-web",
    id: "js-web-1",
    address: "127.0.0.1",
    port: targetPort,
    check: { http: `http://127.0.0.1:${targetPort}/v1/status/leader`, interval: "200ms", method: "GET" },
  });
  await waitUntil(async () => (await passingIds("js-web")).length === 1, "the HTTP check passes");
  await consul.agent.service.register({
    name: "js-tcp",
    id: "js-tcp-1",
    address: "127.0.0.1",
    port: targetPort,
    check: { tcp: `127.0.0.1:${targetPort}`, interval: "200ms", timeout: "1s" },
  });
  await waitUntil(async () => (await passingIds("js-tcp")).length === 1, "the TCP check passes");

  // A watch is the library's blocking-query loop: it must see the second instance arrive.
  const seen = await new Promise((resolve) => {
    const watch = consul.watch({ method: consul.health.service, options: { service: "js-cart", wait: "10s" } });
    const timer = setTimeout(() => {
      watch.end();
      resolve(null);
    }, 15000);
    let registered = false;
    watch.on("change", async (entries) => {
      const ids = entries.map((entry) => entry.Service.ID).sort();
      if (!registered) {
        registered = true;
        await consul.agent.service.register({ name: "js-cart", id: "js-cart-2", port: targetPort, check: { ttl: "30s" } });
      } else if (ids.includes("js-cart-2")) {
        clearTimeout(timer);
        watch.end();
        resolve(ids);
      }
    });
    watch.on("error", () => {});
  });
  check(seen !== null && seen.includes("js-cart-1") && seen.includes("js-cart-2"), "the watch saw the new instance");

  await consul.agent.service.maintenance({ id: "js-cart-2", enable: true, reason: "rollout" });
  check(!(await passingIds("js-cart")).includes("js-cart-2"), "maintenance takes it out of discovery");
  await consul.agent.service.maintenance({ id: "js-cart-2", enable: false });
  check((await passingIds("js-cart")).includes("js-cart-2"), "and puts it back");

  check((await consul.kv.set("js/flags/beta", "on")) === true, "kv.set");
  const entry = await consul.kv.get("js/flags/beta");
  check(entry && entry.Value === "on", "kv.get decodes the value");
  // The registry answers `false`; this library resolves a false body as undefined (against Consul too).
  check((await consul.kv.set({ key: "js/flags/beta", value: "off", cas: entry.ModifyIndex + 1000 })) !== true,
    "a stale cas is refused");
  check((await consul.kv.get("js/flags/beta")).Value === "on", "the refused write changed nothing");
  check((await consul.kv.set({ key: "js/flags/beta", value: "off", cas: entry.ModifyIndex })) === true,
    "a current cas is taken");
  check((await consul.kv.get("js/flags/beta")).Value === "off", "the cas write reads back");

  // Sessions and locks: two candidates for one leader key.
  await consul.agent.service.register({ name: "js-elector", id: "js-elector-1", check: { ttl: "30s" } });
  await consul.agent.check.pass({ id: "service:js-elector-1" });
  const leader = (
    await consul.session.create({ name: "js-leader", lockdelay: "1s", ttl: "30s",
      checks: ["serfHealth", "service:js-elector-1"] })
  ).ID;
  const standby = (await consul.session.create({ name: "js-standby", lockdelay: "1s" })).ID;
  check(leader && standby && leader !== standby, "session.create gives two sessions");
  const info = await consul.session.info(leader);
  check(info.Name === "js-leader" && info.TTL === "30s" && info.LockDelay === 1e9, "session.info");
  check((await consul.session.renew(leader))[0].ID === leader, "session.renew answers the session");
  check((await consul.session.list()).length === 2, "session.list");
  check((await consul.session.node(nodes[0].Node)).length === 2, "session.node");
  check((await consul.kv.set({ key: "js/leader", value: "leader", acquire: leader })) === true,
    "the first session acquires the lock");
  check((await consul.kv.set({ key: "js/leader", value: "standby", acquire: standby })) !== true,
    "a second session cannot acquire it");
  let entry2 = await consul.kv.get("js/leader");
  check(entry2.Session === leader && entry2.LockIndex === 1 && entry2.Value === "leader", "kv.get shows the holder");

  // The holder's check fails: its session is invalidated and the lock released (lost).
  await consul.agent.check.fail({ id: "service:js-elector-1", note: "stuck" });
  await waitUntil(async () => (await consul.kv.get("js/leader")).Session === undefined, "the lock is lost", 5);
  check((await consul.session.info(leader)) === undefined, "the invalidated session is gone");
  // Lock-delay: the standby is refused for the lost session's 1 s, then elected.
  check((await consul.kv.set({ key: "js/leader", value: "standby", acquire: standby })) !== true,
    "refused during the lock-delay");
  const started = Date.now();
  let elected = false;
  for (let attempt = 0; attempt < 50 && !elected; attempt += 1) {
    elected = (await consul.kv.set({ key: "js/leader", value: "standby", acquire: standby })) === true;
    if (!elected) await sleep(100);
  }
  const waited = Date.now() - started;
  entry2 = await consul.kv.get("js/leader");
  check(elected && entry2.Session === standby && entry2.LockIndex === 2, "the standby is elected after the delay");
  check(waited >= 500 && waited < 6000, `the election waited for the lock-delay (${waited} ms)`);
  check((await consul.kv.set({ key: "js/leader", value: "free", release: standby })) === true, "release");
  entry2 = await consul.kv.get("js/leader");
  check(entry2.Session === undefined && entry2.Value === "free", "released: nobody holds it");
  await consul.session.destroy(standby);
  check((await consul.session.list()).length === 0, "session.destroy leaves no sessions");
  await consul.agent.service.deregister("js-elector-1");

  // An external service in the catalog, on a node of its own.
  await consul.catalog.register({
    node: "js-ext-node",
    address: "10.3.0.7",
    service: { id: "js-search-1", service: "js-search", port: 9200, tags: ["saas"] },
    check: { checkid: "js-search-up", name: "search up", status: "passing", serviceid: "js-search-1" },
  });
  const search = await consul.catalog.service.nodes("js-search");
  check(search.length === 1 && search[0].Node === "js-ext-node" && search[0].Address === "10.3.0.7",
    "catalog.service.nodes shows the external node");
  check((await consul.health.service({ service: "js-search", passing: true })).length === 1, "passing");
  let refused = null;
  try {
    await consul.catalog.register({ node: "js-other", address: "10.3.0.8", service: { id: "js-search-1", service: "x" } });
  } catch (error) {
    refused = error;
  }
  check(refused && refused.response && refused.response.statusCode === 400, "an ID held by another node is refused");
  check(String(refused.message).includes("js-ext-node"), "the refusal names the node holding the ID");
  await consul.catalog.deregister({ node: "js-ext-node" });
  check((await consul.catalog.service.nodes("js-search")).length === 0, "catalog.deregister the node");

  for (const id of ["js-cart-1", "js-cart-2", "js-web-1", "js-tcp-1"]) await consul.agent.service.deregister(id);
  check((await consul.health.service("js-cart")).length === 0, "deregistered instances are gone");
  console.log(`ok: ${steps} steps`);
}

main().catch((error) => {
  console.log("FAILED: " + (error && error.stack ? error.stack : error));
  process.exit(1);
});
