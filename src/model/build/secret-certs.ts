// The certificates written inline in an SDS secret (what istioctl and Envoy dump for workload certificates and
// roots), read with Node's own X509Certificate: validity, subject, SANs. Files and redacted values are not read.
import type { SecretNode } from '../../generated/graph.js';
import type { Msg } from '../../load/reader.js';
import { nodeCrypto } from '../../lazy-modules.js';
import type { BuildContext } from './context.js';

type SecretCertificate = NonNullable<SecretNode['certificates']>[number];

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The PEM text of a DataSource written inline: inline_string as is, inline_bytes base64-decoded. */
function inlinePem(source: Msg | undefined): { text: string; pointer: string } | undefined {
  const inline = source?.str('inline_string');
  if (inline) return { text: inline.value, pointer: inline.pointer };
  const bytes = source?.str('inline_bytes');
  if (bytes) return { text: Buffer.from(bytes.value, 'base64').toString('latin1'), pointer: bytes.pointer };
  return undefined;
}

function read(ctx: BuildContext, source: Msg | undefined, role: SecretCertificate['role']): SecretCertificate[] {
  const pem = inlinePem(source);
  if (!pem || !pem.text.includes('-----BEGIN CERTIFICATE-----')) return [];
  const out: SecretCertificate[] = [];
  for (const block of pem.text.match(PEM_BLOCK) ?? []) {
    try {
      const cert = new (nodeCrypto().X509Certificate)(block);
      const sans = (cert.subjectAltName ?? '').split(/,\s*/).map((s) => s.replace(/^(URI|DNS|IP Address):/, '')).filter(Boolean);
      out.push({
        role,
        validFrom: new Date(cert.validFrom).toISOString(),
        validTo: new Date(cert.validTo).toISOString(),
        ...(cert.subject ? { subject: cert.subject.replace(/\n/g, ', ') } : {}),
        subjectAltNames: sans,
        serialNumber: cert.serialNumber,
        pem: block,
        origin: ctx.origin(pem.pointer),
      });
    } catch {
      // Not a certificate Node can read: schema checks and the TLS handshake say more than we can here.
    }
  }
  return out;
}

/** Every inline certificate of a Secret: its tls_certificate's chain (leaf first) and its validation context's CAs. */
export function secretCertificates(ctx: BuildContext, resource: Msg): SecretCertificate[] {
  // A dump's dynamic secret wraps the Secret ({name, version_info, secret}); a bootstrap's static one is the Secret.
  const secret = resource.msg('secret') ?? resource;
  const chain = read(ctx, secret.msg('tls_certificate')?.msg('certificate_chain'), 'chain');
  const roots = read(ctx, secret.msg('validation_context')?.msg('trusted_ca'), 'ca');
  return [...chain, ...roots];
}
