// A filter chain's DownstreamTlsContext: the ALPN protocols it offers and the certificates it serves, each by an
// identity two chains can be compared by (the same SDS secret, the same file, the same inline certificate).
import type { CertificateRef, DownstreamTlsSummary } from '../../generated/graph.js';
import type { Msg } from '../../load/reader.js';
import type { BuildContext } from './context.js';

/** `context` is the transport socket's typed_config (or the v2 tls_context); undefined unless it is a DownstreamTlsContext. */
export function downstreamTls(ctx: BuildContext, context: Msg | undefined): DownstreamTlsSummary | undefined {
  // The TLS transport socket's types are not all in envoy-lint's proto table: fall back to the Any's @type.
  const typeName = context?.type ? context.registry.nameOf(context.type) : (context?.typeUrl() ?? '');
  if (!context || !typeName.endsWith('.DownstreamTlsContext')) return undefined;
  const common = context.msg('common_tls_context');
  const summary: DownstreamTlsSummary = { certificates: [], origin: ctx.origin(context.pointer) };
  if (!common) return summary;
  const alpn = common.strings('alpn_protocols');
  if (alpn.length > 0) summary.alpnProtocols = alpn;
  for (const sds of common.list('tls_certificate_sds_secret_configs')) {
    const name = sds.str('name');
    if (name) summary.certificates.push({ id: `sds:${name.value}`, origin: ctx.origin(name.pointer) });
  }
  for (const cert of common.list('tls_certificates')) {
    const ref = dataSource(ctx, cert.msg('certificate_chain'));
    if (ref) summary.certificates.push(ref);
  }
  const provider = common.msg('tls_certificate_provider_instance');
  const instance = provider?.str('instance_name');
  if (provider && instance) summary.certificates.push({ id: `provider:${instance.value}/${provider.str('certificate_name')?.value ?? ''}`, origin: ctx.origin(instance.pointer) });
  return summary;
}

/** A certificate_chain DataSource by identity: its file name, or a hash of its inline content. */
function dataSource(ctx: BuildContext, source: Msg | undefined): CertificateRef | undefined {
  if (!source) return undefined;
  const file = source.str('filename');
  if (file) return { id: `file:${file.value}`, origin: ctx.origin(file.pointer) };
  const inline = source.str('inline_string') ?? source.str('inline_bytes');
  if (inline) return { id: `inline:${fnv1a(inline.value)}`, origin: ctx.origin(inline.pointer) };
  return undefined;
}

/** FNV-1a, 32 bits, as hex: enough to tell inline certificates apart without keeping them. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
