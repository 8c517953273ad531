// A listener's filter_chain_matcher (xds.type.matcher.v3.Matcher, the unified matcher API) as graph data: the list or
// tree of every matcher, its inputs, map keys and IP ranges, on_no_match, and the actions with the position of each
// filter chain name. The tree's IP ranges (xds.type.matcher.v3.IPMatcher) are not in envoy-lint's proto table, so
// custom matchers are read by their JSON keys, snake_case or camelCase.
import type {
  ChainMatcher,
  ChainMatcherAction,
  ChainMatcherBranch,
  ChainMatcherInput,
  ChainMatcherOnMatch,
  ChainMatcherPredicate,
  ChainMatcherRule,
  ChainMatcherTree,
} from '../../generated/graph.js';
import { Msg, childPointer, isList, isObject, listItem, type JsonObject } from '../../load/reader.js';
import type { BuildContext } from './context.js';

/** Nesting deeper than this is not followed (a hostile or broken dump); what is deeper reads as nothing. */
const MAX_DEPTH = 32;

const INPUTS: Readonly<Record<string, ChainMatcherInput['kind']>> = {
  'envoy.extensions.matching.common_inputs.network.v3.DestinationIPInput': 'destination_ip',
  'envoy.extensions.matching.common_inputs.network.v3.DestinationPortInput': 'destination_port',
  'envoy.extensions.matching.common_inputs.network.v3.SourceIPInput': 'source_ip',
  'envoy.extensions.matching.common_inputs.network.v3.SourcePortInput': 'source_port',
  'envoy.extensions.matching.common_inputs.network.v3.DirectSourceIPInput': 'direct_source_ip',
  'envoy.extensions.matching.common_inputs.network.v3.SourceTypeInput': 'source_type',
  'envoy.extensions.matching.common_inputs.network.v3.ServerNameInput': 'server_name',
  'envoy.extensions.matching.common_inputs.network.v3.TransportProtocolInput': 'transport_protocol',
  'envoy.extensions.matching.common_inputs.network.v3.ApplicationProtocolInput': 'application_protocol',
};

const IP_MATCHER = 'xds.type.matcher.v3.IPMatcher';
const IP_INPUT_MATCHER = 'envoy.extensions.matching.input_matchers.ip.v3.Ip';
const STRING_VALUE = 'google.protobuf.StringValue';
const STRING_KINDS = ['exact', 'prefix', 'suffix', 'contains'] as const;

/** The type name of an Any's `@type` URL, without the `type.googleapis.com/` part. */
function typeName(url: string | undefined): string {
  return url === undefined ? '' : url.slice(url.lastIndexOf('/') + 1);
}

/** A field of an object read by its JSON keys (for messages the proto table does not have). */
function field(obj: JsonObject, pointer: string, snake: string, camel: string): { value: unknown; pointer: string } | undefined {
  for (const key of [snake, camel]) {
    if (Object.prototype.hasOwnProperty.call(obj, key)) return { value: obj[key], pointer: childPointer(pointer, key) };
  }
  return undefined;
}

/** CIDR texts of a list of CidrRange objects: `address_prefix/prefix_len`, a missing prefix_len being 0 as in Envoy. */
function cidrs(list: unknown, pointer: string): string[] {
  if (!isList(list)) return [];
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const range = listItem(list, i);
    if (!isObject(range)) continue;
    const prefix = field(range, childPointer(pointer, i), 'address_prefix', 'addressPrefix')?.value;
    const len = field(range, childPointer(pointer, i), 'prefix_len', 'prefixLen')?.value;
    const bits = typeof len === 'number' ? len : isObject(len) && typeof len.value === 'number' ? len.value : typeof len === 'string' ? Number(len) : 0;
    if (typeof prefix === 'string') out.push(`${prefix}/${bits}`);
  }
  return out;
}

class ChainMatcherReader {
  constructor(private readonly ctx: BuildContext) {}

  matcher(msg: Msg, depth: number): ChainMatcher {
    const node: ChainMatcher = { origin: this.ctx.origin(msg.pointer) };
    if (depth > MAX_DEPTH) return node;
    const list = msg.msg('matcher_list');
    if (list) node.list = list.list('matchers').map((m) => this.rule(m, depth + 1));
    const tree = msg.msg('matcher_tree');
    if (tree) node.tree = this.tree(tree, depth + 1);
    const onNoMatch = msg.msg('on_no_match');
    if (onNoMatch) node.onNoMatch = this.onMatch(onNoMatch, depth + 1);
    return node;
  }

  private input(msg: Msg | undefined, fallbackPointer: string): ChainMatcherInput {
    const type = typeName(msg?.msg('typed_config')?.typeUrl());
    const canonical = type && msg ? msg.registry.canonicalName(type) : type;
    return { kind: INPUTS[canonical] ?? INPUTS[type] ?? 'other', typeName: type, origin: this.ctx.origin(msg?.pointer ?? fallbackPointer) };
  }

  private tree(msg: Msg, depth: number): ChainMatcherTree {
    const input = this.input(msg.msg('input'), msg.pointer);
    const origin = this.ctx.origin(msg.pointer);
    for (const [mapField, kind] of [['exact_match_map', 'exact'], ['prefix_match_map', 'prefix']] as const) {
      const map = msg.msg(mapField)?.raw('map');
      if (!map) continue;
      const branches: ChainMatcherBranch[] = [];
      if (isObject(map.value)) {
        for (const [key, value] of Object.entries(map.value)) {
          if (!isObject(value)) continue;
          const at = childPointer(map.pointer, key);
          branches.push({ key, onMatch: this.onMatch(this.onMatchMsg(msg, value, at), depth + 1), origin: this.ctx.origin(at) });
        }
      }
      return { input, kind, branches, origin };
    }
    const custom = msg.msg('custom_match')?.msg('typed_config');
    const customType = typeName(custom?.typeUrl());
    if (custom && customType === IP_MATCHER) return { input, kind: 'ip', branches: this.rangeMatchers(msg, custom, depth), origin };
    return { input, kind: 'custom', customType, branches: [], origin };
  }

  private rangeMatchers(parent: Msg, ipMatcher: Msg, depth: number): ChainMatcherBranch[] {
    const found = field(ipMatcher.value, ipMatcher.pointer, 'range_matchers', 'rangeMatchers');
    if (!found || !isList(found.value)) return [];
    const branches: ChainMatcherBranch[] = [];
    for (let i = 0; i < found.value.length; i++) {
      const item = listItem(found.value, i);
      if (!isObject(item)) continue;
      const at = childPointer(found.pointer, i);
      const ranges = field(item, at, 'ranges', 'ranges');
      const onMatch = field(item, at, 'on_match', 'onMatch');
      const branch: ChainMatcherBranch = {
        ranges: ranges ? cidrs(ranges.value, ranges.pointer) : [],
        onMatch: onMatch && isObject(onMatch.value) ? this.onMatch(this.onMatchMsg(parent, onMatch.value, onMatch.pointer), depth + 1) : { origin: this.ctx.origin(at) },
        origin: this.ctx.origin(at),
      };
      if (item.exclusive === true) branch.exclusive = true;
      branches.push(branch);
    }
    return branches;
  }

  /** An OnMatch object found by its JSON keys, read as the typed message so its own fields take both spellings. */
  private onMatchMsg(any: Msg, value: JsonObject, pointer: string): Msg {
    return new Msg(any.registry, value, pointer, any.registry.messageType('xds.type.matcher.v3.Matcher.OnMatch'));
  }

  private onMatch(msg: Msg, depth: number): ChainMatcherOnMatch {
    const node: ChainMatcherOnMatch = { origin: this.ctx.origin(msg.pointer) };
    if (depth > MAX_DEPTH) return node;
    const action = msg.msg('action');
    if (action) node.action = this.action(action);
    const nested = msg.msg('matcher');
    if (nested) node.matcher = this.matcher(nested, depth + 1);
    if (msg.raw('keep_matching')?.value === true || msg.value.keepMatching === true) node.keepMatching = true;
    return node;
  }

  private action(msg: Msg): ChainMatcherAction {
    const typed = msg.msg('typed_config');
    const type = typeName(typed?.typeUrl());
    const node: ChainMatcherAction = { typeName: type, origin: this.ctx.origin(msg.pointer) };
    const value = typed?.value.value;
    if (typed && type === STRING_VALUE && typeof value === 'string') {
      node.chain = value;
      node.chainOrigin = this.ctx.origin(childPointer(typed.pointer, 'value'));
    }
    return node;
  }

  private rule(msg: Msg, depth: number): ChainMatcherRule {
    const predicate = msg.msg('predicate');
    const onMatch = msg.msg('on_match');
    return {
      predicate: predicate ? this.predicate(predicate, depth + 1) : { kind: 'and', predicates: [], origin: this.ctx.origin(msg.pointer) },
      onMatch: onMatch ? this.onMatch(onMatch, depth + 1) : { origin: this.ctx.origin(msg.pointer) },
      origin: this.ctx.origin(msg.pointer),
    };
  }

  private predicate(msg: Msg, depth: number): ChainMatcherPredicate {
    const origin = this.ctx.origin(msg.pointer);
    if (depth > MAX_DEPTH) return { kind: 'and', predicates: [], origin };
    for (const kind of ['or', 'and'] as const) {
      const group = msg.msg(`${kind}_matcher`);
      if (group) return { kind, predicates: group.list('predicate').map((p) => this.predicate(p, depth + 1)), origin };
    }
    const not = msg.msg('not_matcher');
    if (not) return { kind: 'not', predicates: [this.predicate(not, depth + 1)], origin };
    const single = msg.msg('single_predicate');
    const node: ChainMatcherPredicate = { kind: 'single', origin };
    if (!single) return node;
    node.input = this.input(single.msg('input'), single.pointer);
    const value = single.msg('value_match');
    if (value) {
      const kind = STRING_KINDS.find((k) => value.has(k));
      const regex = value.msg('safe_regex')?.str('regex')?.value;
      if (kind) {
        node.stringKind = kind;
        node.value = value.str(kind)?.value ?? '';
      } else if (regex !== undefined) {
        node.stringKind = 'regex';
        node.value = regex;
      }
      if (value.bool('ignore_case')) node.ignoreCase = true;
    }
    const custom = single.msg('custom_match')?.msg('typed_config');
    if (custom) {
      const type = typeName(custom.typeUrl());
      const ranges = type === IP_INPUT_MATCHER ? field(custom.value, custom.pointer, 'cidr_ranges', 'cidrRanges') : undefined;
      if (ranges) node.cidrRanges = cidrs(ranges.value, ranges.pointer);
      else node.customType = type;
    }
    return node;
  }
}

export function buildChainMatcher(ctx: BuildContext, msg: Msg): ChainMatcher {
  return new ChainMatcherReader(ctx).matcher(msg, 0);
}

/** Every action of a matcher tree, depth first in the order written. */
export function chainMatcherActions(matcher: ChainMatcher): ChainMatcherAction[] {
  const out: ChainMatcherAction[] = [];
  const onMatch = (m: ChainMatcherOnMatch): void => {
    if (m.action) out.push(m.action);
    if (m.matcher) walk(m.matcher);
  };
  const walk = (m: ChainMatcher): void => {
    for (const rule of m.list ?? []) onMatch(rule.onMatch);
    for (const branch of m.tree?.branches ?? []) onMatch(branch.onMatch);
    if (m.onNoMatch) onMatch(m.onNoMatch);
  };
  walk(matcher);
  return out;
}
