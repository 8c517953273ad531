import { defineRule } from '../src/engine/rule.js';
import { envoyVersionOf } from '../src/load/runtime.js';

export default defineRule({
  id: 'proxy-not-live',
  meta: {
    description: 'The Envoy server is not LIVE (still initializing or draining), so its listeners do not serve as configured.',
    defaultSeverity: 'error',
    messages: {
      initializing:
        'the Envoy server ({{version}}, up {{uptime}}) is {{state}}, not LIVE: it has not finished its first configuration (it waits for every cluster and listener of the initial xDS fetch, e.g. an EDS cluster that never gets its endpoints, or a secret that never arrives), so its listeners do not accept traffic yet and readiness fails. Look for warming clusters and listeners in the dump and for the xDS connection in the proxy\'s log.',
      draining:
        'the Envoy server ({{version}}, up {{uptime}}) is DRAINING: it is shutting down or hot-restarting, and closes connections as they finish; traffic still sent to it is cut. If the pod is not terminating, something asked the admin endpoint to drain (/drain_listeners, /healthcheck/fail).',
    },
  },
  run({ target, report }) {
    const server = target.runtime?.server;
    if (!server?.state || server.state === 'LIVE') return;
    const data = { state: server.state, version: envoyVersionOf(server.version) !== undefined ? `Envoy ${envoyVersionOf(server.version) ?? ''}` : 'Envoy of unknown version', uptime: server.uptime ?? 'an unknown time' };
    const resource = { kind: 'input' as const, name: target.inputFiles[server.origin.input] ?? 'server_info' };
    if (server.state === 'DRAINING') report({ messageId: 'draining', severity: 'warning', data, resource, origin: server.stateOrigin });
    else report({ messageId: 'initializing', data, resource, origin: server.stateOrigin });
  },
});
