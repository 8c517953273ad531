// A directory fleet that is a mesh, for the CLI tests: fixtures/mesh/istio-1.1 with the client's (productpage-v1-b)
// mTLS removed from its cluster outbound|9080||productpage (its `tls_context` deleted), so it sends plaintext to the
// server's listener 10.52.2.21_9080, which requires mTLS.
import fs from 'node:fs';
import path from 'node:path';
import { BUILTIN_RULES } from '../../rules/index.js';
import { ROOT, tempDir } from './helpers.js';

const MESH_RULES = ['mtls-mismatch', 'peer-identity-mismatch', 'endpoint-port-not-served', 'proxy-version-skew'];

/** A cwd whose config turns every rule off but the mesh rules, with the planted fleet under `mesh/`. */
export function plantedMesh(): string {
  const dir = tempDir('envoy-lint-mesh-cli-');
  const rules = Object.fromEntries(BUILTIN_RULES.filter((r) => !MESH_RULES.includes(r.id)).map((r) => [r.id, 'off']));
  fs.writeFileSync(path.join(dir, '.envoy-lint.json'), `${JSON.stringify({ rules }, null, 2)}\n`);
  for (const name of ['productpage-v1', 'productpage-v1-b']) {
    fs.mkdirSync(path.join(dir, 'mesh', name), { recursive: true });
    const text = fs.readFileSync(path.join(ROOT, 'fixtures/mesh/istio-1.1', name, 'config_dump.json'), 'utf8');
    const dump = JSON.parse(text) as { configs: Array<{ dynamic_active_clusters?: Array<{ cluster: Record<string, unknown> }> }> };
    if (name === 'productpage-v1-b') delete dump.configs[1]?.dynamic_active_clusters?.[47]?.cluster.tls_context;
    fs.writeFileSync(path.join(dir, 'mesh', name, 'config_dump.json'), `${JSON.stringify(dump, null, 1)}\n`);
  }
  return dir;
}
