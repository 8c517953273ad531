// The matching engine: Envoy's selection semantics over the proxy graph, one module per step.
export * from './request.js';
export * from './ip.js';
export * from './regex.js';
export * from './invalid-regex.js';
export * from './header.js';
export * from './route.js';
export * from './virtual-host.js';
export * from './filter-chain.js';
export * from './listener.js';
export * from './cluster.js';
export * from './action.js';
