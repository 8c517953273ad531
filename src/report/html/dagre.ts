// dagre (the graph layout library, MIT) is inlined into the HTML report from the installed package at run time, so
// the page needs no network. Its minified browser build defines the global `dagre`.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

let cached: string | undefined;

export function dagreScript(): string {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('@dagrejs/dagre'));
  const version = (JSON.parse(fs.readFileSync(require.resolve('@dagrejs/dagre/package.json'), 'utf8')) as { version?: string }).version ?? '?';
  const code = fs.readFileSync(path.join(dist, 'dagre.min.js'), 'utf8').replace(/\/\/# sourceMappingURL=\S*\s*$/, '');
  const legalFile = path.join(dist, 'dagre.min.js.LEGAL.txt');
  const legal = fs.existsSync(legalFile) ? fs.readFileSync(legalFile, 'utf8').replace(/\*\//g, '* /') : 'MIT License, Copyright (c) 2012-2014 Chris Pettitt';
  // Raw control characters (dagre uses U+0001 inside string literals as a key separator) become escapes with the
  // same meaning, so the HTML carries no control characters at all.
  // eslint-disable-next-line no-control-regex
  const clean = code.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
  if (/<\/script/i.test(clean) || /<!--/.test(clean)) throw new Error('internal: dagre.min.js contains a sequence that would end its <script> element');
  cached = `/*! @dagrejs/dagre ${version}\n${legal.trim()}\n*/\n${clean.trim()}\n`;
  return cached;
}
