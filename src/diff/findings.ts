// Which findings a change brings and which it takes away: the rules run on both sides, findings matched by rule,
// message, resource and the values in the message (not by file or line, which a change moves).
import type { Finding } from '../engine/finding.js';

export interface FindingsDiff {
  added: Finding[];
  removed: Finding[];
  kept: Finding[];
}

function identity(f: Finding): string {
  return JSON.stringify([f.ruleId, f.messageId, f.resource.kind, f.resource.name, f.data ?? null]);
}

export function compareFindings(a: readonly Finding[], b: readonly Finding[]): FindingsDiff {
  const left = new Map<string, number>();
  for (const f of a) left.set(identity(f), (left.get(identity(f)) ?? 0) + 1);
  const added: Finding[] = [];
  const kept: Finding[] = [];
  for (const f of b) {
    const key = identity(f);
    const n = left.get(key) ?? 0;
    if (n > 0) {
      left.set(key, n - 1);
      kept.push(f);
    } else added.push(f);
  }
  const seen = new Map<string, number>();
  const removed = a.filter((f) => {
    const key = identity(f);
    const i = (seen.get(key) ?? 0) + 1;
    seen.set(key, i);
    // The first (count − left) of each identity were matched on side B; the rest are gone.
    const matched = a.filter((x) => identity(x) === key).length - (left.get(key) ?? 0);
    return i > matched;
  });
  return { added, removed, kept };
}
