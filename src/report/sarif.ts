// `--format sarif`: a SARIF 2.1.0 log (one run) for GitHub code scanning and other SARIF consumers.
// Validated in test/report/sarif.test.ts against the vendored schema in schemas/vendor/sarif-2.1.0.json.

import type { Finding, Severity } from '../engine/finding.js';
import type { Report } from '../engine/report.js';
import type { ReportContext, Reporter, RuleDescription } from './types.js';
import { absolutePath, directoryUri, fileUri, isInside, isPseudoFile, relativePath, relativeUri } from './paths.js';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** driver.informationUri: where users learn about the tool. */
export const SARIF_INFORMATION_URI = 'https://www.npmjs.com/package/envoy-lint';
/** The uriBaseId that result locations are relative to; originalUriBaseIds maps it to context.cwd. */
export const SRCROOT = '%SRCROOT%';

export type SarifLevel = 'error' | 'warning' | 'note';

export const SARIF_LEVEL: Readonly<Record<Severity, SarifLevel>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

interface SarifText {
  text: string;
}

export interface SarifRule {
  id: string;
  shortDescription: SarifText;
  fullDescription: SarifText;
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifText;
  locations: {
    physicalLocation: {
      artifactLocation: SarifArtifactLocation;
      region?: { startLine: number; startColumn?: number; endLine?: number; endColumn?: number };
    };
    logicalLocations: { name: string; kind: string }[];
  }[];
  properties?: { jsonPointer: string };
}

/** A tool execution notification: an input that could not be read, located where reading stopped. */
export interface SarifNotification {
  level: 'error';
  message: SarifText;
  descriptor: { id: string };
  locations: { physicalLocation: { artifactLocation: SarifArtifactLocation; region?: { startLine: number; startColumn?: number } } }[];
}

export interface SarifInvocation {
  /** False when an input could not be read: its findings are missing, which is not the same as fixed. */
  executionSuccessful: boolean;
  toolExecutionNotifications: SarifNotification[];
}

export interface SarifLog {
  $schema: string;
  version: typeof SARIF_VERSION;
  runs: {
    tool: {
      driver: { name: 'envoy-lint'; version: string; informationUri: string; rules: SarifRule[] };
    };
    invocations: SarifInvocation[];
    originalUriBaseIds: Record<string, { uri: string }>;
    results: SarifResult[];
  }[];
}

/** The first sentence (or line) of a description, for shortDescription. */
export function firstSentence(description: string): string {
  const text = description.trim();
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  const match = /^(.*?[.!?])(?:\s|$)/.exec(line);
  return (match?.[1] ?? line).trim();
}

function isAbsoluteUrl(s: string): boolean {
  try {
    return new URL(s).protocol !== '';
  } catch {
    return false;
  }
}

function sarifRule(rule: RuleDescription): SarifRule {
  const full = rule.description.trim() || rule.id;
  return {
    id: rule.id,
    shortDescription: { text: firstSentence(full) || rule.id },
    fullDescription: { text: full },
    // helpUri must be an absolute URI; a repository-relative docsUrl is left out rather than emitted invalid.
    ...(isAbsoluteUrl(rule.docsUrl) ? { helpUri: rule.docsUrl } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
  };
}

/** Where a finding's file is: relative to %SRCROOT% when inside cwd, else an absolute file: URI. */
export function artifactLocation(file: string, context: ReportContext): SarifArtifactLocation {
  if (isPseudoFile(file)) return { uri: relativeUri(file) };
  if (isInside(file, context.cwd)) return { uri: relativeUri(relativePath(file, context.cwd)), uriBaseId: SRCROOT };
  return { uri: fileUri(absolutePath(file, context.cwd)) };
}

function sarifResult(finding: Finding, ruleIndex: number, context: ReportContext): SarifResult {
  const { location, resource } = finding;
  const physicalLocation: SarifResult['locations'][number]['physicalLocation'] = {
    artifactLocation: artifactLocation(location.file, context),
  };
  if (location.line >= 1) {
    const end = location.endLine >= location.line ? { endLine: location.endLine, ...(location.endColumn >= 1 ? { endColumn: location.endColumn } : {}) } : {};
    physicalLocation.region = location.column >= 1 ? { startLine: location.line, startColumn: location.column, ...end } : { startLine: location.line, ...end };
  }
  const result: SarifResult = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[finding.severity],
    message: { text: finding.message || finding.ruleId },
    locations: [{ physicalLocation, logicalLocations: [{ name: resource.name, kind: resource.kind }] }],
  };
  if (location.pointer !== '') result.properties = { jsonPointer: location.pointer };
  return result;
}

function invocation(report: Report, context: ReportContext): SarifInvocation {
  const notifications = report.inputs.flatMap((input): SarifNotification[] => {
    if (input.status !== 'error' || !input.error) return [];
    const { line, column, message } = input.error;
    const physicalLocation: SarifNotification['locations'][number]['physicalLocation'] = { artifactLocation: artifactLocation(input.file, context) };
    if (line !== undefined && line >= 1) physicalLocation.region = column !== undefined && column >= 1 ? { startLine: line, startColumn: column } : { startLine: line };
    return [{ level: 'error', message: { text: `${input.file} could not be read: ${message}` }, descriptor: { id: 'input-error' }, locations: [{ physicalLocation }] }];
  });
  return { executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications };
}

/** The SARIF log as an object (what `sarifReporter` serialises). */
export function sarifLog(report: Report, context: ReportContext): SarifLog {
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  const addRule = (rule: RuleDescription): number => {
    const known = index.get(rule.id);
    if (known !== undefined) return known;
    index.set(rule.id, rules.length);
    rules.push(sarifRule(rule));
    return rules.length - 1;
  };
  for (const rule of context.rules) addRule(rule);
  const results = report.findings.map((finding) => {
    // A finding of a rule the context does not describe still needs a driver.rules entry for its ruleIndex.
    const ruleIndex =
      index.get(finding.ruleId) ??
      addRule({ id: finding.ruleId, description: finding.ruleId, defaultSeverity: finding.severity, docsUrl: '' });
    return sarifResult(finding, ruleIndex, context);
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: SARIF_INFORMATION_URI,
            rules,
          },
        },
        invocations: [invocation(report, context)],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(context.cwd) } },
        results,
      },
    ],
  };
}

export const sarifReporter: Reporter = (report, context) => `${JSON.stringify(sarifLog(report, context), null, 2)}\n`;
