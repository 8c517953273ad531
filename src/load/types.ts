// The loader's own vocabulary, shared with the layers above: what kind of input a file is, which resources it holds,
// and which part of the dump each came from.

/** `egctl`: Envoy Gateway's map of proxies (`egctl config envoy-proxy ... -o json|yaml`, `egctl x translate --to xds`). */
/** `admin`: an admin endpoint run-time output read beside a dump (`/clusters?format=json`, `/certs`, `/server_info`). */
export type InputKind = 'config_dump' | 'istioctl' | 'bootstrap' | 'egctl' | 'iptables' | 'admin';

/** The resources a dump holds that envoy-lint reads: the four xDS resource types, SDS secrets and ECDS filter configs. */
export type ResourceType = 'listener' | 'route_config' | 'cluster' | 'endpoints' | 'secret' | 'extension_config';

/**
 * Which part of the dump a resource came from: 'static' is bootstrap config, 'inline' is embedded in another resource;
 * the others are a dynamic resource's states (the model's schema repeats this union; a type check keeps them equal).
 */
export type ResourceState = 'static' | 'active' | 'warming' | 'draining' | 'error' | 'inline';
