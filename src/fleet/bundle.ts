// The layouts of what people collect from a mesh, recognised by their paths (an archive's members or a directory's
// files, relative to its root), so that each proxy in them is one proxy of the fleet, named `namespace/pod`:
// - `istioctl bug-report`: `bug-report/proxies/<namespace>/<pod>/` holds the admin outputs it fetched, each file named
//   after its admin path (`config_dump`, `clusters`, `certs`, `server_info`, `listeners`, `stats/prometheus`, ...;
//   istio's tools/bug-report). The dump and the run-time outputs envoy-lint reads join the proxy; the rest of the
//   bundle (cluster state, istiod's debug output, logs) is not proxy data.
// - `egctl x collect`: `config-dumps/<namespace>/<pod>.json`, one config dump per Envoy Gateway proxy.
// A tree in neither layout is not a bundle: the planner groups its files by directory as before.

export type BundleKind = 'istioctl bug-report' | 'egctl x collect';

export interface BundleProxy {
  /** `namespace/pod`. */
  name: string;
  /** The proxy's files, as given (relative paths), its config dump first. */
  files: string[];
}

export interface BundleLayout {
  kind: BundleKind;
  proxies: BundleProxy[];
  /** Paths of the bundle that are not proxy data envoy-lint reads (listed with --debug). */
  ignored: string[];
}

/** The admin outputs a bug report names after their paths, as envoy-lint reads them (the dump first). */
const BUG_REPORT_FILES = ['config_dump', 'clusters', 'certs', 'server_info'] as const;
/** `proxies/<ns>/<pod>/<file>`, the file one of BUG_REPORT_FILES, maybe with a query (`config_dump?include_eds`) or an extension. */
const BUG_REPORT_PROXY_FILE = /(?:^|\/)proxies\/([^/]+)\/([^/]+)\/([a-z_]+)(?:\?[^/]*)?(?:\.json|\.ya?ml|\.txt)?$/;
const EGCTL_COLLECT_DUMP = /(?:^|\/)config-dumps\/([^/]+)\/([^/]+)\.json$/;

function bugReport(paths: readonly string[]): BundleLayout | undefined {
  const byProxy = new Map<string, Array<{ path: string; rank: number }>>();
  let dumps = 0;
  const ignored: string[] = [];
  for (const path of paths) {
    const match = BUG_REPORT_PROXY_FILE.exec(path);
    const rank = match ? BUG_REPORT_FILES.indexOf(match[3] as (typeof BUG_REPORT_FILES)[number]) : -1;
    if (!match || rank < 0) {
      ignored.push(path);
      continue;
    }
    if (rank === 0) dumps++;
    const name = `${match[1]}/${match[2]}`;
    const files = byProxy.get(name);
    if (files) files.push({ path, rank });
    else byProxy.set(name, [{ path, rank }]);
  }
  if (dumps === 0) return undefined;
  const proxies = [...byProxy].map(([name, files]) => ({ name, files: files.sort((a, b) => a.rank - b.rank).map((f) => f.path) }));
  return { kind: 'istioctl bug-report', proxies, ignored };
}

function egctlCollect(paths: readonly string[]): BundleLayout | undefined {
  const proxies: BundleProxy[] = [];
  const ignored: string[] = [];
  for (const path of paths) {
    const match = EGCTL_COLLECT_DUMP.exec(path);
    if (match) proxies.push({ name: `${match[1]}/${match[2]}`, files: [path] });
    else ignored.push(path);
  }
  return proxies.length > 0 ? { kind: 'egctl x collect', proxies, ignored } : undefined;
}

/** The bundle layout the paths (relative to the bundle's root, `/`-separated) are in, or undefined for none. */
export function recognizeBundle(paths: readonly string[]): BundleLayout | undefined {
  return bugReport(paths) ?? egctlCollect(paths);
}

/**
 * Whether an archive member may be proxy data, before its layout is known: logs and core files (the bulk of a bug
 * report) are read past without being kept.
 */
export function mayBeProxyData(path: string): boolean {
  return !/\.(?:log|core)$/.test(path) && !/(?:^|\/)cores\//.test(path);
}
