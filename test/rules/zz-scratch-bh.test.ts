import { it } from 'vitest';
import rule from '../../rules/blackhole-fallthrough.js';
import { runCase } from '../rule-tester.js';
it('x', () => {
  const rc = `{
  "name": "http.8080",
  "virtual_hosts": [{
    "name": "*:8080",
    "domains": ["*"],
    "routes": [
      { "match": { "prefix": "/admin" }, "route": { "cluster": "BlackHoleCluster" } },
      { "match": { "prefix": "/" }, "route": { "cluster": "outbound|9080||reviews.default.svc.cluster.local" } }
    ]
  }]
}`;
  console.log(JSON.stringify(runCase(rule, { name: 'x', node: { id: 'router~10.0.0.1~gw-1.istio-system~istio-system.svc.cluster.local' }, routeConfigs: [rc] }).map(f => [f.messageId, f.text, f.in, f.at])));
});
