import rule from '../../rules/certificate-expiry.js';
import { ruleTester } from '../rule-tester.js';

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
  ],
  invalid: [
    { name: 'expired yesterday', admin: certs(cert(SA, -2, -1)), errors: [{ messageId: 'expired', in: 'certs.json', resource: { kind: 'secret', name: SA } }] },
    { name: 'valid only from tomorrow', admin: certs(cert(SA, 1, 90)), errors: [{ messageId: 'notYetValid' }] },
    { name: 'expires in three days: a warning', admin: certs(cert(SA, -20, 3.5)), errors: [{ messageId: 'expiring', severity: 'warning', data: { cert: `certificate ${SA} (<inline>)`, date: iso(3.5).replace(/Z$/, '.000Z'), days: 3, warnDays: 7, rotate: expectRotate() } }] },
  ],
});

function expectRotate(): string {
  return 'Renew it where the control plane or the secret store issues it, and check that SDS pushes the new one';
}
