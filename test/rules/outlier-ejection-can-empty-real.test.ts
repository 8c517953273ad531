// outlier-ejection-can-empty on every real dump: quiet. Read from the files: Envoy Gateway's outlier_detection {} has
// no common_lb_config.healthy_panic_threshold (Envoy's 50% applies); Kuma's enforces no detector (all enforcing_* 0);
// Istio's bootstrap golden has outlier_detection under cluster_manager (an event log path), not on a cluster; no Istio
// dump here has a DestinationRule with outlier detection.
import { describe } from 'vitest';
import rule from '../../rules/outlier-ejection-can-empty.js';
import { findingsOnRealDumps } from './real-dump-files.js';

describe('outlier-ejection-can-empty on the real dumps', () => findingsOnRealDumps(rule));
