// The fleet summary printed on stderr after a run over several proxies: which rules fired on how many proxies.
import { compareCodeUnits } from '../engine/run.js';
import type { FleetSummary } from '../fleet/run.js';

/** One string a line; the caller writes them through terminalLines (plugin rule ids are plugin text). */
export function fleetSummary(fleet: FleetSummary): string[] {
  const entries = Object.entries(fleet.rules);
  const lines = [`fleet: ${fleet.proxies} prox${fleet.proxies === 1 ? 'y' : 'ies'} linted${entries.length === 0 ? ', no findings' : ''}`];
  const width = Math.max(0, ...entries.map(([id]) => id.length));
  for (const [id, count] of entries.sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]))) lines.push(`  ${id.padEnd(width)}  on ${count} of ${fleet.proxies}`);
  return lines;
}
