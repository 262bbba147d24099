import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A cache file read straight into shared memory (handed to the enrichment threads without a
 * copy), or null when it is missing, unreadable or `isCurrent` says it is stale.
 */
export function readSharedFile(file: string, isCurrent: (buf: SharedArrayBuffer) => boolean): SharedArrayBuffer | null {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const buf = new SharedArrayBuffer(size);
    const bytes = new Uint8Array(buf);
    for (let at = 0; at < size; ) {
      const got = readSync(fd, bytes, at, size - at, at);
      if (got <= 0) return null;
      at += got;
    }
    return isCurrent(buf) ? buf : null;
  } catch {
    return null; // missing, unreadable or of another version: the caller builds it
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Writes a cache file whole or not at all (a temporary file renamed), so a reader never sees half of one. */
export function writeSharedFile(file: string, buf: SharedArrayBuffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, new Uint8Array(buf));
  renameSync(tmp, file);
}
