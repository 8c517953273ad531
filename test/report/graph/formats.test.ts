import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scopeGraphView } from '../../../src/report/graph/index.js';
import { CLIENT_SCRIPT } from '../../../src/generated/html-client.js';
import { REPORTERS } from '../../../src/report/index.js';
import { mermaidId, mermaidText } from '../../../src/report/mermaid.js';
import { EXAMPLE, graphContext, lintWithGraph } from './helpers.js';
import { HOSTILE_NAMES, writeDump } from './dumps.js';

const HAS_DOT = spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;
if (!HAS_DOT) console.warn('SKIPPED: the DOT rendering tests need Graphviz `dot` (Debian: apt-get install -y graphviz)');

function renderDot(text: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const example = lintWithGraph([EXAMPLE]);
const hostile = lintWithGraph([writeDump({ services: HOSTILE_NAMES.length, names: HOSTILE_NAMES, danglingEvery: 2, danglingRds: 'rds</script>"\u001b[2J', nodeId: 'node</script><b>"\u001b]0;x\u0007' })]);

describe('dot', () => {
  it.skipIf(!HAS_DOT)('renders the example with dot -Tsvg, without error or warning', () => {
    const r = renderDot(REPORTERS.dot(example.report, graphContext(example.view)));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<svg');
    expect(r.stdout).toContain('outbound|9080|v3|ratings.default.svc.cluster.local');
    expect(r.stdout).toContain('stroke-dasharray'); // dashed dangling edges and missing nodes
  });

  it.skipIf(!HAS_DOT)('renders hostile names as text (both scopes)', () => {
    for (const scope of ['all', 'findings'] as const) {
      const r = renderDot(REPORTERS.dot(hostile.report, graphContext(hostile.view, scope)));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).not.toContain('<script>');
      expect(r.stdout).toContain('rds&lt;/script&gt;&quot;\\x1b[2J'); // the dangling RDS name, in both scopes
      if (scope === 'all') expect(r.stdout).toContain('evil&lt;/script&gt;');
    }
  });

  it('escapes quotes, backslashes and controls in labels', () => {
    const out = REPORTERS.dot(hostile.report, graphContext(hostile.view));
    expect(out).toContain('q\\"uote\'s \\\\N\\\\G \\\\back\\\\slash');
    expect(out).not.toContain('\u001b');
    expect(out).toContain('\\\\x1b[31mred');
    const lines = out.split('\n');
    expect(lines.every((l) => l === '' || /^(\/\/|digraph|}|\s{2}\S)/.test(l))).toBe(true); // no name broke a line
  });

  it('draws only the neighbourhood with graphScope findings, and says so when there is nothing', () => {
    const all = REPORTERS.dot(example.report, graphContext(example.view));
    const some = REPORTERS.dot(example.report, graphContext(example.view, 'findings'));
    expect(some.length).toBeLessThan(all.length);
    expect(some).not.toContain('mysql');
    const none = REPORTERS.dot({ ...example.report, findings: [] }, graphContext(example.view, 'findings'));
    expect(none).toContain('no findings');
  });
});

describe('mermaid', () => {
  it('uses safe node ids and entity-encodes every special character in labels', () => {
    const out = REPORTERS.mermaid(hostile.report, graphContext(hostile.view));
    for (const line of out.split('\n')) {
      const node = /^ {2}(\S+?)(\[|\(|>)/.exec(line);
      if (node) expect(node[1]).toMatch(/^n[a-z0-9]+$/);
    }
    const body = out.split('\n').filter((l) => !l.startsWith('%%')).join('\n');
    const labels = [...body.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(labels.length).toBeGreaterThan(HOSTILE_NAMES.length);
    for (const label of labels) expect(label.replace(/<br\/>/g, '')).toMatch(/^[A-Za-z0-9 .,:/_+=@~*#;-]*$/);
    expect(out).not.toContain('\u001b');
    expect(mermaidText('a"b|c<d>')).toBe('a#34;b#124;c#60;d#62;');
    expect(mermaidId('end')).toBe('nend');
  });

  it('draws dangling references dashed and marks severities with classes', () => {
    const out = REPORTERS.mermaid(example.report, graphContext(example.view));
    expect(out).toMatch(/^flowchart LR$/m);
    expect(out).toMatch(/ -\.->(\|"weighted"\|)? nm\d+$/m);
    expect(out).toMatch(/^ {2}class [n\w,]+ sev_error$/m);
  });

  it('warns in a comment when the diagram is too big for GitHub', () => {
    const big = lintWithGraph([writeDump({ services: 600 })]);
    const out = REPORTERS.mermaid(big.report, graphContext(big.view));
    expect(out.split('\n')[0]).toMatch(/^%% too big for GitHub/);
  });
});

describe('html', () => {
  const html = REPORTERS.html(hostile.report, graphContext(hostile.view));

  it('is one self-contained file: no external resource, a CSP that allows only its own inline code', () => {
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|<object\b|\ssrc=|url\((?!#)|@import/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/); // the SVG namespace is a name, not a fetch
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    expect(scripts).toHaveLength(2);
    for (const s of scripts) expect(csp).toContain(`'sha256-${createHash('sha256').update(s).digest('base64')}'`);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
  });

  it('escapes hostile names: no markup, no raw controls, the data round-trips', () => {
    expect(html.match(/<script/gi)).toHaveLength(3); // the data block and the two scripts
    expect(html.match(/<\/script/gi)).toHaveLength(3);
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<!-- comment');
    // eslint-disable-next-line no-control-regex
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
    expect(html).toContain('rds&lt;/script&gt;&quot;\\x1b[2J'); // a finding's resource, in the table
    expect(html).toContain('node&lt;/script&gt;&lt;b&gt;&quot;\\x1b]0;x\\x07'); // the node id, in the header
    const json = /<script type="application\/json" id="envoy-lint-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const data = JSON.parse(json) as { nodes: { name: string }[]; nodeId: string };
    expect(data.nodes.map((n) => n.name)).toContain('outbound|80||evil</script><script>alert(1)</script>');
    expect(data.nodeId).toBe('node</script><b>"\\x1b]0;x\\x07');
  });

  it('has a summary, a findings table linked to graph nodes, and is deterministic', () => {
    const out = REPORTERS.html(example.report, graphContext(example.view));
    expect(out).toBe(REPORTERS.html(example.report, graphContext(example.view)));
    expect(out).toContain('sidecar~10.0.0.5~productpage-v1-7d4b9c.default~default.svc.cluster.local');
    const rows = [...out.matchAll(/<tr id="finding-(\d+)"[^>]*>/g)];
    expect(rows).toHaveLength(example.report.findings.length);
    const missing = example.view.nodes.find((n) => n.name === '8080' && n.kind === 'missing');
    expect(out).toContain(`href="#node-${missing?.id}" data-node="${missing?.id}"`);
  });

  it('embeds the graph of the scope it was asked for', () => {
    const scoped = REPORTERS.html(example.report, graphContext(example.view, 'findings'));
    const json = /id="envoy-lint-data">([\s\S]*?)<\/script>/.exec(scoped)?.[1] ?? '';
    expect((JSON.parse(json) as { nodes: unknown[] }).nodes).toHaveLength(scopeGraphView(example.view, 'findings').nodes.length);
  });

  it('ships a page script that parses', () => {
    expect(() => new Function(CLIENT_SCRIPT)).not.toThrow();
  });
});
