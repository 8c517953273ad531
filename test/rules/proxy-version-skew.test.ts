import rule from '../../rules/proxy-version-skew.js';
import { istioNode, meshRuleTester, type MeshProxy } from '../mesh-tester.js';

const proxy = (name: string, ip: string, options: Parameters<typeof istioNode>[1]): MeshProxy => ({ name, node: istioNode(ip, options), clusters: [] });

meshRuleTester(rule, {
  valid: [
    { name: 'one version everywhere', proxies: [proxy('a', '10.0.0.1', {}), proxy('b', '10.0.0.2', {})] },
    { name: 'a proxy that does not say its version', proxies: [proxy('a', '10.0.0.1', {}), { name: 'b', node: { id: 'b' } }] },
  ],
  invalid: [
    {
      name: 'one proxy on an older Envoy and Istio',
      proxies: [proxy('a', '10.0.0.1', {}), proxy('b', '10.0.0.2', {}), proxy('c', '10.0.0.3', { envoy: [1, 26, 4], istio: '1.18.2' })],
      errors: [
        { messageId: 'envoyVersions', proxy: 'c', severity: 'info', related: ['a'], data: { version: '1.26.4', common: '1.28.0', count: 2, total: 3 } },
        { messageId: 'controlPlaneVersions', proxy: 'c', severity: 'info', text: '"1.18.2"', related: ['a'] },
      ],
    },
    {
      name: 'replicas of one workload on different proxy versions: one is stale (a warning)',
      proxies: [
        proxy('reviews-1', '10.0.0.1', { workload: 'reviews-v1' }),
        proxy('reviews-2', '10.0.0.2', { workload: 'reviews-v1', istio: '1.19.0' }),
        proxy('ratings', '10.0.0.3', { workload: 'ratings-v1' }),
      ],
      errors: [
        // One place, the more severe first.
        { messageId: 'replicaVersions', proxy: 'reviews-2', severity: 'warning', related: ['reviews-1'], data: { workload: 'default/reviews-v1' } },
        { messageId: 'controlPlaneVersions', proxy: 'reviews-2', severity: 'info' },
      ],
    },
  ],
});
