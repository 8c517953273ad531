// unreferenced-resources on every real dump: quiet. Read from the files: they are small; the largest, istioctl's
// productpage sidecar, has 55 clusters of which only BlackHoleCluster is named by nothing (1 < 10); the others hold
// at most one unreachable cluster (an unused v1 subset, Kuma's admin cluster, a policy cluster).
import { describe } from 'vitest';
import rule from '../../rules/unreferenced-resources.js';
import { findingsOnRealDumps } from './real-dump-files.js';

describe('unreferenced-resources on the real dumps', () => findingsOnRealDumps(rule));
