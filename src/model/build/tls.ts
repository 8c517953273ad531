// The SDS secrets a transport socket names (listeners' filter chains and clusters alike).
import type { Reference } from '../../generated/graph.js';
import { childPointer, isList, isObject, listItem, type Located } from '../../load/reader.js';
import type { BuildContext, RefOwner } from './context.js';

/**
 * The SDS secrets a transport socket names: tls_certificate_sds_secret_configs and validation_context_sds_secret_config
 * (also inside combined_validation_context), found wherever they sit, since control planes wrap the TLS socket in
 * others (Istio's internal_upstream and tcp_stats sockets) whose config types envoy-lint does not walk.
 */
export function sdsSecrets(ctx: BuildContext, socket: Located<unknown> | undefined, owner: RefOwner): Reference[] {
  const out: Reference[] = [];
  if (!socket) return out;
  // Pointers are made only for the secrets found: the walk passes each value's parent and key.
  const pointerOf = (parent: string | (() => string), key: string | number): string => childPointer(typeof parent === 'string' ? parent : parent(), key);
  const named = (value: unknown, at: () => string): void => {
    if (isObject(value) && typeof value.name === 'string') out.push(ctx.ref('secret', 'transport_socket.sds', { value: value.name, pointer: childPointer(at(), 'name') }, owner));
  };
  const walk = (value: unknown, at: string | (() => string), depth: number): void => {
    if (depth > 32) return;
    if (isList(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = listItem(value, i);
        if (typeof item === 'object' && item !== null) walk(item, () => pointerOf(at, i), depth + 1);
      }
      return;
    }
    if (!isObject(value)) return;
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const child = value[key];
      if (typeof child !== 'object' || child === null) continue;
      const here = (): string => pointerOf(at, key);
      if (key === 'tls_certificate_sds_secret_configs' || key === 'tlsCertificateSdsSecretConfigs') {
        if (isList(child)) for (let i = 0; i < child.length; i++) named(listItem(child, i), () => childPointer(here(), i));
      } else if (key === 'validation_context_sds_secret_config' || key === 'validationContextSdsSecretConfig') named(child, here);
      else walk(child, here, depth + 1);
    }
  };
  walk(socket.value, socket.pointer, 0);
  return out;
}
