// Rendering the report in every requested format to stdout or its file, plus the GitHub step summary.
import type { Severity } from '../engine/finding.js';
import type { Rule } from '../engine/rule.js';
import type { LoadedPlugin } from '../plugins/load.js';
import { githubStepSummary, REPORTERS } from '../report/index.js';
import type { Report } from '../engine/report.js';
import type { ReportContext, Withheld } from '../report/types.js';
import { useColor } from './color.js';
import type { FormatRequest } from './formats.js';
import { findRepositoryRoot, stepSummaryFile } from './github-env.js';
import { TOOL_HOMEPAGE } from '../pipeline/version.js';
import type { OutputSink } from './options.js';
import { ruleDescriptions } from './rule-docs.js';
import { appendTextFile, writeTextFile } from './write-file.js';

export interface OutputTarget {
  /** The proxy graph for the html, dot and mermaid formats, and how much of it they draw. */
  graph?: Pick<ReportContext, 'graph' | 'graphScope'>;
  stdout: OutputSink;
  env: Readonly<Record<string, string | undefined>>;
  /** Directory the reports' paths are relative to. */
  cwd: string;
  /** The lowest severity that fails the run, for reports that show pass and fail. */
  failOn?: Severity;
  /** The exit code the run will end with (SARIF invocations[].exitCode). */
  exitCode?: number;
  /** Findings counted but not listed (--quiet, --write-baseline), for the summaries. */
  withheld?: Withheld;
}

export function writeOutputs(
  report: Report,
  requests: readonly FormatRequest[],
  sourceLine: ReportContext['sourceLine'],
  rules: readonly Rule[],
  target: OutputTarget,
  plugins: readonly LoadedPlugin[] = [],
): void {
  const repositoryRoot = findRepositoryRoot(target.cwd);
  const base: Omit<ReportContext, 'color'> = {
    cwd: target.cwd,
    ...(repositoryRoot !== undefined ? { repositoryRoot } : {}),
    ...(TOOL_HOMEPAGE !== undefined ? { homepage: TOOL_HOMEPAGE } : {}),
    ...(target.failOn !== undefined ? { failOn: target.failOn } : {}),
    ...(target.exitCode !== undefined ? { exitCode: target.exitCode } : {}),
    ...(target.withheld !== undefined ? { withheld: target.withheld } : {}),
    rules: ruleDescriptions(rules, plugins),
    sourceLine,
    ...(target.graph ?? {}),
  };
  for (const { format, outputFile } of requests) {
    if (outputFile === undefined) {
      const width = target.stdout.isTTY === true ? target.stdout.columns : undefined;
      target.stdout.write(REPORTERS[format](report, { ...base, color: useColor(target.stdout, target.env), ...(width !== undefined && width > 0 ? { width } : {}) }));
    } else {
      writeTextFile(outputFile, REPORTERS[format](report, { ...base, color: false }), `${format} report`);
    }
  }
  const summaryFile = stepSummaryFile(target.env, requests.map((r) => r.format));
  if (summaryFile !== undefined) appendTextFile(summaryFile, githubStepSummary(report, { ...base, color: false }), 'GITHUB_STEP_SUMMARY');
}
