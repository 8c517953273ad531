// The text after `envoy-lint --help`'s option list: inputs, examples for every flag, config file, exit codes.

export const HELP_AFTER = `
Inputs (sniffed by content; several files are merged into one proxy's view):
  an Envoy admin /config_dump (with or without ?include_eds, or a partial ?resource= dump)
  istioctl proxy-config listeners|routes|clusters|endpoints|all -o json output
  egctl config envoy-proxy all|listener|route|cluster|endpoints -o json|yaml output, and egctl x translate --to xds
                                     (several proxies in one file: each is linted as a proxy of its own)
  an Envoy bootstrap (JSON or YAML)
  the sidecar's iptables: iptables-save, ip6tables-save, iptables -t nat -L [-n -v] (or force it with --iptables)
  a directory: a fleet, each dump (or each directory of files) one proxy
  -   reads standard input

Examples:
  $ envoy-lint config_dump.json
  $ envoy-lint listeners.json routes.json clusters.json endpoints.json
  $ kubectl exec POD -c istio-proxy -- curl -s 'localhost:15000/config_dump?include_eds' | envoy-lint -
  $ envoy-lint --format json config_dump.json > report.json
  $ envoy-lint --format compact config_dump.json          (VS Code's $eslint-compact problem matcher reads this)
  $ envoy-lint -f github -f sarif -o envoy-lint.sarif config_dump.json
                                     (annotations on stdout; each -o names the file of the -f just before it)
  $ envoy-lint -f json -o report.json -f junit -o junit.xml config_dump.json
  $ envoy-lint --rule cluster-without-endpoints=off --fail-on warning config_dump.json
  $ envoy-lint --max-warnings 0 config_dump.json          (exit 1 when there is any warning)
  $ envoy-lint --quiet config_dump.json                   (show errors only; the exit code is unchanged)
  $ envoy-lint --config ci/envoy-lint.yaml config_dump.json
  $ envoy-lint --print-config                             (the effective config, as JSON)
  $ envoy-lint --write-baseline envoy-lint-baseline.json config_dump.json
  $ envoy-lint --baseline envoy-lint-baseline.json config_dump.json
                                     (report only findings that are not in the baseline)
  $ envoy-lint --iptables iptables-save.txt config_dump.json
  $ envoy-lint bug-report/                                (a fleet: each dump, or each directory of files, is a proxy)
  $ envoy-lint --jobs 2 dumps/*.json                      (lint proxies on 2 worker threads; output is unchanged)
  $ egctl config envoy-proxy all -o json > eg.json && envoy-lint eg.json
                                     (every Envoy Gateway proxy in the file, named namespace/pod)
  $ envoy-lint --control-plane consul config_dump.json    (skip detection: istio, envoy-gateway, consul, osm, kuma,
                                      gloo, contour, traffic-director or unknown)
  $ envoy-lint --plugin ./lint-rules/index.mjs config_dump.json
                                     (also run the rules of a plugin module; loading it runs its code)
  $ envoy-lint --list-rules                               (every rule with its source: built-in or the plugin)
  $ envoy-lint --admin http://127.0.0.1:15000 --save pod/  (read a running proxy's admin endpoint; keep what it gave)

Sub-commands (each has its own --help):
  $ envoy-lint trace config_dump.json --to 10.96.0.10:8080 --host reviews:9080 --path /api
                                     (follow one request through iptables, listener, route and cluster)
  $ envoy-lint route-check --tests routes.yaml config_dump.json --route-config 8080
                                     (run route tests written for Envoy's route table check tool)
  $ kubectl logs POD -c istio-proxy | envoy-lint explain config_dump.json --log-file -
                                     (explain access-log lines and response flags by the configuration)
  $ envoy-lint diff before.json after.json
                                     (what changed between two dumps, by resource, and which findings it brings)

Config file (.envoy-lint.json, .envoy-lint.yaml or .envoy-lint.yml, found from the current directory up):
  {
    "plugins": ["./lint-rules/index.mjs", "@acme/envoy-lint-rules"],
    "rules": { "cluster-without-endpoints": "warning", "dangling-route-config": "off",
               "acme/require-route-timeout": "error" },
    "ignore": [{ "rule": "cluster-without-endpoints", "resource": "outbound|*||*.kube-system.svc.cluster.local",
                 "reason": "kube-system services are scaled to zero in staging" }],
    "failOn": "error",
    "maxWarnings": 10
  }
  Command-line flags override the file. Plugin paths are relative to the file's directory, package names are
  resolved from it; only the plugins named here and with --plugin are ever loaded.

In GitHub Actions (GITHUB_ACTIONS=true) the default format is github, paths are relative to GITHUB_WORKSPACE,
and a summary table is appended to GITHUB_STEP_SUMMARY.

Exit codes:
  0  no findings at or above the failure threshold (default: error), and warnings within --max-warnings
  1  findings at or above the threshold, or more warnings than --max-warnings
  2  usage error, a bad config or baseline file, or an input that could not be read (its error names file:line:column)
`;
