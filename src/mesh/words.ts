// How the mesh rules name things in their messages: a proxy, an endpoint, a server's chain.
import type { ChainFact, EndpointFact, InboundListenerFact, MeshFacts } from './facts.js';

export function proxyWords(proxy: MeshFacts): string {
  const who = [proxy.namespace, proxy.workload].filter((s) => s !== undefined).join('/');
  return who !== '' && !proxy.proxy.includes(who) ? `proxy ${proxy.proxy} (${who})` : `proxy ${proxy.proxy}`;
}

export function endpointWords(endpoint: EndpointFact): string {
  return endpoint.ip.includes(':') ? `[${endpoint.ip}]:${endpoint.port}` : `${endpoint.ip}:${endpoint.port}`;
}

export function chainWords(listener: InboundListenerFact, chain: ChainFact): string {
  const match = [chain.destinationPort !== undefined ? `destination_port ${chain.destinationPort}` : 'any port', chain.transportProtocol !== undefined ? `transport_protocol "${chain.transportProtocol}"` : 'any transport'].join(', ');
  return `listener ${listener.name}, ${chain.isDefault ? 'default filter chain' : /^\d+$/.test(chain.name) ? `filter chain ${chain.name}` : `filter chain "${chain.name}"`} (${match}${chain.terminatesTls ? ', terminates TLS' : ''}${chain.requireClientCertificate ? ', requires a client certificate' : ''})`;
}

/** Up to three items and how many more. */
export function someOf(items: readonly string[]): string {
  const unique = [...new Set(items)];
  return unique.slice(0, 3).join(', ') + (unique.length > 3 ? ` and ${unique.length - 3} more` : '');
}
