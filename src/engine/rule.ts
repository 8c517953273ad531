// The rule API: a typed factory, the metadata every rule declares, and what a rule sees when it runs.
import type { Origin } from '../generated/graph.js';
import type { IptablesInput } from '../load/iptables/index.js';
import type { RuntimeState } from '../load/runtime.js';
import type { ControlPlane, ControlPlaneId } from '../model/control-plane.js';
import type { ProxyGraph } from '../model/graph.js';
import type { RelatedLocation, ResourceRef, Severity, SourceLocation } from './finding.js';

export interface RuleMeta<MessageId extends string> {
  /** One sentence: what the rule finds. The rule's doc repeats it (a test checks). */
  description: string;
  defaultSeverity: Severity;
  /** Message templates by id; `{{name}}` is replaced with the report's data. Say what is wrong and what to do. */
  messages: Record<MessageId, string>;
  /** JSON schema of the rule's options (validated when the config is loaded); omit for rules without options. */
  optionsSchema?: Record<string, unknown>;
  /** Where the rule's documentation lives (plugins; built-in rules link to rules/<id>.md). */
  docsUrl?: string;
  /**
   * The control planes whose proxies the rule applies to (its checks rest on their conventions: Istio's ports, names
   * and iptables capture); absent, it applies to every Envoy. On other proxies the engine does not run it.
   */
  controlPlanes?: readonly ControlPlaneId[];
}

export interface RuleReport<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  resource: ResourceRef;
  /** Where the finding points: the offending value itself (the dangling name), not the resource's start. */
  origin: Origin;
  /** Overrides the configured severity for this one finding (e.g. an informational note from an error rule). */
  severity?: Severity;
}

export type { IptablesInput };

/** Everything one proxy's inputs give a rule to read. */
export interface LintTarget {
  graph: ProxyGraph;
  /** The sidecar's iptables, when given; empty when the run had none. */
  iptables: readonly IptablesInput[];
  /** Display names of the inputs, by input index. */
  inputFiles: readonly string[];
  /** Which control plane configured the proxy (detected, or `--control-plane`), and the words its advice uses. */
  controlPlane: ControlPlane;
  /** The proxy's name in the report: its dump's path, or `namespace/pod` for a proxy of an egctl map. */
  proxyName: string;
  /** What the admin endpoint's run-time outputs given beside the dump say (/clusters, /certs, /server_info). */
  runtime?: RuntimeState;
  /** Rules the engine did not run on this proxy because they apply to other control planes (set by the engine). */
  notRun?: readonly string[];
}

export interface RuleContext<MessageId extends string, Options> {
  readonly target: LintTarget;
  readonly graph: ProxyGraph;
  readonly options: Options;
  report(report: RuleReport<MessageId>): void;
}

/** A rule that checks one proxy at a time (every rule but the mesh rules). */
export interface ProxyRule<MessageId extends string = string, Options = Record<string, unknown>> {
  id: string;
  scope?: 'proxy';
  meta: RuleMeta<MessageId>;
  defaultOptions: Options;
  run(context: RuleContext<MessageId, Options>): void;
}

/**
 * What a mesh rule reports. Its facts were located in the proxies' own jobs, so it gives a location, not an origin: the
 * client's side, with the server's side as a related location.
 */
export interface MeshRuleReport<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  /** The proxy the finding is filed under (the client). */
  proxy: string;
  resource: ResourceRef;
  location: SourceLocation;
  related?: RelatedLocation[];
  severity?: Severity;
}

/** What a mesh rule sees: the whole fleet as one mesh (its type is src/mesh's model; the engine only passes it on). */
export interface MeshRuleContext<MessageId extends string, Options, Mesh = unknown> {
  readonly mesh: Mesh;
  readonly options: Options;
  report(report: MeshRuleReport<MessageId>): void;
}

/** A rule that runs once over every proxy of the run at a time (src/mesh: client → server checks). */
export interface MeshRule<MessageId extends string = string, Options = Record<string, unknown>, Mesh = unknown> {
  id: string;
  scope: 'mesh';
  meta: RuleMeta<MessageId>;
  defaultOptions: Options;
  check(context: MeshRuleContext<MessageId, Options, Mesh>): void;
}

export type Rule<MessageId extends string = string, Options = Record<string, unknown>> = ProxyRule<MessageId, Options> | MeshRule<MessageId, Options>;

export function isMeshRule(rule: Rule): rule is MeshRule {
  return rule.scope === 'mesh';
}

/** The factory every rule (built-in or plugin) is made with: the id is given once, messages and options are typed. */
export function defineRule<MessageId extends string, Options = Record<string, unknown>>(rule: {
  id: string;
  meta: RuleMeta<MessageId>;
  defaultOptions?: Options;
  run(context: RuleContext<MessageId, Options>): void;
}): ProxyRule<MessageId, Options> {
  return { ...rule, defaultOptions: rule.defaultOptions ?? ({} as Options) };
}

/** Fills `{{name}}` placeholders; unknown names stay visible so a typo shows in tests. */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
}
