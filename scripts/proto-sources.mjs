// Collects Envoy's API protos shipped by @grpc/grpc-js-xds (with udpa/xds/validate) and loads every one whose
// imports all resolve into a protobufjs Root. Shared by the descriptor build script and its freshness test.
import protobuf from 'protobufjs';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const depsDir = path.join(path.dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
const protobufjsDir = path.dirname(require.resolve('protobufjs/package.json'));
const includeDirs = ['envoy-api', 'xds', 'protoc-gen-validate', 'googleapis'].map((d) => path.join(depsDir, d)).concat(protobufjsDir);

/** Resolves an import path; google/protobuf well-known types come bundled with protobufjs itself. */
export function resolveImport(target) {
  if (target.startsWith('google/protobuf/') && target in protobuf.common) return target;
  for (const dir of includeDirs) {
    const candidate = path.join(dir, target);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

function listProtos(dir, rel = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) out.push(...listProtos(dir, child));
    else if (entry.name.endsWith('.proto')) out.push(child);
  }
  return out.sort();
}

/** Some protos in the package import files it does not ship (opencensus, ...): skip those, whole. */
export function loadableFiles(files) {
  const memo = new Map();
  const loadable = (file, stack) => {
    if (memo.has(file)) return memo.get(file);
    if (stack.has(file)) return true;
    const resolved = resolveImport(file);
    if (resolved === null) return memo.set(file, false).get(file);
    if (resolved === file) return memo.set(file, true).get(file);
    stack.add(file);
    const imports = [...fs.readFileSync(resolved, 'utf8').matchAll(/^import\s+(?:public\s+|weak\s+)?"([^"]+)";/gm)].map((m) => m[1]);
    const ok = imports.every((imp) => loadable(imp, stack));
    stack.delete(file);
    return memo.set(file, ok).get(file);
  };
  return { loaded: files.filter((f) => loadable(f, new Set())), skipped: files.filter((f) => !loadable(f, new Set())) };
}

/** The messages envoy-lint walks field by field; everything they reach is kept, the rest only by name. */
const WALKED_ROOTS = [
  'envoy.admin.v3.BootstrapConfigDump', 'envoy.admin.v3.ClustersConfigDump', 'envoy.admin.v3.ListenersConfigDump',
  'envoy.admin.v3.RoutesConfigDump', 'envoy.admin.v3.ScopedRoutesConfigDump', 'envoy.admin.v3.EndpointsConfigDump',
  'envoy.admin.v3.SecretsConfigDump', 'envoy.admin.v3.EcdsConfigDump', 'envoy.admin.v3.ConfigDump',
  'envoy.config.bootstrap.v3.Bootstrap', 'envoy.config.endpoint.v3.ClusterLoadAssignment',
  'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
  'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
];

/** Field options that the linter reads: validation rules and deprecation. Comments and other annotations go. */
const keepOption = (key) => key === 'deprecated' || key.startsWith('(validate.rules)') || key.startsWith('(envoy.annotations.deprecated');

function collectWalked(root) {
  const keep = new Set();
  const visit = (t) => {
    if (keep.has(t.fullName)) return;
    keep.add(t.fullName);
    if (t instanceof protobuf.Type) {
      for (const f of t.fieldsArray) if (f.resolvedType) visit(f.resolvedType);
      for (const n of t.nestedArray) if (n instanceof protobuf.Type || n instanceof protobuf.Enum) visit(n);
    }
  };
  for (const name of WALKED_ROOTS) visit(root.lookup(name));
  return keep;
}

function allMessageNames(ns, out = []) {
  for (const n of ns.nestedArray ?? []) {
    if (n instanceof protobuf.Type) out.push(n.fullName.slice(1));
    if (n.nestedArray) allMessageNames(n, out);
  }
  return out;
}

/** Drops namespaces and types outside `keep` from a descriptor JSON tree, and unread options everywhere. */
function prune(json, prefix, keep) {
  if (json.options) {
    for (const k of Object.keys(json.options)) if (!keepOption(k)) delete json.options[k];
    if (Object.keys(json.options).length === 0) delete json.options;
  }
  if (json.fields) for (const f of Object.values(json.fields)) prune(f, null, keep);
  if (json.values && json.comments) delete json.comments;
  if (!json.nested) return true;
  for (const [name, child] of Object.entries(json.nested)) {
    const full = `${prefix}.${name}`;
    if (child.extend || child.methods) {
      delete json.nested[name]; // services and annotation extensions: option values stay readable as plain options
      continue;
    }
    const isType = Boolean(child.fields || child.values);
    const childHasKept = prune(child, full, keep);
    if (isType ? !keep.has(full) : !childHasKept) delete json.nested[name];
  }
  if (Object.keys(json.nested).length === 0) delete json.nested;
  return Boolean(json.nested) || keep.has(prefix);
}

/** Returns the descriptor JSON (as a plain object) of every loadable Envoy proto, with the list of skipped files. */
export function buildDescriptor() {
  const envoyDir = includeDirs[0];
  const { loaded, skipped } = loadableFiles(listProtos(envoyDir, 'envoy'));
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => resolveImport(target) ?? target;
  root.loadSync(loaded, { keepCase: true });
  root.resolveAll();
  const grpcXdsVersion = JSON.parse(fs.readFileSync(path.join(depsDir, '..', 'package.json'), 'utf8')).version;
  const keep = collectWalked(root);
  const descriptor = root.toJSON();
  prune(descriptor, '', keep);
  return {
    source: `@grpc/grpc-js-xds@${grpcXdsVersion} deps (envoy-api, xds, protoc-gen-validate)`,
    files: loaded.length,
    skipped,
    knownMessages: allMessageNames(root).sort(),
    descriptor,
  };
}
