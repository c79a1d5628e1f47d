/**
 * Files written so that a reader never sees half of one: the network saves, the training
 * histories and the runner's outputs all go through here.
 *
 * The text goes to a temporary file beside the target, is flushed to disk, and is renamed over
 * the target (a rename within a folder is atomic). Around that:
 * - a symlink is written through, to the file it points at, rather than replaced by a file;
 * - the file keeps its permissions (a 0600 file stays 0600);
 * - temporary files a killed writer left behind for the same target are removed by the next save;
 * - the temporary name never exceeds the file system's 255-byte name limit when the target's does
 *   not, so a long name fails, if at all, with the target's own error.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** The longest file name (in bytes) the common file systems accept. */
const NAME_MAX = 255;

/** How many symlinks to follow before giving up (the kernel's own limit is 40). */
const MAX_LINKS = 40;

/** Writes `text` to `file` atomically: temporary file, fsync, rename. */
export function writeFileAtomic(file: string, text: string | Uint8Array): void {
  let temporary: string | undefined;
  try {
    const target = resolveLinks(file);
    const mode = existingMode(target);
    removeStaleTemporaries(target);
    temporary = temporaryName(target);
    const fd = fs.openSync(temporary, "wx", mode ?? 0o666);
    try {
      if (mode !== undefined) fs.fchmodSync(fd, mode); // the umask may have narrowed it
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, target);
  } catch (error) {
    if (temporary !== undefined) removeQuietly(temporary);
    throw new Error(`cannot save ${file}: ${(error as Error).message}`);
  }
}

/** The file a chain of symlinks ends at (`file` itself when it is not a link or does not exist). */
function resolveLinks(file: string): string {
  let current = path.resolve(file);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch {
      return current; // not there yet: the save creates it
    }
    if (!stat.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), fs.readlinkSync(current));
  }
  throw new Error(`more than ${MAX_LINKS} symlinks to follow`);
}

/** The permission bits of `file`, or undefined when it does not exist yet. */
function existingMode(file: string): number | undefined {
  try {
    return fs.statSync(file).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** The part of every temporary name of `file` before the writer's pid and time. */
function temporaryStem(file: string): string {
  const base = path.basename(file);
  // Room for ".<stem>.<pid>.<ms>.tmp": pids below 2²², times of 13 digits.
  const suffixBytes = ".4194304.1764633600000.tmp".length;
  if (Buffer.byteLength(`.${base}`) + suffixBytes <= NAME_MAX) return `.${base}`;
  return `.${createHash("sha256").update(base).digest("hex").slice(0, 32)}`;
}

function temporaryName(file: string): string {
  return path.join(path.dirname(file), `${temporaryStem(file)}.${process.pid}.${Date.now()}.tmp`);
}

/**
 * Removes the temporary files of earlier saves of `file` whose writer is gone (killed mid-save):
 * those of live processes, this one included, may still be in use and are left alone.
 */
function removeStaleTemporaries(file: string): void {
  const stem = temporaryStem(file);
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    return; // the folder is missing or unreadable: the save itself will say so
  }
  for (const name of names) {
    if (!name.startsWith(`${stem}.`) || !name.endsWith(".tmp")) continue;
    const match = /^\.(\d+)\.\d+\.tmp$/.exec(name.slice(stem.length));
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && !isRunning(pid)) removeQuietly(path.join(path.dirname(file), name));
  }
}

/** Whether a process with this id exists (EPERM: it does, owned by someone else). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Clean-up that never hides the error that made it necessary. */
function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // the original error is the one to report
  }
}
