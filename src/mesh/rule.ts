// The typed factory for mesh rules: like defineRule, but the check reads the whole mesh (model.ts) once.
import type { MeshRule, MeshRuleContext, RuleMeta } from '../engine/rule.js';
import type { Mesh } from './model.js';

export function defineMeshRule<MessageId extends string, Options = Record<string, unknown>>(rule: {
  id: string;
  meta: RuleMeta<MessageId>;
  defaultOptions?: Options;
  check(context: MeshRuleContext<MessageId, Options, Mesh>): void;
}): MeshRule<MessageId, Options, Mesh> {
  return { ...rule, scope: 'mesh', defaultOptions: rule.defaultOptions ?? ({} as Options) };
}
