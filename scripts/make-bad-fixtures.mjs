// Writes the small files of the bad-input catalogue (fixtures/bad/). Large or machine-specific cases (100,000 levels
// of nesting, a 10 MB string, a directory, an unreadable file) are made by the test itself in a temporary directory.
// Run: node scripts/make-bad-fixtures.mjs
import fs from 'node:fs';
import path from 'node:path';

// FIXTURES_OUT writes them elsewhere (test/fixture-generators.test.ts compares that with what is committed).
const dir = process.env.FIXTURES_OUT ? path.join(path.resolve(process.env.FIXTURES_OUT), 'bad') : new URL('../fixtures/bad/', import.meta.url).pathname;
const good = fs.readFileSync(new URL('../fixtures/dangling-cluster/fail/route-cluster.json', import.meta.url), 'utf8');
fs.mkdirSync(dir, { recursive: true });
const write = (name, data) => fs.writeFileSync(path.join(dir, name), data);

write('empty.json', '');
write('whitespace.json', ' \n\t\n  \n');
// Deterministic "random" bytes: a linear congruential sequence, so the file is the same on every run.
const garbage = Buffer.alloc(4096);
for (let i = 0, x = 12345; i < garbage.length; i++) garbage[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
write('garbage.bin', garbage);
write('error-page.json', '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>502 Bad Gateway</h1></body></html>\n');
write('truncated.json', good.slice(0, 5000));
write('kubectl-noise.json', `Defaulted container "istio-proxy" out of: istio-proxy, istio-init (init)\n${good}`);
write('utf8-bom.json', `\ufeff${good}`);
write('utf16le.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good, 'utf16le')]));
write('empty-array.json', '[]\n');
write('empty-object.json', '{}\n');
write('k8s-pod.json', `${JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'productpage-v1', namespace: 'default' }, spec: { containers: [{ name: 'istio-proxy', image: 'istio/proxyv2' }] } }, null, 2)}\n`);
write('duplicate-keys.yaml', 'static_resources:\n  clusters: []\nstatic_resources:\n  listeners: []\n');

// Wrong value types: a port written as a string (proto3 JSON allows it), a port of 70000 and a negative weight.
const wrong = JSON.parse(good);
const listeners = wrong.configs.find((c) => c['@type'].endsWith('ListenersConfigDump'));
listeners.dynamic_listeners[2].active_state.listener.address.socket_address.port_value = '9080';
listeners.dynamic_listeners[3].active_state.listener.address.socket_address.port_value = 70000;
const routes = wrong.configs.find((c) => c['@type'].endsWith('RoutesConfigDump'));
routes.dynamic_route_configs[0].route_config.virtual_hosts[1].routes[0].route.weighted_clusters.clusters[1].weight = -1;
write('wrong-types.json', `${JSON.stringify(wrong, null, 2)}\n`);

// Unknown @type URLs: a whole section and a filter's typed_config that envoy-lint has never heard of.
const unknown = JSON.parse(good);
unknown.configs.push({ '@type': 'type.googleapis.com/acme.admin.v1.WidgetsConfigDump', widgets: [] });
unknown.configs.find((c) => c['@type'].endsWith('ListenersConfigDump')).dynamic_listeners[0].active_state.listener.filter_chains[0].filters.unshift({ name: 'acme.widget', typed_config: { '@type': 'type.googleapis.com/acme.widget.v1.Widget', knob: 1 } });
write('unknown-types.json', `${JSON.stringify(unknown, null, 2)}\n`);

// Keys that pollute prototypes when copied naively.
write('proto-keys.json', `{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}},
 "configs": [{"@type": "type.googleapis.com/envoy.admin.v3.ClustersConfigDump", "__proto__": {"polluted": "yes"},
  "dynamic_active_clusters": [{"cluster": {"@type": "type.googleapis.com/envoy.config.cluster.v3.Cluster", "name": "__proto__", "type": "STATIC", "__proto__": {"polluted": "yes"}}}]}]}\n`);
write('proto-keys.yaml', 'static_resources:\n  __proto__:\n    polluted: "yes"\n  clusters:\n  - name: constructor\n    type: STATIC\n    __proto__: {polluted: "yes"}\n');
console.log('wrote', dir);
