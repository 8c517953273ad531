import fs from 'node:fs';
import path from 'node:path';
import rule from '../../rules/certificate-expiry.js';
import { ruleTester } from '../rule-tester.js';

// A real Istio workload certificate chain (one-day leaf of 2023-05-15, root to 2033) from istioctl's secret test
// dump (fixtures/real/SOURCES.md), as the dump writes it: base64 PEM in inline_bytes.
const REAL = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/real/istioctl_pkg_writer_envoy_configdump_testdata_secret_istio_config_dump.json'), 'utf8')) as { configs: Array<{ dynamic_active_secrets: Array<{ secret: { tls_certificate: { certificate_chain: { inline_bytes: string } } } }> }> };
const CHAIN = REAL.configs[0]?.dynamic_active_secrets[0]?.secret.tls_certificate.certificate_chain.inline_bytes ?? '';
const LEAF_ONLY = Buffer.from(Buffer.from(CHAIN, 'base64').toString('latin1').split(/(?=-----BEGIN CERTIFICATE-----)/)[0] ?? '', 'latin1').toString('base64');
// Envoy Gateway's xDS CA from egctl's test data (fixtures/real-others): a root that did not issue the Istio leaf.
const OTHER_CA = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/real-others/envoyproxy_gateway_internal_cmd_egctl_testdata_config_in_in.all.json'), 'utf8')) as { configs: Array<{ dynamic_active_secrets?: Array<{ name: string; secret: { validation_context?: { trusted_ca: { inline_bytes: string } } } }> }> }).configs
  .flatMap((c) => c.dynamic_active_secrets ?? [])
  .find((s) => s.name === 'xds_trusted_ca')?.secret.validation_context?.trusted_ca.inline_bytes ?? '';
const ROOT_ONLY = Buffer.from(Buffer.from(CHAIN, 'base64').toString('latin1').split(/(?=-----BEGIN CERTIFICATE-----)/)[1] ?? '', 'latin1').toString('base64');

const DAY = 24 * 60 * 60 * 1000;
const iso = (offsetDays: number): string => new Date(Date.now() + offsetDays * DAY).toISOString().replace(/\.\d+Z$/, 'Z');
const cert = (san: string, fromDays: number, toDays: number) => ({
  path: '<inline>',
  serial_number: '1f',
  subject_alt_names: [{ uri: san }],
  days_until_expiration: String(Math.max(0, Math.floor(toDays))),
  valid_from: iso(fromDays),
  expiration_time: iso(toDays),
});
const certs = (...chain: Array<ReturnType<typeof cert>>) => ({ 'certs.json': { certificates: [{ ca_cert: [cert('spiffe://cluster.local/ns/istio-system/sa/istiod', -400, 3000)], cert_chain: chain }] } });
const SA = 'spiffe://cluster.local/ns/default/sa/reviews';

ruleTester(rule, {
  valid: [
    { name: 'no /certs given', listeners: [] },
    { name: 'valid for months', admin: certs(cert(SA, -1, 90)) },
    { name: 'inside the window, but the window is shorter', admin: certs(cert(SA, -1, 5)), options: { warnDays: 3 } },
    { name: "an SDS secret's inline root, valid to 2033", secrets: [{ name: 'ROOTCA', validation_context: { trusted_ca: { inline_bytes: ROOT_ONLY } } }] },
    { name: 'a secret given as files is not read', secrets: [{ name: 'default', tls_certificate: { certificate_chain: { filename: '/etc/certs/cert-chain.pem' } } }] },
  ],
  invalid: [
    { name: 'expired yesterday', admin: certs(cert(SA, -2, -1)), errors: [{ messageId: 'expired', in: 'certs.json', resource: { kind: 'secret', name: SA } }] },
    { name: 'valid only from tomorrow', admin: certs(cert(SA, 1, 90)), errors: [{ messageId: 'notYetValid' }] },
    {
      name: 'a leaf no CA of the proxy issued (a root rotated on one side): unknownIssuer, beside its expiry',
      secrets: [
        { name: 'default', tls_certificate: { certificate_chain: { inline_bytes: LEAF_ONLY } } },
        { name: 'ROOTCA', validation_context: { trusted_ca: { inline_bytes: OTHER_CA } } },
      ],
      errors: [
        { messageId: 'expired', resource: { kind: 'secret', name: 'default' } },
        { messageId: 'unknownIssuer', severity: 'warning', resource: { kind: 'secret', name: 'default' } },
        { messageId: 'expired', resource: { kind: 'secret', name: 'ROOTCA' } },
      ],
    },
    {
      name: 'the same leaf with the root that issued it: only its expiry',
      secrets: [
        { name: 'default', tls_certificate: { certificate_chain: { inline_bytes: LEAF_ONLY } } },
        { name: 'ROOTCA', validation_context: { trusted_ca: { inline_bytes: ROOT_ONLY } } },
      ],
      errors: [{ messageId: 'expired', resource: { kind: 'secret', name: 'default' } }],
    },
    {
      name: "without /certs: the dump's inline chain, its expired leaf at the inline value",
      secrets: [{ name: 'default', tls_certificate: { certificate_chain: { inline_bytes: CHAIN } } }],
      errors: [{ messageId: 'expired', resource: { kind: 'secret', name: 'default' }, data: { cert: 'certificate spiffe://cluster.local/ns/ambient/sa/namespace-istio-waypoint in SDS secret "default"', date: '2023-05-16T01:32:52.000Z', rotate: expectRotate().replace(/^R/, 'r') } }],
    },
    { name: 'expires in three days: a warning', admin: certs(cert(SA, -20, 3.5)), errors: [{ messageId: 'expiring', severity: 'warning', data: { cert: `certificate ${SA} (<inline>)`, date: iso(3.5).replace(/Z$/, '.000Z'), days: 3, warnDays: 7, rotate: expectRotate() } }] },
  ],
});

function expectRotate(): string {
  return 'Renew it where the control plane or the secret store issues it, and check that SDS pushes the new one';
}
