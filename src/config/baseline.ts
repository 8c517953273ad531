// Baselines: a previous `--format json` report whose findings are accepted. Findings match by rule id, resource kind
// and name, and messageId — not by file or line, so a regenerated dump with the same problems still matches, and not
// by message text, so rewording a message does not un-baseline what users accepted. Baselines written before findings
// carried a messageId still match, by message text, with a note that they should be rewritten.
import type { Finding } from '../engine/finding.js';
import { DEFAULT_MAX_STREAM_BYTES, ReadProblem, readTextOnce } from '../load/open.js';

/** A baseline problem: always one line, always exit code 2. */
export class BaselineError extends Error {
  override name = 'BaselineError';
}

type BaselineFinding = Pick<Finding, 'ruleId' | 'message' | 'resource'> & { messageId?: string };

/**
 * How many times each key occurs in the baseline; each occurrence accepts one current finding. Entries with a
 * messageId are keyed by it, older ones by their message text.
 */
export interface Baseline {
  byMessageId: Map<string, number>;
  byMessage: Map<string, number>;
  /** Set when some entries carry no messageId: the line to print on stderr about rewriting the file. */
  note?: string;
}

export function baselineKey(f: Pick<BaselineFinding, 'ruleId' | 'resource'> & { messageId: string }): string {
  return [f.ruleId, f.resource.kind, f.resource.name, f.messageId].join('\u0000');
}

/** The key of a baseline entry written before findings had a messageId. */
export function legacyBaselineKey(f: BaselineFinding): string {
  return [f.ruleId, f.resource.kind, f.resource.name, f.message].join('\u0000');
}

function isBaselineFinding(value: unknown): value is BaselineFinding {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  const resource = f.resource as Record<string, unknown> | null | undefined;
  const id = f.messageId;
  return (
    typeof f.ruleId === 'string' &&
    typeof f.message === 'string' &&
    (id === undefined || typeof id === 'string') &&
    typeof resource === 'object' &&
    resource !== null &&
    typeof resource.kind === 'string' &&
    typeof resource.name === 'string'
  );
}

const EXPECTED = 'expected an envoy-lint JSON report (write one with --write-baseline FILE)';

/** Reads the baseline at `file`, opened once (a pipe or device within the stream bound, binary data refused). */
export function readBaseline(file: string, maxStreamBytes = DEFAULT_MAX_STREAM_BYTES): Baseline {
  let text: string;
  try {
    text = readTextOnce(file, maxStreamBytes);
  } catch (error) {
    if (!(error instanceof ReadProblem)) throw error;
    const why = error.code === 'ENOENT' ? 'no such file (create one with --write-baseline FILE)' : error.code === 'BINARY' ? `binary data, not text; ${EXPECTED}` : error.why;
    throw new BaselineError(`baseline ${file}: ${why}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BaselineError(`baseline ${file}: not JSON; ${EXPECTED}`);
  }
  const report = data as { version?: unknown; findings?: unknown } | null;
  if (typeof report !== 'object' || report === null || report.version !== 1 || !Array.isArray(report.findings)) {
    throw new BaselineError(`baseline ${file}: not a report; ${EXPECTED}`);
  }
  const baseline: Baseline = { byMessageId: new Map(), byMessage: new Map() };
  let legacy = 0;
  report.findings.forEach((finding: unknown, index) => {
    if (!isBaselineFinding(finding)) throw new BaselineError(`baseline ${file}: findings[${index}] has no ruleId, message or resource; ${EXPECTED}`);
    const withId = typeof finding.messageId === 'string' ? { ...finding, messageId: finding.messageId } : undefined;
    const [map, key] = withId ? [baseline.byMessageId, baselineKey(withId)] : [baseline.byMessage, legacyBaselineKey(finding)];
    if (!withId) legacy++;
    map.set(key, (map.get(key) ?? 0) + 1);
  });
  if (legacy > 0) {
    baseline.note = `baseline ${file}: ${legacy} finding(s) have no messageId (written by an older envoy-lint) and match by message text, so rewording a message would un-baseline them; rewrite it with --write-baseline`;
  }
  return baseline;
}

/** The findings the baseline does not account for (each baseline entry accepts at most one finding). */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): Finding[] {
  const byId = new Map(baseline.byMessageId);
  const byMessage = new Map(baseline.byMessage);
  const take = (map: Map<string, number>, key: string): boolean => {
    const count = map.get(key) ?? 0;
    if (count === 0) return false;
    map.set(key, count - 1);
    return true;
  };
  return findings.filter((f) => !take(byId, baselineKey(f)) && !take(byMessage, legacyBaselineKey(f)));
}
