// Finding the config file: `--config PATH`, or the nearest .envoy-lint.json / .yaml / .yml walking up from the cwd.
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../load/errors.js';

export const CONFIG_FILE_NAMES: readonly string[] = ['.envoy-lint.json', '.envoy-lint.yaml', '.envoy-lint.yml'];

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The config file nearest to `startDir` (that directory first, then each parent), or undefined when there is none.
 * Two config files in one directory are an error: which one wins would be a guess.
 */
export function findConfigFile(startDir: string): string | undefined {
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    const found = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).filter(isFile);
    if (found.length > 1) {
      const names = found.map((f) => path.basename(f)).join(' and ');
      throw new InputError(dir, `both ${names} here; keep one (or name it with --config)`);
    }
    if (found[0] !== undefined) return found[0];
    if (path.dirname(dir) === dir) return undefined;
  }
}
