// Baselines: a previous `--format json` report whose findings are accepted. Findings match by rule id, resource kind
// and name, and message — not by file or line, so a regenerated dump with the same problems still matches.
import fs from 'node:fs';
import type { Finding } from '../engine/finding.js';

/** A baseline problem: always one line, always exit code 2. */
export class BaselineError extends Error {
  override name = 'BaselineError';
}

type BaselineFinding = Pick<Finding, 'ruleId' | 'message' | 'resource'>;

/** How many times each key occurs in the baseline; each occurrence accepts one current finding. */
export type Baseline = Map<string, number>;

export function baselineKey(f: BaselineFinding): string {
  return [f.ruleId, f.resource.kind, f.resource.name, f.message].join('\u0000');
}

function isBaselineFinding(value: unknown): value is BaselineFinding {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  const resource = f.resource as Record<string, unknown> | null | undefined;
  return typeof f.ruleId === 'string' && typeof f.message === 'string' && typeof resource === 'object' && resource !== null && typeof resource.kind === 'string' && typeof resource.name === 'string';
}

const EXPECTED = 'expected an envoy-lint JSON report (write one with --write-baseline FILE)';

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file (create one with --write-baseline FILE)' : code === 'EISDIR' ? 'is a directory' : `cannot read: ${code ?? String(error)}`;
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
  const baseline: Baseline = new Map();
  report.findings.forEach((finding: unknown, index) => {
    if (!isBaselineFinding(finding)) throw new BaselineError(`baseline ${file}: findings[${index}] has no ruleId, message or resource; ${EXPECTED}`);
    const key = baselineKey(finding);
    baseline.set(key, (baseline.get(key) ?? 0) + 1);
  });
  return baseline;
}

/** The findings the baseline does not account for (each baseline entry accepts at most one finding). */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): Finding[] {
  const left = new Map(baseline);
  return findings.filter((f) => {
    const key = baselineKey(f);
    const count = left.get(key) ?? 0;
    if (count === 0) return true;
    left.set(key, count - 1);
    return false;
  });
}
