// A config dump that holds nothing (issue 21, item 5): `{"configs": []}` exited 0 with no output at all, though an
// empty or wrongly filtered `?resource=` dump is a reason to say something. It is an info finding of unchecked-input
// at the dump's `configs` list; a dump or bootstrap that holds anything at all is not empty.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/unchecked-input.js';
import { lintInputs } from '../../src/pipeline/lint.js';
import { cli, tempDir } from '../cli/helpers.js';

const T = 'type.googleapis.com/envoy.admin.v3.';
const dir = tempDir('envoy-lint-empty-dump-');
let count = 0;

function write(text: string, ext = 'json'): string {
  const file = path.join(dir, `input-${count++}.${ext}`);
  fs.writeFileSync(file, text);
  return file;
}

/** The unchecked-input findings of one input: `line:column messageId`. */
function notes(text: string, ext?: string): string[] {
  const { report, errors } = lintInputs([write(text, ext)], { rules: [rule] });
  expect(errors.map((e) => e.oneLine())).toEqual([]);
  return report.findings.map((f) => `${f.location.line}:${f.location.column} ${f.messageId}`);
}

const section = (type: string, body = ''): string => `{"@type": "${T}${type}"${body ? `, ${body}` : ''}}`;
const listener = `{"@type": "type.googleapis.com/envoy.config.listener.v3.Listener", "name": "l", "address": {"socket_address": {"address": "0.0.0.0", "port_value": 80}}}`;

describe('an empty config dump', () => {
  it('{"configs": []} is said once, at the configs list', () => {
    expect(notes('{"configs": []}')).toEqual(['1:13 emptyDump']);
  });

  it('every section present, every list empty', () => {
    const text = `{"configs": [\n  ${section('BootstrapConfigDump', '"bootstrap": {"node": {"id": "n"}}')},\n  ${section('ListenersConfigDump', '"dynamic_listeners": []')},\n  ${section('ClustersConfigDump', '"static_clusters": [], "dynamic_active_clusters": []')},\n  ${section('RoutesConfigDump')},\n  ${section('SecretsConfigDump')}\n]}`;
    expect(notes(text)).toEqual(['1:13 emptyDump']);
  });

  it('a single-section `?resource=` dump with nothing in it, at the section', () => {
    expect(notes(section('ClustersConfigDump', '"dynamic_active_clusters": []'))).toEqual(['1:1 emptyDump']);
  });

  it("a 2018-era dump, whose configs is an object, with nothing in its sections", () => {
    expect(notes(`{"configs": {"clusters": ${section('ClustersConfigDump')}}}`)).toEqual(['1:13 emptyDump']);
  });

  it('the text output shows it, and the exit code stays 0 (it is info)', async () => {
    const r = await cli([write('{"configs": []}')], { cwd: tempDir() });
    expect(r.stdout).toMatch(/info {2}the dump holds no listeners, clusters or routes/);
    expect(r.stdout).toContain('[unchecked-input]');
    expect(r.exitCode).toBe(0);
  });
});

describe('not empty', () => {
  it('a dump with static listeners only', () => {
    expect(notes(`{"configs": [${section('ListenersConfigDump', `"static_listeners": [{"listener": ${listener}}]`)}]}`)).toEqual([]);
  });

  it('a bootstrap-only dump whose bootstrap has static resources', () => {
    const bootstrap = `"bootstrap": {"node": {"id": "n"}, "static_resources": {"clusters": [{"name": "xds", "type": "STATIC"}]}}`;
    expect(notes(`{"configs": [${section('BootstrapConfigDump', bootstrap)}]}`)).toEqual([]);
  });

  it('a dump holding only a rejected update', () => {
    const rejected = `"dynamic_listeners": [{"name": "l", "error_state": {"details": "bad", "failed_configuration": ${listener}}}]`;
    expect(notes(`{"configs": [${section('ListenersConfigDump', rejected)}]}`)).toEqual([]);
  });

  it('a dump with a section envoy-lint does not read: what it holds is unknown', () => {
    expect(notes(`{"configs": [${section('ScopedRoutesConfigDump', '"dynamic_scoped_route_configs": [{"name": "s"}]')}]}`)).toEqual([]);
  });

  it('a bootstrap file is never an empty dump, even with nothing static', () => {
    const found = notes('{"node": {"id": "n"}, "dynamic_resources": {"ads_config": {"api_type": "GRPC"}}}');
    expect(found.filter((f) => f.endsWith('emptyDump'))).toEqual([]);
  });
});
