// `iptables -L` without -n prints well-known ports by their /etc/services name (`dpt:ssh`).
// Only names a sidecar's rules plausibly show are listed; anything else is reported as an
// error by the caller rather than guessed.

const SERVICES: Readonly<Record<string, number>> = {
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  http: 80,
  'www-http': 80,
  www: 80,
  pop3: 110,
  ntp: 123,
  imap: 143,
  imap2: 143,
  snmp: 161,
  ldap: 389,
  https: 443,
  smtps: 465,
  submission: 587,
  ldaps: 636,
  imaps: 993,
  pop3s: 995,
  mysql: 3306,
  postgresql: 5432,
  'http-alt': 8080,
  webcache: 8080,
  redis: 6379,
  'sun-answerbook': 8000,
};

export function servicePort(name: string): number | null {
  return SERVICES[name.toLowerCase()] ?? null;
}
