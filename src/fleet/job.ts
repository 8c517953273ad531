// Lints one proxy's files and returns plain data (no functions, no class instances), so that it can cross from a
// worker thread: the report, the input errors, and the source lines the text reporter will show.
import type { Rule } from '../engine/rule.js';
import type { RuleOverride } from '../engine/run.js';
import { InputError } from '../load/errors.js';
import { inputLocator, lintInputs } from '../pipeline/lint.js';
import type { InputRef, ReadTuning } from '../load/input.js';
import type { ControlPlaneId } from '../model/control-plane.js';
import { buildGraphView } from '../report/graph/index.js';
import type { ProxyGraphView } from '../report/graph/mesh.js';
import type { LoadedProxy } from '../pipeline/proxies.js';
import type { Report } from '../engine/report.js';
import { allLocations, type MeshFacts } from '../mesh/facts.js';
import { placeLocations } from '../mesh/place.js';
import type { LoadedInput } from '../load/input.js';

export interface ProxyJob {
  /** The group's name: its dump's path, or its directory (a proxy of an egctl map is named by the map). */
  name: string;
  /** Paths, or an archive's members in memory. */
  files: InputRef[];
  iptables: string[];
  settings: Array<[string, RuleOverride]>;
  /** Plugin module files (already checked in the main thread) whose rules run beside the built-in ones. */
  plugins?: string[];
  /** Build the graph views (one per proxy) for the html, dot and mermaid formats. */
  graphView?: boolean;
  /** The control plane to assume instead of detecting it (`--control-plane`). */
  controlPlane?: ControlPlaneId;
  /** The loader's size thresholds (default: its own). */
  reading?: ReadTuning;
  /** Collect the proxies' mesh facts and leave the mesh rules to the caller, which runs them over every job at once. */
  collectMesh?: boolean;
}

export interface SerializedInputError {
  file: string;
  message: string;
  line?: number;
  column?: number;
  oneLine: string;
}

export interface ProxyResult {
  report: Report;
  errors: SerializedInputError[];
  /** file → line → text, for the lines findings point at. */
  lines: Record<string, Record<number, string>>;
  /** Each proxy's graph view, when asked for. */
  graphViews?: ProxyGraphView[];
  /** Each proxy's mesh facts, for the mesh rules the fleet runs after every job (with `collectMesh`). */
  meshFacts?: MeshFacts[];
}

/**
 * `rules`: the rules to run (built-in and plugin); default the built-in ones. `onProgress` hears how far reading a big
 * input has got, then that the rules run.
 */
/** A proxy's graph with its own findings on it, under its control plane's name and Envoy version. */
function graphViewOf(report: Report, proxy: LoadedProxy, inputs: string[]): ProxyGraphView {
  const summary = report.proxies.find((p) => p.name === proxy.name);
  const findings = report.findings.filter((f) => f.proxy === proxy.name);
  const controlPlane = proxy.target.controlPlane.summary().name;
  const label = [controlPlane, ...(summary?.envoyVersion ? [`Envoy ${summary.envoyVersion}`] : [])].join(', ');
  return { proxy: proxy.name, view: buildGraphView(proxy.graph, findings, inputs, label) };
}

/** An input error as plain data, to cross from a worker thread. */
export function serializedError(e: InputError): SerializedInputError {
  return { file: e.file, message: e.message, ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}), oneLine: e.oneLine() };
}

/**
 * A job's mesh facts are placed by the fleet once the mesh rules have run, reading the inputs again (place.ts); a pipe
 * cannot be read again, so a job that read one places all its facts now and hands on their source lines.
 */
function placeNow(facts: readonly MeshFacts[], inputs: readonly LoadedInput[], lines: Record<string, Record<number, string>>, onInputError: (error: InputError) => void): void {
  const byFile = new Map(inputs.map((i) => [i.file, i]));
  for (const [file, wanted] of placeLocations(allLocations(facts), inputLocator(inputs, onInputError))) {
    for (const [line, text] of byFile.get(file)?.positions.lineTexts(wanted) ?? []) (lines[file] ??= {})[line] = text;
  }
}

export function runJob(job: ProxyJob, rules?: readonly Rule[], onProgress?: (detail: string) => void): ProxyResult {
  const progress = onProgress ? { onRead: (file: string, detail: string) => onProgress(job.files.length > 1 ? `${file}: ${detail}` : detail), onRules: () => onProgress('running the rules') } : {};
  const { report, errors, inputs, proxies, meshFacts } = lintInputs(job.files, {
    name: job.name,
    settings: new Map(job.settings),
    iptables: job.iptables,
    ...(job.controlPlane ? { controlPlane: job.controlPlane } : {}),
    ...(job.collectMesh ? { meshRules: 'collect' as const } : {}),
    ...job.reading,
    ...(rules ? { rules } : {}),
    ...progress,
  });
  const lines: Record<string, Record<number, string>> = {};
  for (const input of inputs) {
    const wanted = report.findings.filter((f) => f.location.file === input.file).map((f) => f.location.line);
    if (wanted.length === 0) continue;
    try {
      for (const [line, text] of input.positions.lineTexts(wanted)) (lines[input.file] ??= {})[line] = text;
    } catch (error) {
      // A big file changed since it was read: its findings are shown without their source lines.
      if (!(error instanceof InputError)) throw error;
      if (!errors.some((e) => e.file === error.file)) errors.push(error);
    }
  }
  if (job.collectMesh && job.files.includes('-')) placeNow(meshFacts, inputs, lines, (error) => void (errors.some((e) => e.file === error.file) || errors.push(error)));
  return {
    report,
    errors: errors.map(serializedError),
    lines,
    ...(job.collectMesh ? { meshFacts } : {}),
    ...(job.graphView ? { graphViews: proxies.map((p) => graphViewOf(report, p, inputs.map((i) => i.file))) } : {}),
  };
}
