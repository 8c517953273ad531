// shared-cert-coalescing on every real dump: quiet. Read from the files: the TLS chains with ALPN h2 are mesh sidecars'
// (Istio, OSM), whose TLS clients are other Envoys and are skipped, and Istio's waypoint connect_terminate, one chain;
// no gateway dump here serves two server_names from one certificate.
import { describe } from 'vitest';
import rule from '../../rules/shared-cert-coalescing.js';
import { findingsOnRealDumps } from './real-dump-files.js';

describe('shared-cert-coalescing on the real dumps', () => findingsOnRealDumps(rule));
