// Where mesh findings point, found only for what is reported. A proxy's mesh facts carry thousands of locations (every
// cluster, endpoint and SAN matcher) and a mesh finding uses a few; locating them all, in every job, cost about as much
// as the mesh rules' whole reading of the dumps. So facts carry file and pointer, and the findings' locations get their
// lines and columns once the mesh rules have run: from the inputs still at hand (one group), or from the files read
// again (the fleet, whose jobs are over by then).
import type { Finding, SourceLocation } from '../engine/finding.js';
import type { Span } from '../load/json/source.js';
import { indexBy } from '../model/graph.js';

/** A location known by its pointer only; its file is filled in by the collector, its line and column when placed. */
export function unplaced(pointer: string): SourceLocation {
  return { file: '', line: 1, column: 1, endLine: 1, endColumn: 1, pointer };
}

/** The spans of pointers into one file, or undefined when the file cannot be read again (its locations stay 1:1). */
export type FileLocator = (file: string, pointers: readonly string[]) => ReadonlyMap<string, Span> | undefined;

/** The findings with their locations and related locations placed (copies, placed as placeLocations does). */
export function placeFindings(findings: readonly Finding[], locate: FileLocator): Finding[] {
  const placed = findings.map((f) => ({ ...f, location: { ...f.location }, ...(f.related ? { related: f.related.map((r) => ({ ...r, location: { ...r.location } })) } : {}) }));
  placeLocations(
    placed.flatMap((f) => [f.location, ...(f.related ?? []).map((r) => r.location)]),
    locate,
  );
  return placed;
}

/**
 * Places `locations` where they are (in place: every fact holding one sees it), asking `locate` once per file, and
 * returns their lines by file.
 */
export function placeLocations(locations: readonly SourceLocation[], locate: FileLocator): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  for (const [file, list] of indexBy(locations, (l) => l.file)) {
    const spans = locate(file, [...new Set(list.map((l) => l.pointer))]);
    if (!spans) continue;
    for (const l of list) {
      const span = spans.get(l.pointer);
      if (span) Object.assign(l, { line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn });
    }
    lines.set(file, list.map((l) => l.line));
  }
  return lines;
}
