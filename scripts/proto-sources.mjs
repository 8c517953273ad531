// Collects Envoy's API protos shipped by @grpc/grpc-js-xds (with udpa/xds/validate) and loads every one whose
// imports all resolve into a protobufjs Root, then writes what the linter reads of them as a resolved type table.
// Shared by the table's build script and its freshness test. protobufjs is a build-time dependency only.
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

const SCALARS = new Set(['double', 'float', 'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64', 'bool', 'string', 'bytes']);

/** A field as the run-time registry reads it: its type resolved to a full name, its validate rules unprefixed. */
function fieldEntry(field) {
  const entry = {};
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) Object.assign(entry, { kind: 'message', type: resolved.fullName.slice(1) });
  else if (resolved instanceof protobuf.Enum) Object.assign(entry, { kind: 'enum', type: resolved.fullName.slice(1) });
  else if (SCALARS.has(field.type)) entry.type = field.type;
  else throw new Error(`unresolved field type ${field.type} of ${field.fullName}`);
  if (field.map) entry.map = true;
  else if (field.repeated) entry.repeated = true;
  const rules = {};
  for (const [key, value] of Object.entries(field.options ?? {})) {
    if (key.startsWith('(validate.rules).')) rules[key.slice('(validate.rules).'.length)] = value;
  }
  if (Object.keys(rules).length > 0) entry.rules = rules;
  return entry;
}

/**
 * Envoy's v3 API as a resolved type table (src/proto/envoy-types.json): every message envoy-lint walks, with each
 * field's type as a full name, and every enum they use. Resolving names is protobuf's scoping work: done here, at
 * build time, so that the linter needs no protobuf library at run time. Messages outside the walked set are listed
 * by name only (`knownMessages`: a type URL naming one is not an unknown type).
 */
export function buildTypeTable() {
  const envoyDir = includeDirs[0];
  const { loaded, skipped } = loadableFiles(listProtos(envoyDir, 'envoy'));
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => resolveImport(target) ?? target;
  root.loadSync(loaded, { keepCase: true });
  root.resolveAll();
  const grpcXdsVersion = JSON.parse(fs.readFileSync(path.join(depsDir, '..', 'package.json'), 'utf8')).version;
  const messages = {};
  const enums = {};
  for (const fullName of [...collectWalked(root)].sort()) {
    const type = root.lookup(fullName);
    const name = fullName.slice(1);
    if (type instanceof protobuf.Enum) enums[name] = { ...type.values };
    else if (type instanceof protobuf.Type) {
      const fields = {};
      for (const field of type.fieldsArray) fields[field.name] = fieldEntry(field);
      messages[name] = fields;
    }
  }
  return {
    source: `@grpc/grpc-js-xds@${grpcXdsVersion} deps (envoy-api, xds, protoc-gen-validate)`,
    files: loaded.length,
    skipped,
    knownMessages: allMessageNames(root).sort(),
    messages,
    enums,
  };
}
