// host-port-domain on every real dump: quiet. Read from the files: Istio writes host, host:port and the short names
// for every service port; the ingress gateways of Envoy Gateway listen on 10080/10443 (the Gateway's 80/443, no port in
// Host); OSM's outbound-listener (14001) is transparent and its route domains carry ports; the remaining route
// configurations are served on 80 or their domains are "*" (Kuma's dump serves none).
import { describe } from 'vitest';
import rule from '../../rules/host-port-domain.js';
import { findingsOnRealDumps } from './real-dump-files.js';

describe('host-port-domain on the real dumps', () => findingsOnRealDumps(rule));
