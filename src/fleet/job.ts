// Lints one proxy's files and returns plain data (no functions, no class instances), so that it can cross from a
// worker thread: the report, the input errors, and the source lines the text reporter will show.
import type { Rule } from '../engine/rule.js';
import type { RuleOverride } from '../engine/run.js';
import { InputError } from '../load/errors.js';
import { lintInputs } from '../pipeline/lint.js';
import type { InputRef, ReadTuning } from '../load/input.js';
import type { ControlPlaneId } from '../model/control-plane.js';
import { buildGraphView, type GraphView } from '../report/graph/index.js';
import type { Report } from '../engine/report.js';
import type { ProxyGraph } from '../model/graph.js';

export interface ProxyJob {
  /** The group's name: its dump's path, or its directory (a proxy of an egctl map is named by the map). */
  name: string;
  /** Paths, or an archive's members in memory. */
  files: InputRef[];
  iptables: string[];
  settings: Array<[string, RuleOverride]>;
  /** Plugin module files (already checked in the main thread) whose rules run beside the built-in ones. */
  plugins?: string[];
  /** Build the graph view for the html, dot and mermaid formats. */
  graphView?: boolean;
  /** The control plane to assume instead of detecting it (`--control-plane`). */
  controlPlane?: ControlPlaneId;
  /** The loader's size thresholds (default: its own). */
  reading?: ReadTuning;
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
  graphView?: GraphView;
}

/**
 * `rules`: the rules to run (built-in and plugin); default the built-in ones. `onProgress` hears how far reading a big
 * input has got, then that the rules run.
 */
/** The first proxy's graph with its own findings on it, under its control plane's name and Envoy version. */
function graphViewOf(report: Report, graph: ProxyGraph, controlPlane: string | undefined, inputs: string[]): GraphView {
  const first = report.proxies[0];
  const findings = first ? report.findings.filter((f) => f.proxy === first.name) : report.findings;
  const label = controlPlane !== undefined ? [controlPlane, ...(first?.envoyVersion ? [`Envoy ${first.envoyVersion}`] : [])].join(', ') : undefined;
  return buildGraphView(graph, findings, inputs, label);
}

export function runJob(job: ProxyJob, rules?: readonly Rule[], onProgress?: (detail: string) => void): ProxyResult {
  const progress = onProgress ? { onRead: (file: string, detail: string) => onProgress(job.files.length > 1 ? `${file}: ${detail}` : detail), onRules: () => onProgress('running the rules') } : {};
  const { report, errors, inputs, graph, proxies } = lintInputs(job.files, {
    name: job.name,
    settings: new Map(job.settings),
    iptables: job.iptables,
    ...(job.controlPlane ? { controlPlane: job.controlPlane } : {}),
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
  return {
    report,
    errors: errors.map((e) => ({ file: e.file, message: e.message, ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}), oneLine: e.oneLine() })),
    lines,
    ...(job.graphView ? { graphView: graphViewOf(report, graph, proxies[0]?.target.controlPlane.summary().name, inputs.map((i) => i.file)) } : {}),
  };
}
