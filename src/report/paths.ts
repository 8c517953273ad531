// How reporters show the files of findings: relative to the context's cwd when inside it, absolute otherwise.

import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Names that stand for no file on disk, such as `-` or `<stdin>`; shown as they are. */
export function isPseudoFile(file: string): boolean {
  return file === '-' || /^<[^<>]*>$/.test(file);
}

/** The absolute path of `file` (resolved against `cwd` when relative); pseudo files are returned unchanged. */
export function absolutePath(file: string, cwd: string): string {
  return isPseudoFile(file) ? file : path.resolve(cwd, file);
}

/**
 * `file` relative to `cwd` when it lies inside `cwd` (with `/` separators), else its absolute path.
 * A file equal to `cwd` itself is shown as its absolute path.
 */
export function relativePath(file: string, cwd: string): string {
  if (isPseudoFile(file)) return file;
  const abs = path.resolve(cwd, file);
  const rel = path.relative(path.resolve(cwd), abs);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return abs;
  return rel.split(path.sep).join('/');
}

/** Whether `file` lies inside `cwd` (so that `relativePath` is relative). */
export function isInside(file: string, cwd: string): boolean {
  if (isPseudoFile(file)) return false;
  return !path.isAbsolute(relativePath(file, cwd));
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function relativeUri(rel: string): string {
  return rel
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** The `file:` URI of a directory, with a trailing slash (SARIF's originalUriBaseIds need one). */
export function directoryUri(dir: string): string {
  const href = pathToFileURL(path.resolve(dir)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** The `file:` URI of an absolute path. */
export function fileUri(abs: string): string {
  return pathToFileURL(abs).href;
}
