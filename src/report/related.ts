// A finding's related locations as plain text, for the formats that have no field of their own for them (GitHub
// annotations, JUnit details): "see also FILE:LINE:COL message", relative to the report's directory.
import type { Finding } from '../engine/finding.js';
import { relativePath } from './paths.js';

export function relatedLines(finding: Finding, cwd: string): string[] {
  return (finding.related ?? []).map((r) => `see also ${relativePath(r.location.file, cwd)}:${r.location.line}:${r.location.column} ${r.message}`);
}
