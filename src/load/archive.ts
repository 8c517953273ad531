// Reading a tar archive (gzipped or not: `istioctl bug-report` writes `.tar.gz`, `egctl x collect` a `.tgz`) into
// memory, member by member, without extracting anything to disk. node-tar does the format (headers, PAX and GNU long
// names, gzip); this module bounds what an archive may cost: the bytes it expands to in all (an archive bomb is a few
// kilobytes that inflate to gigabytes) and the members it holds, and says which member is cut short or damaged.
import fs from 'node:fs';
import { tar } from '../lazy-modules.js';
import { InputError } from './errors.js';

/** How many bytes an archive may expand to, all members together (the ones skipped count too: inflating costs). */
export const DEFAULT_MAX_ARCHIVE_BYTES = 2 * 1024 ** 3;

/** How many members an archive may hold (a bug report of a big mesh has some tens of thousands). */
const MAX_MEMBERS = 200_000;

/** Compressed bytes handed to the inflater at a time: one step inflates to at most ~1000 times this. */
const READ_BYTES = 64 * 1024;

export interface ArchiveMember {
  /** The member's path inside the archive, `/`-separated, without a leading `./`. */
  path: string;
  bytes: Buffer;
}

export interface ArchiveLimits {
  /** Default DEFAULT_MAX_ARCHIVE_BYTES. */
  maxBytes?: number;
  /** Whether a member's data is wanted; the others are read past (and counted) but not kept. Default: all. */
  keep?: (path: string) => boolean;
}

export interface ArchiveContents {
  members: ArchiveMember[];
  /** Members read past: links, devices, directories are not listed; files `keep` refused are. */
  skipped: string[];
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** Whether a file starts like a tar archive: gzip's magic bytes, or `ustar` at offset 257 of the first header. */
export function looksLikeArchive(head: Uint8Array): boolean {
  if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) return true;
  return head.length >= 262 && Buffer.from(head.subarray(257, 262)).toString('latin1') === 'ustar';
}

/** Whether the file at `path` is a tar archive, judged by its first bytes. False for anything unreadable. */
export function isArchiveFile(path: string): boolean {
  let fd: number | undefined;
  try {
    const stat = fs.statSync(path);
    if (!stat.isFile()) return false;
    fd = fs.openSync(path, 'r');
    const head = Buffer.alloc(512);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return looksLikeArchive(head.subarray(0, read));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

class ArchiveLimit extends Error {}

const CUT_SHORT = 'cut short: the archive ends inside it (a truncated download or copy?)';

function mebibytes(bytes: number): string {
  return bytes % 1024 ** 2 === 0 ? `${bytes / 1024 ** 2} MiB` : `${bytes} bytes`;
}

function memberPath(raw: string): string {
  return raw.replace(/^(?:\.\/)+/, '');
}

/**
 * Every regular file in the archive at `file`, in archive order. Throws an InputError naming the archive and, where
 * one is to blame, the member: a damaged header or checksum, a member cut short (a truncated download), an archive
 * that expands past `maxBytes` or holds too many members.
 */
export function readArchive(file: string, limits: ArchiveLimits = {}): ArchiveContents {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_ARCHIVE_BYTES;
  const keep = limits.keep ?? (() => true);
  const members: ArchiveMember[] = [];
  const skipped: string[] = [];
  let expanded = 0;
  let count = 0;
  // The member being read: a member still open when the archive ends was cut short.
  let open: string | undefined;
  const fail = (why: string, member = open): never => {
    throw new InputError(file, member !== undefined ? `archive member ${member}: ${why}` : why);
  };
  try {
    tar().t({
      file,
      sync: true,
      strict: true,
      maxReadSize: READ_BYTES,
      onReadEntry(entry) {
        if (++count > MAX_MEMBERS) throw new ArchiveLimit(`holds more than ${MAX_MEMBERS} members; list what you need and archive only that`);
        const path = memberPath(entry.path);
        const isFile = entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile';
        if (isFile && expanded + (entry.size ?? 0) > maxBytes) throw new ArchiveLimit(expansion(maxBytes));
        const wanted = isFile && keep(path);
        if (isFile && !wanted) skipped.push(path);
        const chunks: Buffer[] = [];
        open = path;
        entry.on('data', (chunk: Buffer) => {
          expanded += chunk.length;
          if (expanded > maxBytes) throw new ArchiveLimit(expansion(maxBytes));
          if (wanted) chunks.push(chunk);
        });
        entry.on('end', () => {
          open = undefined;
          if (wanted) members.push({ path, bytes: shared(chunks) });
        });
      },
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof ArchiveLimit) return fail(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : String(error);
    // node-tar says "Truncated input", zlib "unexpected end of file": either way the archive stops short.
    if (/truncated input|unexpected end of file/i.test(message)) return fail(CUT_SHORT);
    if (code === 'ENOENT') return fail('no such file', undefined);
    if (code === 'EACCES') return fail('permission denied', undefined);
    if (code === 'TAR_BAD_ARCHIVE') return fail('not a readable tar archive (damaged, or not tar inside the gzip)');
    if (code === 'TAR_ENTRY_INVALID' || code === 'TAR_ENTRY_ERROR') return fail(`damaged archive: ${message.replace(/^TAR_\w+: /, '')}`);
    if (code?.startsWith('Z_') || code === 'ERR_ZLIB') return fail(`damaged gzip data: ${message}`);
    throw error;
  }
  if (open !== undefined) fail(CUT_SHORT);
  if (count === 0) fail('an empty archive, or not a tar archive', undefined);
  return { members, skipped };
}

/** The chunks in one SharedArrayBuffer: worker threads linting the bundle's proxies see it without a copy. */
function shared(chunks: readonly Buffer[]): Buffer {
  const size = chunks.reduce((n, c) => n + c.length, 0);
  const bytes = Buffer.from(new SharedArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) offset += chunk.copy(bytes, offset);
  return bytes;
}

function expansion(maxBytes: number): string {
  return `the archive expands past ${mebibytes(maxBytes)} (an archive bomb, or a bundle bigger than envoy-lint reads by default: set ENVOY_LINT_MAX_ARCHIVE_BYTES to allow more)`;
}
