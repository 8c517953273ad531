// The mesh of one group of inputs: an egctl map holds several proxies, so lintInputs (the public API's lint, a job of
// its own) runs the mesh rules over them itself; a plain dump is one proxy and no mesh.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintInputs } from '../../src/pipeline/lint.js';
import { assignment, dumpOf, istioNode, outboundCluster, passthroughChains, strict, virtualInbound } from '../mesh-tester.js';

const SVC = 'outbound|9080||reviews.default.svc.cluster.local';

describe('mesh rules over one group', () => {
  it('an egctl map of a plaintext client and a STRICT server: the finding is the client\'s, named namespace/pod', () => {
    const client = dumpOf({ name: 'productpage', node: istioNode('10.244.0.5'), clusters: [outboundCluster(SVC, 'plaintext')], endpoints: [assignment(SVC, [{ ip: '10.244.0.7', port: 9080 }])] });
    const server = dumpOf({ name: 'reviews', node: istioNode('10.244.0.7'), listeners: [virtualInbound([...strict(9080), ...passthroughChains()])] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-mesh-egctl-'));
    try {
      const file = path.join(dir, 'eg.json');
      fs.writeFileSync(file, `${JSON.stringify({ default: { 'productpage-1': client, 'reviews-1': server } }, null, 2)}\n`);
      const { report } = lintInputs([file]);
      expect(report.proxies.map((p) => p.name)).toEqual(['default/productpage-1', 'default/reviews-1']);
      const mesh = report.findings.filter((f) => f.ruleId === 'mtls-mismatch');
      expect(mesh.map((f) => `${f.messageId} ${f.proxy} ${f.related?.map((r) => r.location.pointer.split('/').slice(0, 3).join('/')).join(' ')}`)).toEqual([
        'plaintextToTls default/productpage-1 /default/reviews-1 /default/productpage-1',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
