import { defineRule } from '../src/engine/rule.js';
import { nodeCrypto } from '../src/lazy-modules.js';
import type { ProxyGraph } from '../src/model/graph.js';
import type { CertificateStatus } from '../src/load/runtime.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function describe(cert: CertificateStatus): string {
  const what = cert.role === 'ca' ? 'CA certificate' : 'certificate';
  const id = cert.subjectAltNames[0] ?? cert.path ?? (cert.serialNumber !== undefined ? `serial ${cert.serialNumber}` : '');
  const where = cert.secret !== undefined ? ` in SDS secret "${cert.secret}"` : cert.path !== undefined && cert.subjectAltNames[0] !== undefined ? ` (${cert.path})` : '';
  return `${what}${id ? ` ${id}` : ''}${where}`;
}

/** When the certificate stops being valid: its expiration_time, else now + days_until_expiration. */
function expiresAt(cert: CertificateStatus, now: number): number | undefined {
  const parsed = cert.expirationTime !== undefined ? Date.parse(cert.expirationTime) : NaN;
  if (!Number.isNaN(parsed)) return parsed;
  return cert.daysUntilExpiration !== undefined ? now + cert.daysUntilExpiration * DAY_MS : undefined;
}

export default defineRule({
  id: 'certificate-expiry',
  meta: {
    description: 'A certificate the proxy uses has expired, is not valid yet, or expires within the warning window (7 days by default).',
    defaultSeverity: 'error',
    messages: {
      expired:
        'the proxy\'s {{cert}} expired on {{date}}: TLS handshakes with it fail (peers log CERTIFICATE_EXPIRED; requests get 503 UF with a TLS transport failure reason). Rotate it: {{rotate}}.',
      notYetValid:
        'the proxy\'s {{cert}} is valid only from {{date}}: peers refuse it until then (a clock skew between the issuer and this node, or a certificate issued with a future start). Check the node\'s clock and the issuer\'s.',
      unknownIssuer:
        'the proxy\'s {{cert}} is not signed by any CA the proxy has ({{cas}}): peers that trust the same roots refuse it, so mTLS with this proxy fails the handshake (CERTIFICATE_VERIFY_FAILED; 503 UF, or the connection reset on the server side). A root rotated on one side only, or a workload certificate from another CA. Make the issuer and the trusted roots agree: {{rotate}}.',
      expiring:
        'the proxy\'s {{cert}} expires on {{date}}, in {{days}} day(s), within the {{warnDays}}-day warning window: if it is not rotated before then, TLS with it fails. {{rotate}}.',
    },
    optionsSchema: { type: 'object', properties: { warnDays: { type: 'integer', minimum: 0 } }, additionalProperties: false },
  },
  defaultOptions: { warnDays: 7 },
  run({ target, graph, options, report }) {
    const now = Date.now();
    const rotate =
      target.controlPlane.id === 'istio'
        ? 'istiod and the istio-agent rotate workload certificates on their own, so one past its date means the agent cannot reach istiod or the CA (check the istio-proxy log for SDS errors); a CA certificate is rotated with the mesh\'s root'
        : 'renew it where the control plane or the secret store issues it, and check that SDS pushes the new one';
    // /certs when given (what the proxy uses now); else the certificates written inline in the dump's SDS secrets.
    const fromDump: CertificateStatus[] = graph.secrets.flatMap((secret) =>
      (secret.certificates ?? []).map((c) => ({
        role: c.role,
        secret: secret.name,
        ...(c.serialNumber !== undefined ? { serialNumber: c.serialNumber } : {}),
        subjectAltNames: c.subjectAltNames,
        validFrom: c.validFrom,
        expirationTime: c.validTo,
        origin: c.origin,
      })),
    );
    issuerChecks(graph.secrets, rotate, report);
    for (const cert of target.runtime?.certificates ?? fromDump) {
      const resource = { kind: 'secret' as const, name: cert.secret ?? cert.subjectAltNames[0] ?? cert.path ?? cert.serialNumber ?? 'certificate' };
      const validFrom = cert.validFrom !== undefined ? Date.parse(cert.validFrom) : NaN;
      const end = expiresAt(cert, now);
      if (end !== undefined && end <= now) {
        report({ messageId: 'expired', data: { cert: describe(cert), date: new Date(end).toISOString(), rotate }, resource, origin: cert.origin });
      } else if (!Number.isNaN(validFrom) && validFrom > now) {
        report({ messageId: 'notYetValid', data: { cert: describe(cert), date: new Date(validFrom).toISOString() }, resource, origin: cert.origin });
      } else if (end !== undefined && end - now < options.warnDays * DAY_MS) {
        const rotateAdvice = rotate.charAt(0).toUpperCase() + rotate.slice(1);
        report({ messageId: 'expiring', severity: 'warning', data: { cert: describe(cert), date: new Date(end).toISOString(), days: Math.floor((end - now) / DAY_MS), warnDays: options.warnDays, rotate: rotateAdvice }, resource, origin: cert.origin });
      }
    }
  },
});

type Secret = ProxyGraph['secrets'][number];
type Report = Parameters<Parameters<typeof defineRule>[0]['run']>[0]['report'];

/**
 * Each SDS secret's served certificate (the first of its chain) must be issued by a CA the proxy has: the rest of
 * its chain, or a validation context's trusted CAs. Checked only when the dump holds CAs inline to check against.
 */
function issuerChecks(secrets: readonly Secret[], rotate: string, report: Report): void {
  const X509 = nodeCrypto().X509Certificate;
  const parse = (pem: string | undefined): InstanceType<typeof X509> | undefined => {
    try {
      return pem !== undefined ? new X509(pem) : undefined;
    } catch {
      return undefined;
    }
  };
  const trusted = secrets.flatMap((s) => (s.certificates ?? []).filter((c) => c.role === 'ca').map((c) => parse(c.pem))).filter((c) => c !== undefined);
  if (trusted.length === 0) return;
  for (const secret of secrets) {
    const chain = (secret.certificates ?? []).filter((c) => c.role === 'chain');
    const [leafInfo, ...rest] = chain;
    const leaf = parse(leafInfo?.pem);
    if (!leaf || !leafInfo) continue;
    const pool = [...rest.map((c) => parse(c.pem)).filter((c) => c !== undefined), ...trusted];
    if (pool.some((ca) => leaf.checkIssued(ca) && leaf.verify(ca.publicKey))) continue;
    const cas = [...new Set(trusted.map((c) => c.subject.replace(/\n/g, ', ')))].slice(0, 3).join('; ');
    report({
      messageId: 'unknownIssuer',
      severity: 'warning',
      data: { cert: `certificate ${leafInfo.subjectAltNames[0] ?? leafInfo.subject ?? ''} in SDS secret "${secret.name}"`, cas, rotate },
      resource: { kind: 'secret', name: secret.name },
      origin: leafInfo.origin,
    });
  }
}
