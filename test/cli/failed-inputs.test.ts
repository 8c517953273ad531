// An input that could not be read must show in every machine-readable report, never vanish from it: a truncated dump
// that disappears from SARIF would close its code-scanning alerts as fixed.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseXml, type XmlElement } from '../report/xml-check.js';
import { ONE_ERROR, ROOT, cli, pinnedDir } from './helpers.js';

const TRUNCATED = path.join(ROOT, 'fixtures/bad/truncated.json');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/vendor/sarif-2.1.0.json'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ strict: false, validateFormats: false, allErrors: true }).compile(schema);

/** Where the truncated fixture's error is, as the reader reports it (read off the one-line stderr message). */
async function truncatedAt(): Promise<{ line: number; column: number }> {
  const { stderr } = await cli([TRUNCATED]);
  const m = /truncated\.json:(\d+):(\d+):/.exec(stderr);
  if (!m) throw new Error(`no position in ${stderr}`);
  return { line: Number(m[1]), column: Number(m[2]) };
}

function all(node: XmlElement, name: string): XmlElement[] {
  return [...(node.name === name ? [node] : []), ...node.children.flatMap((c) => all(c, name))];
}

describe('a failed input in every report', () => {
  it('json: listed with status "error" and its position, counted in the summary; the good input keeps its findings', async () => {
    const at = await truncatedAt();
    const { exitCode, stdout } = await cli(['-f', 'json', ONE_ERROR, TRUNCATED]);
    expect(exitCode).toBe(2);
    const report = JSON.parse(stdout) as { inputs: Array<Record<string, unknown>>; findings: unknown[]; summary: Record<string, number> };
    expect(report.inputs.map((i) => [path.basename(String(i.file)), i.status])).toEqual([
      ['route-cluster.json', 'ok'],
      ['truncated.json', 'error'],
    ]);
    expect(report.inputs[1]?.error).toEqual({ message: expect.stringMatching(/JSON/), line: at.line, column: at.column });
    expect(report.summary).toEqual({ error: 1, warning: 0, info: 0, failedInputs: 1 });
    expect(report.findings).toHaveLength(1);
  });

  it('json: a run where every input failed still writes the report, not an empty one', async () => {
    const { exitCode, stdout } = await cli(['-f', 'json', TRUNCATED]);
    expect(exitCode).toBe(2);
    const report = JSON.parse(stdout) as { inputs: Array<{ status: string }>; summary: { failedInputs: number } };
    expect(report.inputs.map((i) => i.status)).toEqual(['error']);
    expect(report.summary.failedInputs).toBe(1);
  });

  it('sarif: a failed invocation with a notification located at the error, valid SARIF 2.1.0', async () => {
    const at = await truncatedAt();
    const cwd = pinnedDir();
    const { exitCode, stdout } = await cli(['-f', 'sarif', ONE_ERROR, TRUNCATED], { cwd });
    expect(exitCode).toBe(2);
    const log = JSON.parse(stdout) as { runs: Array<{ invocations: Array<{ executionSuccessful: boolean; exitCode?: number; toolExecutionNotifications: Array<Record<string, unknown>> }>; results: unknown[] }> };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const [invocation] = log.runs[0]?.invocations ?? [];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.exitCode).toBe(2);
    expect(invocation?.toolExecutionNotifications).toEqual([
      expect.objectContaining({
        level: 'error',
        locations: [{ physicalLocation: { artifactLocation: { uri: expect.stringMatching(/truncated\.json$/) }, region: { startLine: at.line, startColumn: at.column } } }],
      }),
    ]);
    expect(log.runs[0]?.results).toHaveLength(1);
    const clean = JSON.parse((await cli(['-f', 'sarif', ONE_ERROR])).stdout) as typeof log;
    expect(clean.runs[0]?.invocations[0]).toEqual({ executionSuccessful: true, exitCode: 1, toolExecutionNotifications: [] });
  });

  it('junit: an <error> testcase in the failed file\'s suite, counted in errors=', async () => {
    const { stdout } = await cli(['-f', 'junit', ONE_ERROR, TRUNCATED]);
    const doc = parseXml(stdout);
    expect(doc.attributes.errors).toBe('1');
    const suite = all(doc, 'testsuite').find((s) => (s.attributes.name ?? '').endsWith('truncated.json'));
    expect(suite?.attributes.errors).toBe('1');
    expect(all(suite ?? doc, 'error').map((e) => e.attributes.type)).toEqual(['input-error']);
  });

  it('github: an ::error annotation at the position, and a step summary that says the input could not be read', async () => {
    const at = await truncatedAt();
    const cwd = pinnedDir();
    const summary = path.join(cwd, 'summary.md');
    const { stdout } = await cli(['-f', 'github', TRUNCATED], { cwd, env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ROOT, GITHUB_STEP_SUMMARY: summary } });
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^::error file=fixtures/bad/truncated\\.json,line=${at.line},col=${at.column},title=envoy-lint%3A input could not be read::the input could not be read, so its findings are missing: \\S`));
    const md = fs.readFileSync(summary, 'utf8');
    expect(md).toContain('1 input could not be read');
    expect(md).not.toContain('✅');
  });

  it('text: the summary line says an input could not be read, never a green "no problems"', async () => {
    const { stdout, stderr } = await cli([ONE_ERROR, TRUNCATED]);
    expect(stderr).toMatch(/truncated\.json:\d+:\d+:/);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('✖ 1 problem (1 error, 0 warnings, 0 info); 1 input could not be read');
  });
});
