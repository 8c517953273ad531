// Writes the port/interception fixtures under fixtures/<rule-id>/{pass,fail}/<case>/: a healthy Istio-like sidecar
// dump (config_dump.json, the same healthy() proxy as scripts/make-planted-fixtures.mjs) beside the sidecar's
// iptables-save output, and variants with exactly one planted defect each; plus fixtures/example/iptables-save.txt.
//
// The iptables text is REAL output: each variant's rules are loaded with iptables-restore into a scratch network
// namespace and printed back with iptables-save (iptables v1.8.9 here). This needs root and iptables + iproute2, so
// test/fixture-generators.test.ts runs it where it can (CI installs both) and compares with the committed output. Run: node scripts/make-port-fixtures.mjs
//
// Each failing case gets an `expected` file (file:line:column severity rule-id/messageId kind:name) whose positions are found by
// searching the written text for the planted value, never by running envoy-lint.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { NS, T, cla, eds, findValue, healthy, tcpChain, toDump } from './lib/istio-sidecar.mjs';

// FIXTURES_OUT writes them elsewhere (test/fixture-generators.test.ts compares that with what is committed).
const root = process.env.FIXTURES_OUT ? `${path.resolve(process.env.FIXTURES_OUT)}/` : new URL('../fixtures/', import.meta.url).pathname;

// ---- iptables: real output of iptables-save for each variant of the sidecar's rules ----

/** Istio's default sidecar rules (the real iptables-save output kept in fixtures/iptables/). */
const BASE_RULES = fs.readFileSync(new URL('../fixtures/iptables/seed-istio-sidecar.iptables-save.txt', import.meta.url), 'utf8');

/** Loads the rules into a scratch network namespace with iptables-restore and returns what iptables-save prints. */
function realSave(rules) {
  const ns = `elint-fx-${process.pid}`;
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    execFileSync('ip', ['netns', 'exec', ns, 'iptables-restore'], { input: rules });
    return execFileSync('ip', ['netns', 'exec', ns, 'iptables-save'], { encoding: 'utf8' });
  } finally {
    execFileSync('ip', ['netns', 'del', ns]);
  }
}

/** The base rules with `line` inserted before the first line starting with `before` (or replaced / removed). */
function edit(rules, { insertBefore, line, replace, remove } = {}) {
  let lines = rules.split('\n');
  if (insertBefore) {
    const at = lines.findIndex((l) => l.startsWith(insertBefore));
    if (at === -1) throw new Error(`no line starting with ${insertBefore}`);
    lines.splice(at, 0, line);
  }
  if (replace) {
    const [from, to] = replace;
    const at = lines.indexOf(from);
    if (at === -1) throw new Error(`no line ${from}`);
    lines[at] = to;
  }
  for (const r of remove ?? []) {
    if (!lines.includes(r)) throw new Error(`no line ${r}`);
    lines = lines.filter((l) => l !== r);
  }
  return lines.join('\n');
}

/** 1-based line of the first line of `text` equal to `needle` (column 1: iptables findings point at the whole line). */
function lineOf(text, needle) {
  const at = text.split('\n').indexOf(needle);
  if (at === -1) throw new Error(`line ${needle} not found in iptables output`);
  return at + 1;
}

const DUMP = 'config_dump.json';
const IPT = 'iptables-save.txt';

/**
 * Writes fixtures/<rule>/<outcome>/<case>/ with the dump (unless `proxy` is null) and the iptables text (unless null),
 * and, for a failing case, `expected` from `defects`: { severity, kind, name, iptables: line, token? } (column of the
 * token, else 1) or { ..., key, value, nth }.
 */
function writePair(ruleId, outcome, caseName, proxy, iptables, defects = []) {
  const dir = path.join(root, ruleId, outcome, caseName);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let dumpText = '';
  if (proxy) {
    dumpText = `${JSON.stringify(toDump(proxy), null, 2)}\n`;
    fs.writeFileSync(path.join(dir, DUMP), dumpText);
  }
  if (iptables !== null) fs.writeFileSync(path.join(dir, IPT), iptables);
  if (outcome !== 'fail') return;
  const lines = defects.map((d) => {
    const column = d.token ? d.iptables.indexOf(d.token) + 1 : 1;
    const where = d.iptables !== undefined ? `${IPT}:${lineOf(iptables, d.iptables)}:${column}` : (() => { const pos = findValue(dumpText, d.key, d.value, d.nth ?? 0); return `${DUMP}:${pos.line}:${pos.column}`; })();
    return `${where} ${d.severity} ${ruleId}/${d.messageId} ${d.kind}:${d.name}`;
  });
  fs.writeFileSync(path.join(dir, 'expected'), `${lines.join('\n')}\n`);
}

const healthyRules = realSave(BASE_RULES);
const PORT_RULES = ['iptables-redirect-without-listener', 'inbound-port-not-captured', 'missing-port-listener', 'blackhole-fallthrough', 'outbound-capture-gap', 'iptables-parse-error'];

// The healthy pair passes every port rule.
for (const rule of PORT_RULES) writePair(rule, 'pass', 'healthy-sidecar', healthy(), healthyRules);

{ // Inbound capture redirects to 15016, where nothing listens (virtualInbound is on 15006).
  const planted = '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15016';
  const rules = realSave(edit(BASE_RULES, { replace: ['-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006', planted] }));
  writePair('iptables-redirect-without-listener', 'fail', 'wrong-inbound-port', healthy(), rules, [{ messageId: 'noListener', severity: 'error', kind: 'iptables_rule', name: 'nat/ISTIO_IN_REDIRECT', iptables: planted }]);
}
{ // iptables alone: no listeners to check against, said once at the first redirect.
  writePair('iptables-redirect-without-listener', 'fail', 'iptables-only', null, healthyRules, [
    { messageId: 'skipped', severity: 'info', kind: 'input', name: IPT, iptables: '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006' },
  ]);
}
{ // Port 9080 excluded from inbound capture (traffic.sidecar.istio.io/excludeInboundPorts: "9080") while virtualInbound serves it.
  const planted = '-A ISTIO_INBOUND -p tcp -m tcp --dport 9080 -j RETURN';
  const rules = realSave(edit(BASE_RULES, { insertBefore: '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT', line: planted }));
  writePair('inbound-port-not-captured', 'fail', 'excluded-app-port', healthy(), rules, [{ messageId: 'bypass', severity: 'warning', kind: 'iptables_rule', name: 'nat/ISTIO_INBOUND', iptables: planted }]);
}
{ // A sidecar dump without iptables: the iptables checks say once (under unchecked-input) that they did not run.
  writePair('unchecked-input', 'pass', 'healthy-sidecar', healthy(), healthyRules);
  writePair('unchecked-input', 'fail', 'no-iptables', healthy(), null, [{ messageId: 'noIptables', severity: 'info', kind: 'listener', name: 'virtualInbound', key: 'name', value: 'virtualInbound', nth: 1 }]);
}
{ // A known service port (grpc 7070) with no listener: its connections fall through to PassthroughCluster.
  const p = healthy();
  const grpc = `outbound|7070||grpc.${NS}`;
  p.clusters.push({ state: 'active', cluster: eds(grpc) });
  p.endpoints.push(cla(grpc, '10.1.0.11'));
  writePair('missing-port-listener', 'fail', 'outbound-port', p, healthyRules, [{ messageId: 'outbound', severity: 'warning', kind: 'cluster', name: grpc, key: 'name', value: grpc }]);
}
{ // An inbound cluster for port 9090 with no virtualInbound chain for it.
  const p = healthy();
  p.clusters.push({ state: 'active', cluster: { '@type': `${T}envoy.config.cluster.v3.Cluster`, name: 'inbound|9090||', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED' } });
  writePair('missing-port-listener', 'fail', 'inbound-port', p, healthyRules, [{ messageId: 'inbound', severity: 'warning', kind: 'cluster', name: 'inbound|9090||', key: 'name', value: 'inbound|9090||' }]);
}
{ // REGISTRY_ONLY (15001 falls back to BlackHoleCluster) and a known service port without a listener: dropped.
  const p = healthy();
  p.listeners[0].listener.filter_chains = [tcpChain('BlackHoleCluster')];
  const grpc = `outbound|7070||grpc.${NS}`;
  p.clusters.push({ state: 'active', cluster: eds(grpc) });
  p.endpoints.push(cla(grpc, '10.1.0.11'));
  writePair('blackhole-fallthrough', 'fail', 'registry-only-no-listener', p, healthyRules, [
    { messageId: 'policy', severity: 'info', kind: 'listener', name: 'virtualOutbound', key: 'cluster', value: 'BlackHoleCluster' },
    { messageId: 'noListener', severity: 'error', kind: 'cluster', name: grpc, key: 'name', value: grpc },
  ]);
}
{ // A route that sends a path to BlackHoleCluster.
  const p = healthy();
  p.routes[0].virtual_hosts[0].routes.unshift({ name: 'admin', match: { prefix: '/admin' }, route: { cluster: 'BlackHoleCluster', timeout: '0s' } });
  writePair('blackhole-fallthrough', 'fail', 'route-to-blackhole', p, healthyRules, [{ messageId: 'reference', severity: 'error', kind: 'route_config', name: '9080', key: 'cluster', value: 'BlackHoleCluster' }]);
}
{ // Port 3306 excluded from outbound capture (excludeOutboundPorts: "3306") while the proxy has 10.96.0.20_3306.
  const planted = '-A ISTIO_OUTPUT -p tcp -m tcp --dport 3306 -j RETURN';
  const rules = realSave(edit(BASE_RULES, { insertBefore: '-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN', line: planted }));
  writePair('outbound-capture-gap', 'fail', 'excluded-port', healthy(), rules, [{ messageId: 'gap', severity: 'warning', kind: 'iptables_rule', name: 'nat/ISTIO_OUTPUT', iptables: planted }]);
}
{ // The proxy's uid/gid RETURN rules missing: Envoy's own upstream connections are redirected back to 15001.
  const rules = realSave(edit(BASE_RULES, { remove: ['-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN', '-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN'] }));
  writePair('outbound-capture-gap', 'fail', 'proxy-uid-not-excluded', healthy(), rules, [{ messageId: 'loop', severity: 'warning', kind: 'iptables_rule', name: 'nat/ISTIO_REDIRECT', iptables: '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001' }]);
}
{ // Outbound capture scoped to the service CIDR (includeOutboundIPRanges: "10.96.0.0/12"): every listener is still reached.
  const rules = realSave(edit(BASE_RULES, { replace: ['-A ISTIO_OUTPUT -j ISTIO_REDIRECT', '-A ISTIO_OUTPUT -d 10.96.0.0/12 -j ISTIO_REDIRECT'] }));
  writePair('outbound-capture-gap', 'pass', 'include-service-cidr', healthy(), rules);
}
{ // A damaged paste: one rule's port mistyped (a letter O for a zero). Written by hand from the real output.
  const damaged = '-A ISTIO_INBOUND -p tcp -m tcp --dport 15O08 -j RETURN';
  const rules = healthyRules.replace('-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN', damaged);
  writePair('iptables-parse-error', 'fail', 'damaged-line', healthy(), rules, [{ messageId: 'unparsed', severity: 'error', kind: 'input', name: IPT, iptables: damaged, token: '15O08' }]);
}

// The README example: the example dump's sidecar, with port 9080 excluded from inbound capture.
fs.mkdirSync(path.join(root, 'example'), { recursive: true });
fs.writeFileSync(path.join(root, 'example', 'iptables-save.txt'), realSave(edit(BASE_RULES, { insertBefore: '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT', line: '-A ISTIO_INBOUND -p tcp -m tcp --dport 9080 -j RETURN' })));
const SOURCES = `# Sources of these fixtures

Written by \`scripts/make-port-fixtures.mjs\` (run it as root with iptables and iproute2 installed; CI only reads the
output). Each case directory holds one proxy: \`config_dump.json\` (the healthy Istio-like productpage sidecar of
\`scripts/make-planted-fixtures.mjs\`, or a variant of it with one planted defect) and \`iptables-save.txt\`.

The iptables text is real output of iptables ${execFileSync('iptables', ['--version'], { encoding: 'utf8' }).trim().replace(/^iptables /, '')}: Istio's default sidecar rules
(\`fixtures/iptables/seed-istio-sidecar.iptables-save.txt\`), edited as the case describes (an excluded port, a
missing owner rule, a different redirect port...), loaded with \`iptables-restore\` into a scratch network namespace
and printed back with \`iptables-save\`. The one exception is \`iptables-parse-error/fail/damaged-line\`, whose real
output had one rule retyped by hand (\`15O08\`) to make a damaged paste.

Positions in \`expected\` files were found by searching the written text for the planted value, not by running
envoy-lint. \`fixtures/example/iptables-save.txt\` is made the same way: the default rules plus
\`-A ISTIO_INBOUND -p tcp -m tcp --dport 9080 -j RETURN\` (port 9080 excluded from inbound capture).
`;
for (const rule of PORT_RULES) fs.writeFileSync(path.join(root, rule, 'SOURCES.md'), SOURCES);
console.log('port fixtures written under', root);
