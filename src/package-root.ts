// Files shipped beside the code (schemas/, package.json) are found from the package root, because the same module
// runs from src/ under the tests and from dist/src/ when built.
import fs from 'node:fs';

let root: URL | undefined;

export function packageRoot(): URL {
  if (root) return root;
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    const candidate = new URL('package.json', dir);
    if (!fs.existsSync(candidate)) continue;
    const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string };
    if (pkg.name === 'envoy-lint') return (root = dir);
  }
  throw new Error('internal: cannot find envoy-lint package.json above ' + import.meta.url);
}

export function readPackageFile(relativePath: string): string {
  return fs.readFileSync(new URL(relativePath, packageRoot()), 'utf8');
}
