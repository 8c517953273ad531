// Where a plugin named by the user lives: a path (relative to the directory it was named in) or a package name
// (resolved from node_modules directories walking up from that directory, through its package.json "exports").
// Nothing is guessed: a bare name is a package, never a file, and a path must exist.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PluginError } from './errors.js';

export interface ResolvedPlugin {
  /** The plugin as the user named it (shown in messages and --list-rules). */
  spec: string;
  kind: 'path' | 'package';
  /** Absolute path of the module file that is imported. */
  file: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `./x`, `../x`, `/x`, `C:\x`, `file:///x`: a path. Anything else is a package name. */
export function isPathSpec(spec: string): boolean {
  return /^\.\.?(?:[\\/]|$)/.test(spec) || path.isAbsolute(spec) || /^[A-Za-z]:[\\/]/.test(spec) || spec.startsWith('file:');
}

const PACKAGE_NAME = /^(?:@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*$/i;

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function readPackageJson(dir: string, spec: string): Json {
  const file = path.join(dir, 'package.json');
  try {
    const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (isObject(data)) return data;
  } catch (error) {
    throw new PluginError(spec, `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  throw new PluginError(spec, `${file} is not a JSON object`);
}

const CONDITIONS = new Set(['import', 'node', 'default']);

/** A conditional exports target for `import` from Node (conditions in the package's own order). */
function conditional(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const found = conditional(t);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isObject(target)) {
    for (const [condition, value] of Object.entries(target)) {
      if (!CONDITIONS.has(condition)) continue;
      const found = conditional(value);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The file an `exports` field maps `subpath` ('.' or './x') to, or undefined when it does not export it. */
export function exportsTarget(exportsField: unknown, subpath: string): string | undefined {
  const isSubpathMap = isObject(exportsField) && Object.keys(exportsField).some((k) => k.startsWith('.'));
  if (!isSubpathMap) return subpath === '.' ? conditional(exportsField) : undefined;
  const map = exportsField as Json;
  if (subpath in map) return conditional(map[subpath]);
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const [prefix, suffix] = [key.slice(0, star), key.slice(star + 1)];
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      const target = conditional(value);
      return target?.replace(/\*/g, subpath.slice(prefix.length, subpath.length - suffix.length));
    }
  }
  return undefined;
}

/** The entry module of a package directory for `subpath`. */
function packageEntry(dir: string, subpath: string, spec: string): string {
  const pkg = fs.existsSync(path.join(dir, 'package.json')) ? readPackageJson(dir, spec) : {};
  let file: string;
  if (pkg.exports !== undefined) {
    const target = exportsTarget(pkg.exports, subpath);
    if (target === undefined) throw new PluginError(spec, `the package in ${dir} does not export "${subpath}" for import (see its package.json "exports")`);
    file = path.resolve(dir, target);
  } else if (subpath !== '.') {
    file = path.resolve(dir, subpath);
  } else {
    const main = typeof pkg.main === 'string' ? path.resolve(dir, pkg.main) : undefined;
    const candidates = main ? [main, `${main}.js`, `${main}.mjs`, path.join(main, 'index.js')] : [];
    candidates.push(path.join(dir, 'index.mjs'), path.join(dir, 'index.js'));
    const found = candidates.find(isFile);
    if (found === undefined) throw new PluginError(spec, `the package in ${dir} has no entry module (no "exports", "main", index.mjs or index.js)`);
    file = found;
  }
  if (!isFile(file)) throw new PluginError(spec, `the package's entry ${file} does not exist`);
  return file;
}

function resolvePath(spec: string, baseDir: string): ResolvedPlugin {
  const target = spec.startsWith('file:') ? fileURLToPath(spec) : path.resolve(baseDir, spec);
  if (isDirectory(target)) return { spec, kind: 'path', file: packageEntry(target, '.', spec) };
  if (!isFile(target)) throw new PluginError(spec, `no such file: ${target}`);
  return { spec, kind: 'path', file: target };
}

function resolvePackage(spec: string, baseDir: string): ResolvedPlugin {
  const parts = spec.split('/');
  const nameParts = spec.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameParts).join('/');
  const subpath = parts.length > nameParts ? `./${parts.slice(nameParts).join('/')}` : '.';
  if (!PACKAGE_NAME.test(name)) throw new PluginError(spec, 'is neither a path (start it with ./ or ../, or give an absolute path) nor a package name');
  for (let dir = path.resolve(baseDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (isDirectory(candidate)) return { spec, kind: 'package', file: packageEntry(fs.realpathSync(candidate), subpath, spec) };
    if (path.dirname(dir) === dir) break;
  }
  const asFile = path.resolve(baseDir, spec);
  const hint = fs.existsSync(asFile) ? `; to load the file ${asFile}, write "./${spec}"` : '';
  throw new PluginError(spec, `no package "${name}" in node_modules of ${path.resolve(baseDir)} or its parents (install it${hint ? '' : ', or give a path starting with ./'})${hint}`);
}

/** Resolves a plugin named in `baseDir` (the config file's directory, or the cwd for --plugin). Throws PluginError. */
export function resolvePlugin(spec: string, baseDir: string): ResolvedPlugin {
  if (spec.trim() === '') throw new PluginError(spec, 'the plugin name is empty');
  return isPathSpec(spec) ? resolvePath(spec, baseDir) : resolvePackage(spec, baseDir);
}
