// Cheap content sniff used to route an input file to this parser rather than JSON/YAML.

const SIGNS = [
  /^\*\s*(nat|mangle|raw|filter|security)\s*$/m,
  /^:[A-Za-z_][\w-]*\s+(ACCEPT|DROP|-)\s+\[\d+:\d+\]\s*$/m,
  /^Chain \S+ \((policy \w+|\d+ references)/m,
  /^\s*(pkts\s+bytes\s+)?target\s+prot\s+opt\s/m,
  /^(\[\d+:\d+\]\s+)?-A \S+ .*(-j|-g) \S+/m,
  /^\s*(sudo\s+)?ip6?tables(-legacy|-nft)?\s+(-t\s+\w+\s+)?-[AI]\s/m,
];

export function looksLikeIptables(text: string): boolean {
  const head = text.slice(0, 4096);
  const first = head.trimStart()[0];
  // JSON documents; `[0:0] -A ...` counter-prefixed rules also start with '['.
  if (first === '{' || (first === '[' && !/^\s*\[\d+:\d+\]/.test(head))) return false;
  return SIGNS.some((re) => re.test(head));
}
