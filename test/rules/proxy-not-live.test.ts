import rule from '../../rules/proxy-not-live.js';
import { ruleTester } from '../rule-tester.js';

const server = (state: string) => ({ 'server_info.json': { version: 'abc/1.31.2/Clean/RELEASE/BoringSSL', state, hot_restart_version: '11.104', command_line_options: { concurrency: 2 }, uptime_current_epoch: '12s' } });

ruleTester(rule, {
  valid: [
    { name: 'no /server_info given', listeners: [] },
    { name: 'LIVE', admin: server('LIVE') },
  ],
  invalid: [
    { name: 'INITIALIZING', admin: server('INITIALIZING'), errors: [{ messageId: 'initializing', text: '"INITIALIZING"', in: 'server_info.json', data: { state: 'INITIALIZING', version: 'Envoy 1.31.2', uptime: '12s' } }] },
    { name: 'PRE_INITIALIZING', admin: server('PRE_INITIALIZING'), errors: [{ messageId: 'initializing', text: '"PRE_INITIALIZING"' }] },
    { name: 'DRAINING is a warning', admin: server('DRAINING'), errors: [{ messageId: 'draining', severity: 'warning' }] },
  ],
});
