// The finding contract: what a rule's report becomes once the engine has located it, as every reporter and the
// `--format json` output see it. A leaf module: it imports nothing, so every layer may use it.

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Rank for sorting and thresholds: higher is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 };

export type ResourceKind =
  | 'listener'
  | 'filter_chain'
  | 'route_config'
  | 'virtual_host'
  | 'route'
  | 'cluster'
  | 'endpoints'
  | 'secret'
  | 'extension_config'
  | 'iptables_rule'
  | 'input';

/**
 * A place in an input file: the span of the offending value. `line` and `column` are 1-based and point at its first
 * character; `endLine` and `endColumn` just past its last (the whole line for iptables); `pointer` is an RFC 6901 JSON
 * pointer ('' for iptables).
 */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  pointer: string;
}

/** Another place a finding involves (the server's side of a client's mismatch): SARIF relatedLocations, text "see also". */
export interface RelatedLocation {
  location: SourceLocation;
  message: string;
}

export interface ResourceRef {
  kind: ResourceKind;
  name: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Which of the rule's messages this is: stable when the wording changes (baselines and tests match on it). */
  messageId: string;
  /** The values the message was filled with (`{{name}}` placeholders). */
  data?: Record<string, string | number>;
  resource: ResourceRef;
  location: SourceLocation;
  /** The proxy the finding is about (`ProxySummary.name`). */
  proxy?: string;
  /** Other places it involves, in other proxies' inputs too (mesh rules: the server's chain or node). */
  related?: RelatedLocation[];
}
