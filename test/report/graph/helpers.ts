// The bundled example dump as a report plus its graph view, the way the CLI builds them for --format html/dot/mermaid.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintInputs } from '../../../src/pipeline/lint.js';
import { loadProxies } from '../../../src/pipeline/proxies.js';
import { buildGraphView } from '../../../src/report/graph/index.js';
import type { GraphScope, GraphView } from '../../../src/report/graph/index.js';
import type { Report } from '../../../src/engine/report.js';
import type { ReportContext } from '../../../src/report/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const EXAMPLE = path.join(ROOT, 'fixtures/example/config_dump.json');

export interface Example {
  report: Report;
  view: GraphView;
}

export function lintWithGraph(files: readonly string[]): Example {
  const { report } = lintInputs(files);
  const { graph } = loadProxies(files);
  return { report, view: buildGraphView(graph, report.findings, report.inputs.map((i) => i.file)) };
}

export function graphContext(view: GraphView | undefined, graphScope?: GraphScope): ReportContext {
  return {
    cwd: ROOT,
    color: false,
    rules: [],
    sourceLine: () => undefined,
    ...(view ? { graph: view } : {}),
    ...(graphScope ? { graphScope } : {}),
  };
}
