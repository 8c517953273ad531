// Writing an output file (a report, a baseline): creates the directory; a failure is a one-line usage error. A file is
// replaced atomically (a temporary file beside it, renamed into place), so a full disk or a failed write leaves the
// previous file or none, never a truncated report that looks finished.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';

/** The parts of node:fs that writing goes through; tests pass one whose writes fail. */
export type WriteFs = Pick<
  typeof fs,
  'mkdirSync' | 'statSync' | 'lstatSync' | 'realpathSync' | 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'fstatSync' | 'ftruncateSync' | 'chmodSync' | 'renameSync' | 'unlinkSync' | 'writeFileSync'
>;

/**
 * mkdir -p, one level at a time: Node's own `recursive: true` spins forever where mkdir answers ENOENT for a parent
 * that exists (`/proc/nope`), so each level is tried once, its parent made first when it is missing.
 */
function makeDirectory(dir: string, fsys: WriteFs, depth = 0): void {
  try {
    fsys.mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && fsys.statSync(dir).isDirectory()) return;
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir || depth > 64) throw error;
    makeDirectory(parent, fsys, depth + 1);
    fsys.mkdirSync(dir);
  }
}

function failure(action: string, file: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  return new UsageError(`${action} ${file}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
}

/** write(2) may write less than asked (a full disk on the way): loop until every byte is out or it throws. */
function writeAll(fd: number, text: string, fsys: WriteFs): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; ) offset += fsys.writeSync(fd, bytes, offset, bytes.length - offset);
}

/** A link is replaced at its target, so `-o link` keeps the link (an unresolvable link is replaced itself). */
function followLink(file: string, fsys: WriteFs): string {
  try {
    return fsys.lstatSync(file).isSymbolicLink() ? fsys.realpathSync(file) : file;
  } catch {
    return file;
  }
}

function existing(file: string, fsys: WriteFs): fs.Stats | undefined {
  try {
    return fsys.statSync(file);
  } catch {
    return undefined;
  }
}

/** Hidden (a fleet directory's walk skips dot files), and unique to this process and write. */
function temporaryName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
}

function replaceAtomically(target: string, text: string, mode: number | undefined, fsys: WriteFs): void {
  const temp = temporaryName(target);
  // 'wx': never follow or reuse whatever might already sit at the temporary name.
  let fd: number | undefined = fsys.openSync(temp, 'wx', 0o666);
  try {
    writeAll(fd, text, fsys);
    fsys.fsyncSync(fd);
    fsys.closeSync(fd);
    fd = undefined;
    // The replacement keeps the old file's permissions (a report made group-readable stays so).
    if (mode !== undefined) fsys.chmodSync(temp, mode & 0o7777);
    fsys.renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) {
      try {
        fsys.closeSync(fd);
      } catch {
        // already failing: the write's error is the one to report
      }
    }
    try {
      fsys.unlinkSync(temp);
    } catch {
      // nothing left to remove
    }
    throw error;
  }
}

/**
 * Fails now, before any linting, where writing `file` later would: its directory cannot be made, or no file can be
 * created in it. Makes the directory (the write would) and creates and removes one temporary file there.
 */
export function checkWritable(file: string, what: string, fsys: WriteFs = fs): void {
  try {
    makeDirectory(path.dirname(file), fsys);
    const target = followLink(file, fsys);
    const stat = existing(target, fsys);
    if (stat?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (stat !== undefined && !stat.isFile()) return; // a device or a pipe: written directly, and opening it may block
    const temp = temporaryName(target);
    fsys.closeSync(fsys.openSync(temp, 'wx', 0o666));
    fsys.unlinkSync(temp);
  } catch (error) {
    throw failure(`cannot write ${what}`, file, error);
  }
}

export function writeTextFile(file: string, text: string, what: string, fsys: WriteFs = fs): void {
  try {
    makeDirectory(path.dirname(file), fsys);
    const target = followLink(file, fsys);
    const stat = existing(target, fsys);
    // A device or a pipe (`-o /dev/stdout`) has nothing to rename over, and renaming over it would replace the device.
    if (stat !== undefined && !stat.isFile() && !stat.isDirectory()) fsys.writeFileSync(target, text);
    else replaceAtomically(target, text, stat?.mode, fsys);
  } catch (error) {
    throw failure(`cannot write ${what}`, file, error);
  }
}

/**
 * Appends to a file others write too ($GITHUB_STEP_SUMMARY, $GITHUB_OUTPUT), so it cannot be replaced; a failed append
 * is cut back to the file's previous length instead, leaving no partial entry behind.
 */
export function appendTextFile(file: string, text: string, what: string, fsys: WriteFs = fs): void {
  let fd: number | undefined;
  let size: number | undefined;
  try {
    fd = fsys.openSync(file, 'a');
    size = fsys.fstatSync(fd).size;
    writeAll(fd, text, fsys);
    fsys.closeSync(fd);
  } catch (error) {
    if (fd !== undefined) {
      try {
        if (size !== undefined) fsys.ftruncateSync(fd, size);
        fsys.closeSync(fd);
      } catch {
        // a device or pipe cannot be cut back; the write's error is the one to report
      }
    }
    throw failure(`cannot append to ${what}`, file, error);
  }
}
