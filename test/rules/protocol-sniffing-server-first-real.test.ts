// protocol-sniffing-server-first on every real dump: quiet. Read from the files: no listener of them serves a
// server-first port (21, 25, 110, 119, 143, 587, 3306) with inspector-dependent chains; Istio's sniffing listeners
// (http_inspector, application_protocols http/1.1 and h2c, listener_filters_timeout 0s) are all on HTTP or unnamed
// client-first ports.
import { describe } from 'vitest';
import rule from '../../rules/protocol-sniffing-server-first.js';
import { findingsOnRealDumps } from './real-dump-files.js';

describe('protocol-sniffing-server-first on the real dumps', () => findingsOnRealDumps(rule));
