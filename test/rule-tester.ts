// ruleTester: test one rule on a few lines of dump, like typescript-eslint's RuleTester. A case gives the resources it
// needs (a listener, a route configuration...) as JSON text or objects; the tester wraps them into a valid minimal
// config dump (each resource in its section, in the state asked for, with its `@type`), runs only the rule under test,
// and compares the findings by messageId and span: the exact source text the finding underlines, or its line and
// column counted inside the snippet it falls in. Rewording a message never breaks a case.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../src/engine/rule.js';
import type { RuleOverride } from '../src/engine/run.js';
import type { Finding } from '../src/engine/finding.js';
import type { ControlPlaneId } from '../src/model/control-plane.js';
import { BUILTIN_RULES } from '../rules/index.js';
import { lintInputs } from '../src/pipeline/lint.js';

type ResourceState = 'static' | 'active' | 'warming' | 'draining' | 'error';

/** A resource as JSON text (kept as written, so positions are the author's) or as an object (written with 2-space indent). */
export type Snippet = string | Record<string, unknown>;
/**
 * A resource in a state other than the default (active; bootstrap resources: static). `error`: an update the proxy
 * rejected (listeners and clusters), dumped as `error_state.failed_configuration` with `details`.
 */
export interface StatedSnippet {
  state: ResourceState;
  resource: Snippet;
  details?: string;
}

export interface TestCase {
  name: string;
  listeners?: Array<Snippet | StatedSnippet>;
  routeConfigs?: Array<Snippet | StatedSnippet>;
  clusters?: Array<Snippet | StatedSnippet>;
  endpoints?: Array<Snippet | StatedSnippet>;
  /** SDS secrets by name (active), or `{ state: 'warming', resource: { name } }`. */
  secrets?: Array<Snippet | StatedSnippet>;
  /** The node of the dump's bootstrap (node id, metadata: how control planes are told apart). */
  node?: Record<string, unknown>;
  /** The sidecar's iptables, as iptables-save text. */
  iptables?: string;
  /** Admin run-time outputs given beside the dump, by file name (`clusters.json`, `certs.json`, `server_info.json`). */
  admin?: Record<string, Record<string, unknown>>;
  controlPlane?: ControlPlaneId;
  options?: Record<string, unknown>;
  /** Other built-in rules to run beside the one under test (their findings are not compared). */
  alsoRun?: string[];
}

export interface ExpectedFinding {
  messageId: string;
  /** The source text of the span, exactly (`"8080"`, quotes included). */
  text?: string;
  /** Line, column and end, counted inside the snippet the span starts in (1-based, end exclusive). */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Where the span starts: `listeners/0`, `clusters/1`, `iptables`, an admin file (`clusters.json`), or `dump` (outside every snippet). */
  in?: string;
  severity?: Finding['severity'];
  data?: Record<string, string | number>;
  resource?: Finding['resource'];
}

export interface InvalidCase extends TestCase {
  errors: ExpectedFinding[];
}

const T = 'type.googleapis.com/';
const SECTIONS = {
  listeners: { dump: 'envoy.admin.v3.ListenersConfigDump', type: 'envoy.config.listener.v3.Listener' },
  routeConfigs: { dump: 'envoy.admin.v3.RoutesConfigDump', type: 'envoy.config.route.v3.RouteConfiguration' },
  clusters: { dump: 'envoy.admin.v3.ClustersConfigDump', type: 'envoy.config.cluster.v3.Cluster' },
  endpoints: { dump: 'envoy.admin.v3.EndpointsConfigDump', type: 'envoy.config.endpoint.v3.ClusterLoadAssignment' },
  secrets: { dump: 'envoy.admin.v3.SecretsConfigDump', type: 'envoy.extensions.transport_sockets.tls.v3.Secret' },
} as const;
type SectionKey = keyof typeof SECTIONS;

/** Where each snippet landed in the dump text: its first line, and whether a `@type` line was put after that line. */
interface Placement {
  label: string;
  firstLine: number;
  lines: number;
  typeLineAdded: boolean;
  /** For a one-line snippet, `@type` goes inside its first line: columns after `after` moved right by `shift`. */
  inline?: { after: number; shift: number };
}

class DumpWriter {
  private readonly lines: string[] = [];
  readonly placements: Placement[] = [];

  push(text: string): void {
    this.lines.push(...text.split('\n'));
  }

  /** Writes a snippet on lines of its own, starting at column 1; `@type` goes on a line of its own after its `{`. */
  snippet(label: string, snippet: Snippet, typeName: string | undefined): void {
    const text = typeof snippet === 'string' ? snippet.trim() : JSON.stringify(snippet, null, 2);
    const own = text.split('\n');
    const parsed: unknown = JSON.parse(text);
    const hasType = typeof parsed === 'object' && parsed !== null && '@type' in parsed;
    const firstLine = this.lines.length + 1;
    if (typeName && !hasType && own.length === 1) {
      // One line: the `@type` member goes right after its `{`, and columns past it are mapped back.
      const brace = text.indexOf('{');
      const insert = `"@type": "${T}${typeName}"${/^\{\s*\}$/.test(text) ? '' : ', '}`;
      this.lines.push(`${text.slice(0, brace + 1)}${insert}${text.slice(brace + 1)}`);
      this.placements.push({ label, firstLine, lines: 1, typeLineAdded: false, inline: { after: brace + 1, shift: insert.length } });
      return;
    }
    if (typeName && !hasType) {
      const [first = '{', ...rest] = own;
      const empty = /^\{\s*\}$/.test(first);
      this.lines.push(empty ? '{' : first, `"@type": "${T}${typeName}"${empty || rest.length === 0 ? '' : ','}`, ...(empty ? ['}'] : rest));
      this.placements.push({ label, firstLine, lines: own.length, typeLineAdded: true });
      return;
    }
    this.lines.push(...own);
    this.placements.push({ label, firstLine, lines: own.length, typeLineAdded: false });
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  /** A dump column as the snippet's own column (one-line snippets had `@type` put inside them). */
  column(line: number, column: number): number {
    const p = this.placements.find((q) => q.inline && q.firstLine === line);
    return p?.inline && column > p.inline.after ? Math.max(p.inline.after + 1, column - p.inline.shift) : column;
  }

  /** The snippet a dump line belongs to, and the line inside it. */
  where(line: number): { label: string; line: number } {
    for (const p of this.placements) {
      const last = p.firstLine + p.lines - 1 + (p.typeLineAdded ? 1 : 0);
      if (line < p.firstLine || line > last) continue;
      if (!p.typeLineAdded || line === p.firstLine) return { label: p.label, line: line - p.firstLine + 1 };
      if (line === p.firstLine + 1) return { label: `${p.label} (@type)`, line: 1 };
      return { label: p.label, line: line - p.firstLine };
    }
    return { label: 'dump', line };
  }
}

function stated(entry: Snippet | StatedSnippet, fallback: ResourceState): StatedSnippet {
  const isStated = typeof entry === 'object' && 'state' in entry && 'resource' in entry && Object.keys(entry).every((k) => k === 'state' || k === 'resource' || k === 'details');
  return isStated ? (entry as StatedSnippet) : { state: fallback, resource: entry as Snippet };
}

function nameOf(snippet: Snippet, key = 'name'): string {
  const value = typeof snippet === 'string' ? (JSON.parse(snippet) as Record<string, unknown>)[key] : snippet[key];
  return typeof value === 'string' ? value : '';
}

/** The dump text for a case, with where each snippet went. */
function writeDump(c: TestCase): DumpWriter {
  const w = new DumpWriter();
  w.push('{\n"configs": [');
  const sections: string[] = [];
  const open = (dumpType: string): void => {
    w.push(`${sections.length > 0 ? ',' : ''}{ "@type": "${T}${dumpType}",`);
    sections.push(dumpType);
  };
  if (c.node) {
    open('envoy.admin.v3.BootstrapConfigDump');
    w.push(`"bootstrap": { "node": ${JSON.stringify(c.node)} } }`);
  }
  for (const key of Object.keys(SECTIONS) as SectionKey[]) {
    const entries = c[key];
    if (!entries || entries.length === 0) continue;
    const { dump, type } = SECTIONS[key];
    open(dump);
    const byList = new Map<string, Array<{ index: number; item: StatedSnippet }>>();
    entries.forEach((entry, index) => {
      const item = stated(entry, 'active');
      const list = listOf(key, item.state);
      const group = byList.get(list);
      if (group) group.push({ index, item });
      else byList.set(list, [{ index, item }]);
    });
    const lists = [...byList.entries()];
    lists.forEach(([list, items], li) => {
      w.push(`"${list}": [`);
      items.forEach(({ index, item }, i) => {
        const label = `${key}/${index}`;
        const comma = i < items.length - 1 ? ',' : '';
        if (item.state === 'error' && (key === 'listeners' || key === 'clusters')) {
          const details = JSON.stringify(item.details ?? 'rejected by the test');
          w.push(`{ ${key === 'listeners' ? `"name": ${JSON.stringify(nameOf(item.resource))}, ` : ''}"error_state": { "details": ${details}, "failed_configuration":`);
          w.snippet(label, item.resource, type);
          w.push(`} }${comma}`);
        } else if (key === 'listeners' && item.state !== 'static') {
          w.push(`{ "name": ${JSON.stringify(nameOf(item.resource))}, "${item.state}_state": { "listener":`);
          w.snippet(label, item.resource, type);
          w.push(`} }${comma}`);
        } else if (key === 'secrets') {
          w.push(`{ "name": ${JSON.stringify(nameOf(item.resource))}, "secret":`);
          w.snippet(label, item.resource, type);
          w.push(`}${comma}`);
        } else {
          const field = key === 'listeners' ? 'listener' : key === 'routeConfigs' ? 'route_config' : key === 'clusters' ? 'cluster' : 'endpoint_config';
          w.push(`{ "${field}":`);
          w.snippet(label, item.resource, type);
          w.push(`}${comma}`);
        }
      });
      w.push(`]${li < lists.length - 1 ? ',' : ''}`);
    });
    w.push('}');
  }
  w.push(']\n}');
  return w;
}

function listOf(key: SectionKey, state: ResourceState): string {
  switch (key) {
    case 'listeners':
      return state === 'static' ? 'static_listeners' : 'dynamic_listeners';
    case 'routeConfigs':
      return state === 'static' ? 'static_route_configs' : 'dynamic_route_configs';
    case 'clusters':
      return state === 'static' ? 'static_clusters' : state === 'warming' ? 'dynamic_warming_clusters' : 'dynamic_active_clusters';
    case 'endpoints':
      return state === 'static' ? 'static_endpoint_configs' : 'dynamic_endpoint_configs';
    case 'secrets':
      return state === 'static' ? 'static_secrets' : state === 'warming' ? 'dynamic_warming_secrets' : 'dynamic_active_secrets';
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-rule-tester-'));
let counter = 0;

/** Runs `rule` alone on the case and gives its findings with their span text and snippet-relative positions. */
export function runCase(rule: Rule, c: TestCase): Array<Finding & { text: string; in: string; at: { line: number; column: number; endLine: number; endColumn: number } }> {
  const writer = writeDump(c);
  const dir = path.join(tmp, String(counter++));
  fs.mkdirSync(dir);
  const dumpFile = path.join(dir, 'config_dump.json');
  const dumpText = writer.text();
  fs.writeFileSync(dumpFile, dumpText);
  const files = [dumpFile];
  if (c.iptables !== undefined) {
    const file = path.join(dir, 'iptables-save.txt');
    fs.writeFileSync(file, c.iptables.replace(/^\n/, ''));
    files.push(file);
  }
  for (const [name, data] of Object.entries(c.admin ?? {})) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
    files.push(file);
  }
  const settings = new Map<string, RuleOverride>(c.options ? [[rule.id, { severity: rule.meta.defaultSeverity, options: c.options }]] : []);
  const also = (c.alsoRun ?? []).map((id) => {
    const other = BUILTIN_RULES.find((r) => r.id === id);
    if (!other) throw new Error(`alsoRun: no built-in rule ${id}`);
    return other;
  });
  const { report, errors } = lintInputs(files, { rules: [rule, ...also], settings, ...(c.controlPlane ? { controlPlane: c.controlPlane } : {}) });
  expect(errors.map((e) => e.oneLine()), 'the case must be a readable dump').toEqual([]);
  const textOf = (file: string): string => (file === dumpFile ? dumpText : fs.readFileSync(file, 'utf8'));
  return report.findings.filter((f) => f.ruleId === rule.id).map((f) => {
    const lines = textOf(f.location.file).split('\n');
    const span = spanText(lines, f.location);
    if (f.location.file !== dumpFile) return { ...f, text: span, in: c.admin?.[path.basename(f.location.file)] ? path.basename(f.location.file) : 'iptables', at: { line: f.location.line, column: f.location.column, endLine: f.location.endLine, endColumn: f.location.endColumn } };
    const start = writer.where(f.location.line);
    const end = writer.where(f.location.endLine);
    return { ...f, text: span, in: start.label, at: { line: start.line, column: writer.column(f.location.line, f.location.column), endLine: end.line, endColumn: writer.column(f.location.endLine, f.location.endColumn) } };
  });
}

function spanText(lines: readonly string[], loc: Finding['location']): string {
  if (loc.line === loc.endLine) return (lines[loc.line - 1] ?? '').slice(loc.column - 1, loc.endColumn - 1);
  const first = (lines[loc.line - 1] ?? '').slice(loc.column - 1);
  const middle = lines.slice(loc.line, loc.endLine - 1);
  const last = (lines[loc.endLine - 1] ?? '').slice(0, loc.endColumn - 1);
  return [first, ...middle, last].join('\n');
}

/** The vitest cases for one rule: every valid case gives no finding, every invalid one exactly its errors. */
export function ruleTester(rule: Rule, cases: { valid: TestCase[]; invalid: InvalidCase[] }): void {
  describe(`${rule.id} (ruleTester)`, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        expect(runCase(rule, c).map((f) => `${f.messageId}: ${f.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        for (const e of c.errors) expect(Object.keys(rule.meta.messages), `${rule.id} has no messageId ${e.messageId}`).toContain(e.messageId);
        const actual = runCase(rule, c);
        expect(actual.map((f) => f.messageId)).toEqual(c.errors.map((e) => e.messageId));
        c.errors.forEach((e, i) => {
          const f = actual[i];
          if (!f) return;
          const got: Record<string, unknown> = { messageId: f.messageId };
          const want: Record<string, unknown> = { messageId: e.messageId };
          if (e.text !== undefined) [got.text, want.text] = [f.text, e.text];
          if (e.in !== undefined) [got.in, want.in] = [f.in, e.in];
          for (const k of ['line', 'column', 'endLine', 'endColumn'] as const) if (e[k] !== undefined) [got[k], want[k]] = [f.at[k], e[k]];
          if (e.severity !== undefined) [got.severity, want.severity] = [f.severity, e.severity];
          if (e.resource !== undefined) [got.resource, want.resource] = [f.resource, e.resource];
          if (e.data !== undefined) [got.data, want.data] = [f.data, e.data];
          expect(got, `finding ${i}`).toEqual(want);
        });
      });
    }
  });
}
