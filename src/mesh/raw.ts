// Reading the few raw fields the proxy graph does not keep (SAN matchers, require_client_certificate, endpoint
// addresses and metadata). The TLS messages are not all in envoy-lint's proto table, so a field is looked up under its
// snake_case and its camelCase key alike.
import { nodeCrypto } from '../lazy-modules.js';
import type { Msg } from '../load/reader.js';

/** camelCase of each field name asked for, made once (every lookup that misses its snake_case key asks again). */
const CAMEL = new Map<string, string>();

function camel(name: string): string {
  let out = CAMEL.get(name);
  if (out === undefined) CAMEL.set(name, (out = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())));
  return out;
}

export function child(m: Msg | undefined, field: string): Msg | undefined {
  return m?.msg(field) ?? m?.msg(camel(field));
}

export function children(m: Msg | undefined, field: string): Msg[] {
  if (!m) return [];
  const list = m.list(field);
  return list.length > 0 ? list : m.list(camel(field));
}

export function text(m: Msg | undefined, field: string): { value: string; pointer: string } | undefined {
  return m?.str(field) ?? m?.str(camel(field));
}

export function number(m: Msg | undefined, field: string): number | undefined {
  return (m?.num(field) ?? m?.num(camel(field)))?.value;
}

export function flag(m: Msg | undefined, field: string): boolean | undefined {
  return m?.bool(field) ?? m?.bool(camel(field));
}

/** A plain `{key: string}` object of a Struct value (nested values left out). */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}

/** A DataSource written inline, by identity; undefined for files, SDS and empty (redacted) values. */
export function inlineIdentity(source: Msg | undefined): string | undefined {
  const inline = text(source, 'inline_string') ?? text(source, 'inline_bytes');
  if (!inline || inline.value === '') return undefined;
  return `inline:${nodeCrypto().createHash('sha256').update(inline.value).digest('hex').slice(0, 16)}`;
}

/** Whether a transport socket's typed_config (or a v2 tls_context) is of the named TLS context type. */
export function isTlsContext(context: Msg | undefined, suffix: 'UpstreamTlsContext' | 'DownstreamTlsContext'): context is Msg {
  if (!context) return false;
  const typeName = context.type ? context.registry.nameOf(context.type) : (context.typeUrl() ?? '');
  return typeName.endsWith(`.${suffix}`);
}
