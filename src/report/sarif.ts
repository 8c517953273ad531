// `--format sarif`: a SARIF 2.1.0 log (one run) for GitHub code scanning and other SARIF consumers.
// Validated in test/report/sarif.test.ts against the vendored schema in schemas/vendor/sarif-2.1.0.json.

import type { Finding, Severity } from '../engine/finding.js';
import type { Report } from '../engine/report.js';
import type { ReportContext, Reporter, RuleDescription } from './types.js';
import { absolutePath, directoryUri, fileUri, isInside, isPseudoFile, relativePath, relativeUri } from './paths.js';
import { safeJson } from './sanitize.js';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/**
 * The uriBaseId that result locations are relative to; originalUriBaseIds maps it to context.repositoryRoot when the
 * files are inside one (code scanning matches results to files by their path from the repository root), else to
 * context.cwd.
 */
export const SRCROOT = '%SRCROOT%';
/**
 * The partialFingerprints key. Its value identifies a finding by what it is about (rule, message id, resource, file,
 * proxy), not where: code scanning then keeps tracking an alert when lines move above it. Bump the version if the
 * inputs of the hash change.
 */
export const FINGERPRINT_KEY = 'envoyLintFinding/v1';

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
  partialFingerprints: Record<string, string>;
  /** Other places the finding involves (a mesh finding's server side), each with its own message. */
  relatedLocations?: Array<{ id: number; physicalLocation: SarifResult['locations'][number]['physicalLocation']; message: SarifText }>;
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
  /** The process's exit code, when the caller knows it (the CLI does). */
  exitCode?: number;
  toolExecutionNotifications: SarifNotification[];
}

export interface SarifLog {
  $schema: string;
  version: typeof SARIF_VERSION;
  runs: {
    tool: {
      driver: { name: 'envoy-lint'; version: string; informationUri?: string; rules: SarifRule[] };
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

/** The directory SARIF paths start from: the repository root when the file is inside it, else cwd. */
function sourceRoot(context: ReportContext): string {
  return context.repositoryRoot ?? context.cwd;
}

/** Where a finding's file is: relative to %SRCROOT% when inside the source root, else an absolute file: URI. */
export function artifactLocation(file: string, context: ReportContext): SarifArtifactLocation {
  if (isPseudoFile(file)) return { uri: relativeUri(file) };
  const root = sourceRoot(context);
  const absolute = absolutePath(file, context.cwd);
  if (isInside(absolute, root)) return { uri: relativeUri(relativePath(absolute, root)), uriBaseId: SRCROOT };
  return { uri: fileUri(absolute) };
}

/** FNV-1a, 64 bits, as 16 hex digits: stable everywhere, no crypto module needed for a fingerprint. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * Each finding's fingerprint. Findings that share rule, message id, resource, file and proxy (a rule reporting two
 * spots of one resource) are told apart by their order, which line moves do not change.
 */
function fingerprints(findings: readonly Finding[], context: ReportContext): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const file = isPseudoFile(f.location.file) ? f.location.file : relativePath(absolutePath(f.location.file, context.cwd), sourceRoot(context));
    const identity = [f.ruleId, f.messageId, f.resource.kind, f.resource.name, file, f.proxy ?? ''].join('\0');
    const nth = seen.get(identity) ?? 0;
    seen.set(identity, nth + 1);
    return `${fnv1a64(identity)}:${nth + 1}`;
  });
}

function physical(location: Finding['location'], context: ReportContext): SarifResult['locations'][number]['physicalLocation'] {
  const physicalLocation: SarifResult['locations'][number]['physicalLocation'] = {
    artifactLocation: artifactLocation(location.file, context),
  };
  if (location.line >= 1) {
    const end = location.endLine >= location.line ? { endLine: location.endLine, ...(location.endColumn >= 1 ? { endColumn: location.endColumn } : {}) } : {};
    physicalLocation.region = location.column >= 1 ? { startLine: location.line, startColumn: location.column, ...end } : { startLine: location.line, ...end };
  }
  return physicalLocation;
}

function sarifResult(finding: Finding, ruleIndex: number, fingerprint: string, context: ReportContext): SarifResult {
  const { location, resource } = finding;
  const physicalLocation = physical(location, context);
  const result: SarifResult = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[finding.severity],
    message: { text: finding.message || finding.ruleId },
    locations: [{ physicalLocation, logicalLocations: [{ name: resource.name, kind: resource.kind }] }],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
  };
  if (finding.related && finding.related.length > 0) result.relatedLocations = finding.related.map((r, id) => ({ id, physicalLocation: physical(r.location, context), message: { text: r.message } }));
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
  return {
    executionSuccessful: notifications.length === 0,
    ...(context.exitCode !== undefined ? { exitCode: context.exitCode } : {}),
    toolExecutionNotifications: notifications,
  };
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
  const prints = fingerprints(report.findings, context);
  const results = report.findings.map((finding, i) => {
    // A finding of a rule the context does not describe still needs a driver.rules entry for its ruleIndex.
    const ruleIndex =
      index.get(finding.ruleId) ??
      addRule({ id: finding.ruleId, description: finding.ruleId, defaultSeverity: finding.severity, docsUrl: '' });
    return sarifResult(finding, ruleIndex, prints[i] ?? '', context);
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
            ...(context.homepage !== undefined ? { informationUri: context.homepage } : {}),
            rules,
          },
        },
        invocations: [invocation(report, context)],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(sourceRoot(context)) } },
        results,
      },
    ],
  };
}

export const sarifReporter: Reporter = (report, context) => `${safeJson(sarifLog(report, context), 2)}\n`;
