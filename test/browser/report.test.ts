// The HTML report in a real browser: Debian's chromium driven by playwright-core (no browser download).
// Skipped, with a message, when /usr/bin/chromium is missing; .ci/run installs it (apt-get install -y chromium).

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import { EXAMPLE, ROOT, graphContext, lintWithGraph } from '../report/graph/helpers.js';
import { HOSTILE_NAMES, writeDump } from '../report/graph/dumps.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAS_CHROMIUM) console.warn(`SKIPPED: the browser tests need Debian's chromium at ${CHROMIUM} (apt-get install -y chromium)`);

const OUTPUT = path.join(ROOT, 'test-output');
const MERMAID = path.join(path.dirname(createRequire(import.meta.url).resolve('mermaid')), 'mermaid.min.js');

interface Loaded {
  page: Page;
  problems: string[];
  readyMs: number;
}

describe.skipIf(!HAS_CHROMIUM)('the HTML report in Chromium', () => {
  let browser: Browser;
  const example = lintWithGraph([EXAMPLE]);
  const missingRds = example.view.nodes.find((n) => n.kind === 'missing' && n.name === '8080');

  beforeAll(async () => {
    fs.mkdirSync(OUTPUT, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens an HTML file; records console errors, page errors, CSP violations and any request that is not file:. */
  async function open(file: string, viewport = { width: 1920, height: 1080 }): Promise<Loaded> {
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`);
    });
    const t = Date.now();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
    return { page, problems, readyMs: Date.now() - t };
  }

  function writeReport(name: string, html: string): string {
    const file = path.join(OUTPUT, name);
    fs.writeFileSync(file, html);
    return file;
  }

  const nodeIds = (page: Page): Promise<string[]> => page.$$eval('#graph g.node[data-id]', (els) => els.map((e) => e.getAttribute('data-id') ?? ''));

  it('draws the example graph: every resource, the missing nodes of the dangling references, the catch-all clusters', async () => {
    const file = writeReport('report-example.html', REPORTERS.html(example.report, graphContext(example.view)));
    const { page, problems } = await open(file);
    const shown = new Set(await nodeIds(page));
    for (const node of example.view.nodes) expect(shown.has(node.id), `${node.kind} ${node.name}`).toBe(true);
    const missing = await page.$$eval('#graph g.node.missing', (els) => els.map((e) => e.querySelector('tspan.name')?.textContent));
    expect(missing.sort()).toEqual(['8080', 'outbound|9080|v3|ratings.default.svc.cluster.local', 'outbound|9080||details.default.svc.cluster.local'].sort());
    expect(await page.$$eval('#graph g.edge.dangling', (els) => els.length)).toBe(3);
    for (const severity of ['error', 'warning', 'info'] as const) {
      const marked = await page.$$eval(`#graph g.node.sev-${severity}`, (els) => els.map((e) => e.getAttribute('data-id')));
      expect(marked.sort()).toEqual(example.view.nodes.filter((n) => n.severity === severity).map((n) => n.id).sort());
    }
    expect(await page.$$eval('#graph g.node.sev-error', (els) => els.length)).toBeGreaterThanOrEqual(3);
    expect(await page.$eval('#graph g.node.special-blackhole tspan.name', (e) => e.textContent)).toBe('BlackHoleCluster');
    expect(await page.$eval('#graph g.node.special-passthrough tspan.name', (e) => e.textContent)).toBe('PassthroughCluster');
    expect(await page.$$eval('#graph g.node', (els) => els.every((e) => (e as SVGGraphicsElement).getBBox().width > 20))).toBe(true);
    expect(await page.textContent('header.top')).toContain('sidecar~10.0.0.5~productpage-v1-7d4b9c');
    await page.screenshot({ path: path.join(OUTPUT, 'report-example.png'), fullPage: true });
    await page.locator('#graph-section').screenshot({ path: path.join(OUTPUT, 'report-example-graph.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  /** The ids of the drawn nodes of `selector` whose box lies wholly inside the visible part of the graph viewport. */
  const inViewport = (page: Page, selector: string): Promise<Array<string | null>> =>
    page.$$eval(selector, (els) => {
      const view = document.getElementById('viewport')?.getBoundingClientRect();
      if (!view) return [];
      return els
        .filter((e) => {
          const r = e.getBoundingClientRect();
          return r.left >= view.left && r.right <= view.right && r.top >= view.top && r.bottom <= view.bottom;
        })
        .map((e) => e.getAttribute('data-id'));
    });

  it.each([
    [1280, 800],
    [1024, 700],
  ])('fits the graph on load at %ix%i: the missing nodes are on screen without scrolling or zooming', async (width, height) => {
    const { page, problems } = await open(writeReport('report-example.html', REPORTERS.html(example.report, graphContext(example.view))), { width, height });
    const missing = await page.$$eval('#graph g.node.missing', (els) => els.map((e) => e.getAttribute('data-id')));
    expect(missing).toHaveLength(3);
    expect((await inViewport(page, '#graph g.node.missing')).sort()).toEqual(missing.sort());
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a graph too big to fit opens with its missing nodes on screen', async () => {
    const big = lintWithGraph([writeDump({ services: 300, danglingEvery: 100, tcpServices: 20 })]);
    const { page, problems } = await open(writeReport('report-medium.html', REPORTERS.html(big.report, graphContext(big.view))), { width: 1024, height: 700 });
    expect(await inViewport(page, '#graph g.node.missing')).not.toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('clicking a finding focuses its node; the node links back to the finding', async () => {
    const { page, problems } = await open(writeReport('report-example.html', REPORTERS.html(example.report, graphContext(example.view))));
    await page.click('#findings-table tr[data-rule="dangling-route-config"] a[data-node]');
    const focused = await page.$eval('#graph g.node.focused', (e) => e.getAttribute('data-id'));
    expect(focused).toBe(missingRds?.id);
    expect(await page.$eval('#graph g.node.selected', (e) => e.getAttribute('data-id'))).toBe(missingRds?.id);
    expect(await page.textContent('#details h3.mono')).toBe('8080');
    const inView = await page.evaluate((id) => {
      const node = document.getElementById(`node-${id}`)?.getBoundingClientRect();
      const port = document.getElementById('viewport')?.getBoundingClientRect();
      return !!node && !!port && node.left >= port.left && node.right <= port.right && node.top >= port.top && node.bottom <= port.bottom && port.top >= 0 && port.top < window.innerHeight;
    }, focused);
    expect(inView).toBe(true);
    await page.screenshot({ path: path.join(OUTPUT, 'report-example-focused.png') });
    await page.click('#details a[data-finding]');
    const row = await page.$eval('#findings-table tr.flash', (e) => e.getAttribute('data-rule'));
    expect(row).toBe('dangling-route-config');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters and sorts the findings table', async () => {
    const { page } = await open(writeReport('report-example.html', REPORTERS.html(example.report, graphContext(example.view))));
    const visibleRules = (): Promise<string[]> => page.$$eval('#findings-table tbody tr:not([hidden])', (rows) => rows.map((r) => r.getAttribute('data-rule') ?? ''));
    const total = example.report.findings.length;
    expect(await visibleRules()).toHaveLength(total);
    await page.fill('#finding-filter', 'weighted share');
    expect(await visibleRules()).toEqual(['dangling-cluster']);
    expect(await page.textContent('#finding-count')).toBe(`Showing 1 of ${total} findings`);
    await page.fill('#finding-filter', '');
    await page.selectOption('#severity-filter', 'warning');
    expect(await visibleRules()).toEqual(example.report.findings.filter((f) => f.severity === 'warning').map((f) => f.ruleId));
    await page.selectOption('#severity-filter', '');
    await page.selectOption('#rule-filter', 'dangling-cluster');
    expect(await visibleRules()).toEqual(['dangling-cluster', 'dangling-cluster']);
    await page.selectOption('#rule-filter', '');
    await page.click('#findings-table th button[data-sort="rule"]');
    const sorted = await visibleRules();
    expect(sorted).toEqual([...sorted].sort());
    await page.click('#findings-table th button[data-sort="rule"]');
    expect(await visibleRules()).toEqual([...sorted].reverse());
    await page.click('#findings-table th button[data-sort="severity"]');
    expect(await page.getAttribute('#findings-table th:has(button[data-sort="severity"])', 'aria-sort')).toBe('ascending');
    const severities = await page.$$eval('#findings-table tbody tr', (rows) => rows.map((r) => r.getAttribute('data-severity')));
    expect(severities.indexOf('warning')).toBeGreaterThan(severities.lastIndexOf('error'));
    await page.close();
  });

  it('searches resources by name and collapses/expands listeners', async () => {
    const { page } = await open(writeReport('report-example.html', REPORTERS.html(example.report, graphContext(example.view))));
    await page.fill('#search', 'mysql');
    await page.press('#search', 'Enter');
    const mysql = example.view.nodes.find((n) => n.kind === 'cluster' && n.name.includes('mysql'));
    expect(await page.$eval('#graph g.node.focused', (e) => e.getAttribute('data-id'))).toBe(mysql?.id);
    const before = (await nodeIds(page)).length;
    await page.click('#groups button[title$="0.0.0.0_9080"]');
    const collapsed = await nodeIds(page);
    expect(collapsed.length).toBeLessThan(before);
    const listener = example.view.nodes.find((n) => n.kind === 'listener' && n.name === '0.0.0.0_9080');
    expect(await page.$eval(`#node-${listener?.id}`, (e) => e.classList.contains('collapsed'))).toBe(true);
    await page.click(`#node-${listener?.id}`);
    expect((await nodeIds(page)).length).toBe(before);
    await page.close();
  });

  it('shows hostile names as text and runs nothing from the dump', async () => {
    const hostile = lintWithGraph([writeDump({ services: HOSTILE_NAMES.length, names: HOSTILE_NAMES, danglingEvery: 2, danglingRds: 'rds</script><img src=x onerror=alert(1)>' })]);
    const { page, problems } = await open(writeReport('report-hostile.html', REPORTERS.html(hostile.report, graphContext(hostile.view))));
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.fill('#search', 'evil');
    await page.press('#search', 'Enter');
    const name = await page.$eval('#graph g.node.focused tspan.name', (e) => e.textContent);
    expect(name).toBe('outbound|80||evil</script><script>alert(1)</script>');
    expect(await page.$$eval('img, script:not([id]):not([type])', (els) => els.length)).toBe(2); // our two scripts, no injected ones
    expect(await page.textContent('#findings-table')).toContain('rds</script><img src=x onerror=alert(1)>');
    expect(dialogs).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Mermaid output is accepted by the mermaid parser', async () => {
    const page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    await page.addScriptTag({ path: MERMAID });
    const hostile = lintWithGraph([writeDump({ services: HOSTILE_NAMES.length, names: HOSTILE_NAMES, danglingEvery: 2, danglingRds: 'x"]; click A "javascript:alert(1)"' })]);
    const texts = [
      REPORTERS.mermaid(example.report, graphContext(example.view)),
      REPORTERS.mermaid(example.report, graphContext(example.view, 'findings')),
      REPORTERS.mermaid({ ...example.report, findings: [] }, graphContext(example.view, 'findings')),
      REPORTERS.mermaid(hostile.report, graphContext(hostile.view)),
    ];
    for (const text of texts) {
      const result = await page.evaluate(async (t) => {
        const m = (window as unknown as { mermaid: { parse(text: string): Promise<{ diagramType: string }> } }).mermaid;
        try {
          return (await m.parse(t)).diagramType;
        } catch (error) {
          return `error: ${String(error)}`;
        }
      }, text);
      expect(result, text.slice(0, 200)).toMatch(/^flowchart/);
    }
    await page.close();
  });

  it('stays usable with 2,000+ clusters (lazy rendering)', async () => {
    const big = lintWithGraph([writeDump({ services: 2500, danglingEvery: 250, tcpServices: 200 })]);
    const html = REPORTERS.html(big.report, graphContext(big.view));
    const { page, problems, readyMs } = await open(writeReport('report-large.html', html));
    const visible = Number(await page.getAttribute('#graph', 'data-visible'));
    const renderMs = Number(await page.getAttribute('#graph', 'data-render-ms'));
    expect(visible).toBeLessThan(400); // only the listeners with findings are open, each parent shows 25 children
    // the dangling routes are pinned: visible although they are far beyond the first 25 virtual hosts
    const shown = new Set(await nodeIds(page));
    for (const n of big.view.nodes.filter((x) => x.kind === 'missing')) expect(shown.has(n.id)).toBe(true);
    // a service deep in the list is found and drawn on demand
    const t = Date.now();
    await page.fill('#search', 'svc-2222.');
    await page.press('#search', 'Enter');
    const focusMs = Date.now() - t;
    expect(await page.$eval('#graph g.node.focused tspan.name', (e) => e.textContent)).toBe('outbound|80||svc-2222.ns-22.svc.cluster.local');
    // "+N more" shows the next children
    const before = (await nodeIds(page)).length;
    await page.click('#graph g.node.more');
    const afterMore = (await nodeIds(page)).length;
    expect(afterMore).toBeGreaterThan(before);
    // one listener from the list: a click, one layout
    const listenerStart = Date.now();
    await page.click('#groups button[title$="10.0.0.7_3306"]');
    const listenerMs = Date.now() - listenerStart;
    expect(await page.$eval('#groups button[title$="10.0.0.7_3306"]', (e) => e.getAttribute('aria-pressed'))).toBe('true');
    // "Expand all" is refused for a graph this big; forcing every listener open stops at the drawing cap and says so
    expect(await page.$eval('#expand-all', (e) => (e as HTMLButtonElement).disabled)).toBe(true);
    const expandStart = Date.now();
    await page.evaluate(() => {
      const api = (window as unknown as { envoyLintReport: { state: { expanded: Set<string> }; render(): void } }).envoyLintReport;
      for (const b of document.querySelectorAll<HTMLElement>('#groups button[data-group]')) api.state.expanded.add(b.dataset.group ?? '');
      api.render();
    });
    const expandMs = Date.now() - expandStart;
    const expanded = Number(await page.getAttribute('#graph', 'data-visible'));
    expect(expanded).toBeLessThanOrEqual(1500);
    if (expanded === 1500) expect(await page.getAttribute('#graph-status', 'class')).toBe('warn');
    await page.screenshot({ path: path.join(OUTPUT, 'report-large.png') });
    const report = { htmlBytes: html.length, nodes: big.view.nodes.length, readyMs, firstRenderMs: renderMs, visible, focusMs, afterMore, listenerMs, expandAllMs: expandMs, expandedVisible: expanded };
    fs.writeFileSync(path.join(OUTPUT, 'report-large.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log('large graph:', JSON.stringify(report));
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
