// Writes the planted-defect fixtures under fixtures/<rule-id>/{pass,fail}/: one healthy Istio-like sidecar dump and
// variants of it with exactly one defect each, in snake_case (admin /config_dump) and camelCase (istioctl per-section
// files) forms. Each failing case gets `<case>.expected` listing `file:line:column severity rule-id/messageId kind:name`, where
// line and column are found by searching the written text for the planted value (not by running envoy-lint), and the
// rule's messageId is the one the planted defect calls for.
// Run: node scripts/make-planted-fixtures.mjs
import fs from 'node:fs';
import path from 'node:path';

// FIXTURES_OUT writes them elsewhere (test/fixture-generators.test.ts compares that with what is committed).
const root = process.env.FIXTURES_OUT ? `${path.resolve(process.env.FIXTURES_OUT)}/` : new URL('../fixtures/', import.meta.url).pathname;
import { NS, T, cla, eds, findValue, healthy, rdsChain, sock, tcpChain, toDump } from './lib/istio-sidecar.mjs';

const camelKey = (k) => (k.startsWith('@') ? k : k.replace(/_([a-z0-9])/g, (_m, c) => c.toUpperCase()));
function camel(value) {
  if (Array.isArray(value)) return value.map(camel);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [camelKey(k), camel(v)]));
  return value;
}

/** istioctl proxy-config ... -o json: bare arrays of resources, camelCase, one file per section. */
function toIstioctl(p) {
  const strip = (o) => { const rest = { ...o }; delete rest['@type']; return rest; };
  return {
    'listeners.json': camel(p.listeners.map((l) => strip(l.listener))),
    'routes.json': camel(p.routes.map(strip)),
    'clusters.json': camel(p.clusters.map((c) => strip(c.cluster))),
    'endpoints.json': camel(p.endpoints.map(strip)),
  };
}


function write(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = `${JSON.stringify(data, null, 2)}\n`;
  fs.writeFileSync(file, text);
  return text;
}

/**
 * Writes one case in both forms. `defects` lists what the findings point at:
 * { rule, severity, kind, name, key, value, section, nth } — key/value are searched (snake key; camelCased for istioctl).
 */
function writeCase(ruleId, outcome, caseName, proxy, defects, { istioctl = true } = {}) {
  const dir = path.join(root, ruleId, outcome);
  const dumpFile = path.join(dir, `${caseName}.json`);
  const dumpText = write(dumpFile, toDump(proxy));
  const istioctlDir = path.join(dir, `${caseName}.istioctl`);
  const texts = {};
  if (!istioctl) {
    fs.writeFileSync(path.join(dir, `${caseName}.expected`), `${defects.map((d) => { const pos = findValue(dumpText, d.key, d.value, d.nth ?? 0); return `${caseName}.json:${pos.line}:${pos.column} ${d.severity} ${d.rule}/${d.messageId} ${d.kind}:${d.name}`; }).join('\n')}\n`);
    return;
  }
  for (const [name, data] of Object.entries(toIstioctl(proxy))) texts[name] = write(path.join(istioctlDir, name), data);
  if (outcome !== 'fail') return;
  const dumpLines = defects.map((d) => {
    const pos = findValue(dumpText, d.key, d.value, d.nth ?? 0);
    return `${caseName}.json:${pos.line}:${pos.column} ${d.severity} ${d.rule}/${d.messageId} ${d.kind}:${d.name}`;
  });
  fs.writeFileSync(path.join(dir, `${caseName}.expected`), `${dumpLines.join('\n')}\n`);
  const camelLines = defects.filter((d) => d.section).map((d) => {
    const pos = findValue(texts[d.section], d.key === null ? null : camelKey(d.key), d.value, d.nthIstioctl ?? d.nth ?? 0);
    return `${d.section}:${pos.line}:${pos.column} ${d.severity} ${d.rule}/${d.messageId} ${d.kind}:${d.name}`;
  });
  fs.writeFileSync(path.join(istioctlDir, 'expected'), `${camelLines.join('\n')}\n`);
}

// The healthy proxy passes every rule.
for (const rule of ['dangling-route-config', 'dangling-cluster', 'cluster-without-endpoints', 'rejected-config']) {
  writeCase(rule, 'pass', 'healthy-sidecar', healthy(), []);
}

{ // A listener naming an RDS config that was never sent.
  const p = healthy();
  p.listeners.push({ name: '0.0.0.0_8080', listener: { '@type': `${T}envoy.config.listener.v3.Listener`, name: '0.0.0.0_8080', address: sock('0.0.0.0', 8080), bind_to_port: false, filter_chains: [rdsChain('8080')] } });
  writeCase('dangling-route-config', 'fail', 'rds-missing', p, [{ rule: 'dangling-route-config', messageId: 'missing', severity: 'error', kind: 'route_config', name: '8080', key: 'route_config_name', value: '8080', section: 'listeners.json' }]);
}
{ // A route to a cluster that does not exist.
  const p = healthy();
  const missing = `outbound|9080||details.${NS}`;
  p.routes[0].virtual_hosts.splice(2, 0, { name: `details.${NS}:9080`, domains: [`details.${NS}`, 'details'], routes: [{ match: { prefix: '/' }, route: { cluster: missing } }] });
  writeCase('dangling-cluster', 'fail', 'route-cluster', p, [{ rule: 'dangling-cluster', messageId: 'missing', severity: 'error', kind: 'cluster', name: missing, key: 'cluster', value: missing, section: 'routes.json' }]);
}
{ // One weighted share goes to a subset cluster that does not exist.
  const p = healthy();
  const missing = `outbound|9080|v3|ratings.${NS}`;
  p.routes[0].virtual_hosts[1].routes[0].route.weighted_clusters.clusters.push({ name: missing, weight: 10 });
  writeCase('dangling-cluster', 'fail', 'weighted-cluster', p, [{ rule: 'dangling-cluster', messageId: 'missing', severity: 'error', kind: 'cluster', name: missing, key: 'name', value: missing, section: 'routes.json' }]);
}
{ // A route to subset v2 of reviews, whose DestinationRule defines no subsets: the proxy has only outbound|9080||reviews.
  const p = healthy();
  const missing = `outbound|9080|v2|reviews.${NS}`;
  p.routes[0].virtual_hosts[0].routes[0].route.cluster = missing;
  writeCase('dangling-cluster', 'fail', 'istio-subset', p, [{ rule: 'dangling-cluster', messageId: 'missingSubset', severity: 'error', kind: 'cluster', name: missing, key: 'cluster', value: missing, section: 'routes.json' }]);
}
{ // A TCP proxy to a cluster that does not exist.
  const p = healthy();
  const missing = `outbound|5432||postgres.${NS}`;
  p.listeners.push({ name: '10.96.0.30_5432', listener: { '@type': `${T}envoy.config.listener.v3.Listener`, name: '10.96.0.30_5432', address: sock('10.96.0.30', 5432), bind_to_port: false, filter_chains: [tcpChain(missing)] } });
  writeCase('dangling-cluster', 'fail', 'tcp-proxy', p, [
    { rule: 'dangling-cluster', messageId: 'missing', severity: 'error', kind: 'cluster', name: missing, key: 'cluster', value: missing, section: 'listeners.json' },
  ]);
}
{ // Requests mirrored to a cluster that does not exist.
  const p = healthy();
  const missing = `outbound|9080||reviews-shadow.${NS}`;
  p.routes[0].virtual_hosts[0].routes[0].route.request_mirror_policies = [{ cluster: missing }];
  writeCase('dangling-cluster', 'fail', 'mirror', p, [{ rule: 'dangling-cluster', messageId: 'missing', severity: 'error', kind: 'cluster', name: missing, key: 'cluster', value: missing, section: 'routes.json' }]);
}
{ // An EDS cluster whose load assignment is empty, and one that has none at all.
  const p = healthy();
  p.endpoints[0].endpoints = [];
  const orphan = `outbound|8000||httpbin.${NS}`;
  p.clusters.push({ state: 'active', cluster: eds(orphan) });
  writeCase('cluster-without-endpoints', 'fail', 'no-endpoints', p, [
    { rule: 'cluster-without-endpoints', messageId: 'empty', severity: 'warning', kind: 'cluster', name: `outbound|9080||reviews.${NS}`, key: 'cluster_name', value: `outbound|9080||reviews.${NS}`, section: 'endpoints.json' },
    { rule: 'cluster-without-endpoints', messageId: 'noAssignment', severity: 'warning', kind: 'cluster', name: orphan, key: 'name', value: orphan, section: 'clusters.json' },
  ]);
}
{ // A NACKed listener update and a cluster stuck warming (the config dump form only: istioctl output has no states).
  const p = healthy();
  const bad = { '@type': `${T}envoy.config.listener.v3.Listener`, name: '0.0.0.0_9090', address: sock('0.0.0.0', 9090), filter_chains: [rdsChain('9080'), rdsChain('9080')] };
  p.errors.push({ name: '0.0.0.0_9090', failed: bad, details: "error adding listener '0.0.0.0:9090': multiple filter chains with the same matching rules are defined" });
  p.clusters.push({ state: 'warming', cluster: eds(`outbound|7070||grpc.${NS}`) });
  p.endpoints.push(cla(`outbound|7070||grpc.${NS}`, '10.1.0.11'));
  writeCase('rejected-config', 'fail', 'nacked-and-warming', p, [
    { rule: 'rejected-config', messageId: 'clusterWarming', severity: 'warning', kind: 'cluster', name: `outbound|7070||grpc.${NS}`, key: 'name', value: `outbound|7070||grpc.${NS}` },
    { rule: 'rejected-config', messageId: 'rejected', severity: 'error', kind: 'listener', name: '0.0.0.0_9090', key: 'error_state', value: '{' },
  ], { istioctl: false });
}
writeCase('schema-violation', 'pass', 'healthy-sidecar', healthy(), []);
{ // A port above 65535 and a negative weight: values Envoy's validate rules reject.
  const p = healthy();
  p.listeners[3].listener.address.socket_address.port_value = 70000;
  p.routes[0].virtual_hosts[1].routes[0].route.weighted_clusters.clusters[0].weight = -5;
  writeCase('schema-violation', 'fail', 'out-of-range', p, [
    { rule: 'schema-violation', messageId: 'inResource', severity: 'error', kind: 'listener', name: '10.96.0.20_3306', key: 'port_value', value: 70000, section: 'listeners.json' },
    { rule: 'schema-violation', messageId: 'inResource', severity: 'error', kind: 'route_config', name: '9080', key: 'weight', value: -5, section: 'routes.json' },
  ]);
}
{ // A broken listeners section (not a list) and a config without "@type", beside a healthy routes section whose
  // dangling cluster must still be found (by dangling-cluster, which this case does not run).
  const p = healthy();
  p.routes[0].virtual_hosts.splice(2, 0, { name: `details.${NS}:9080`, domains: [`details.${NS}`], routes: [{ match: { prefix: '/' }, route: { cluster: `outbound|9080||details.${NS}` } }] });
  const dump = toDump(p);
  dump.configs.find((c) => c['@type'].endsWith('ListenersConfigDump')).dynamic_listeners = { name: 'virtualOutbound' };
  dump.configs.push({ version_info: 'no type' });
  const file = path.join(root, 'schema-violation', 'fail', 'broken-section.json');
  const text = write(file, dump);
  const listeners = findValue(text, 'dynamic_listeners', '{');
  const untyped = findValue(text, 'version_info', 'no type');
  const lines = [
    `broken-section.json:${listeners.line}:${listeners.column} error schema-violation/inInput input:broken-section.json`,
    // the untyped section is reported at its opening brace, on the line before its only key
    `broken-section.json:${untyped.line - 1}:${text.split('\n')[untyped.line - 2].indexOf('{') + 1} error schema-violation/inInput input:broken-section.json`,
  ];
  fs.writeFileSync(file.replace(/\.json$/, '.expected'), `${lines.join('\n')}\n`);
}
{ // The README's bundled example: a bookinfo-like productpage sidecar with several planted defects.
  const p = healthy();
  p.listeners.push({ name: '0.0.0.0_8080', listener: { '@type': `${T}envoy.config.listener.v3.Listener`, name: '0.0.0.0_8080', address: sock('0.0.0.0', 8080), bind_to_port: false, traffic_direction: 'OUTBOUND', filter_chains: [rdsChain('8080')] } });
  p.routes[0].virtual_hosts.splice(2, 0, { name: `details.${NS}:9080`, domains: [`details.${NS}`, 'details'], routes: [{ name: 'default', match: { prefix: '/' }, route: { cluster: `outbound|9080||details.${NS}`, timeout: '0s' } }] });
  p.routes[0].virtual_hosts[1].routes[0].route.weighted_clusters.clusters.push({ name: `outbound|9080|v3|ratings.${NS}`, weight: 10 });
  p.endpoints[0].endpoints = [];
  write(path.join(root, 'example', 'config_dump.json'), toDump(p));
}
console.log('fixtures written under', root);
