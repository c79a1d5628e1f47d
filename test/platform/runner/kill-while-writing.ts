/**
 * Loaded into a runner (`node --require kill-while-writing.js cli.js …`) by writes.test.ts:
 * the first time the process writes to a file whose name is `$NNDL_KILL_WHILE_WRITING` (directly,
 * or through a temporary file named after it), it writes half of the data, flushes it to disk and
 * kills itself with SIGKILL: a kill in the middle of a write, every time, at the same place.
 */
import fs from "fs";
import path from "path";

const target = process.env.NNDL_KILL_WHILE_WRITING;

/** The file an fd or path refers to. */
function fileOf(file: fs.PathOrFileDescriptor): string {
  if (typeof file === "number") {
    try {
      return fs.readlinkSync(`/proc/self/fd/${file}`);
    } catch {
      return "";
    }
  }
  return String(file);
}

if (target !== undefined) {
  const original = fs.writeFileSync;
  const halfAndDie = (file: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView): never => {
    const bytes =
      typeof data === "string" ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const fd = typeof file === "number" ? file : fs.openSync(file, "w");
    fs.writeSync(fd, bytes, 0, Math.floor(bytes.length / 2));
    fs.fsyncSync(fd);
    process.kill(process.pid, "SIGKILL");
    throw new Error("unreachable");
  };
  fs.writeFileSync = ((
    file: fs.PathOrFileDescriptor,
    data: string | NodeJS.ArrayBufferView,
    options?: fs.WriteFileOptions,
  ) => {
    if (path.basename(fileOf(file)).includes(target)) return halfAndDie(file, data);
    return original(file, data, options);
  }) as typeof fs.writeFileSync;
}
