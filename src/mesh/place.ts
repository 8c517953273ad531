// Where mesh findings point, found only for what is reported. A proxy's mesh facts carry thousands of locations (every
// cluster, endpoint and SAN matcher) and a mesh finding uses a few; locating them all, in every job, cost about as much
// as the mesh rules' whole reading of the dumps. So facts carry file and pointer, and the findings' locations get their
// lines and columns once the mesh rules have run: from the inputs still at hand (one group), or from the files read
// again (the fleet, whose jobs are over by then).
import type { Finding, SourceLocation } from '../engine/finding.js';
import type { Span } from '../load/json/source.js';

/** A location known by its pointer only; its file is filled in by the collector, its line and column by placeFindings. */
export function unplaced(pointer: string): SourceLocation {
  return { file: '', line: 1, column: 1, endLine: 1, endColumn: 1, pointer };
}

/** The spans of pointers into one file, or undefined when the file cannot be read again (its locations stay 1:1). */
export type FileLocator = (file: string, pointers: readonly string[]) => ReadonlyMap<string, Span> | undefined;

/** The findings with their locations and related locations placed, asking `locate` once per file. */
export function placeFindings(findings: readonly Finding[], locate: FileLocator): Finding[] {
  const wanted = new Map<string, Set<string>>();
  const want = (location: SourceLocation): void => {
    const pointers = wanted.get(location.file);
    if (pointers) pointers.add(location.pointer);
    else wanted.set(location.file, new Set([location.pointer]));
  };
  for (const f of findings) {
    want(f.location);
    for (const r of f.related ?? []) want(r.location);
  }
  const spans = new Map<string, ReadonlyMap<string, Span> | undefined>();
  for (const [file, pointers] of wanted) spans.set(file, locate(file, [...pointers]));
  const placed = (location: SourceLocation): SourceLocation => {
    const span = spans.get(location.file)?.get(location.pointer);
    return span ? { ...location, line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn } : location;
  };
  return findings.map((f) => ({ ...f, location: placed(f.location), ...(f.related ? { related: f.related.map((r) => ({ ...r, location: placed(r.location) })) } : {}) }));
}

/** Places `locations` where they are (in place: every fact holding one sees it), and returns their lines by file. */
export function placeLocations(locations: readonly SourceLocation[], locate: FileLocator): Map<string, number[]> {
  const byFile = new Map<string, SourceLocation[]>();
  for (const l of locations) {
    const list = byFile.get(l.file);
    if (list) list.push(l);
    else byFile.set(l.file, [l]);
  }
  const lines = new Map<string, number[]>();
  for (const [file, list] of byFile) {
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
