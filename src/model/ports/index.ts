// Ports and interception, as the port rules read them: iptables facts, known services, Istio's own ports.
export * from './iptables.js';
export * from '../istio.js';
export * from './services.js';
export * from './fallback.js';
