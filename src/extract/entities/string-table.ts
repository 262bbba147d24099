/**
 * A read-only set of strings in three typed arrays (so it can live in a SharedArrayBuffer):
 * `off` (k + 1 offsets into `pool`), `pool` (UTF-16 code units), `slots` (an open-addressing
 * hash table of entry + 1, 0 empty). An entry's number is its position in the key list it was
 * built from, so a parallel array can carry a value per key.
 */

export interface StringTableArrays {
  off: Int32Array;
  slots: Int32Array;
  pool: Uint16Array;
}

/** FNV-1a over UTF-16 code units: the hash both binary caches' tables are built with. */
export function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Strings one after another: `off` and `pool` only (read by entry number, not looked up). */
export function stringList(keys: readonly string[]): Pick<StringTableArrays, 'off' | 'pool'> {
  const off = new Int32Array(keys.length + 1);
  const pool = new Uint16Array(keys.reduce((n, k) => n + k.length, 0));
  let p = 0;
  keys.forEach((key, e) => {
    off[e] = p;
    for (let i = 0; i < key.length; i++) pool[p++] = key.charCodeAt(i);
  });
  off[keys.length] = p;
  return { off, pool };
}

/** The arrays for distinct keys. */
export function buildStringTable(keys: readonly string[]): StringTableArrays {
  let cap = 1;
  while (cap < keys.length * 2) cap <<= 1;
  const slots = new Int32Array(cap);
  keys.forEach((key, e) => {
    let slot = fnv(key) & (cap - 1);
    while (slots[slot] !== 0) slot = (slot + 1) & (cap - 1);
    slots[slot] = e + 1;
  });
  return { ...stringList(keys), slots };
}

export class StringTable {
  constructor(private readonly a: StringTableArrays) {}

  get size(): number {
    return this.a.off.length - 1;
  }

  /** The entry number of a key, or undefined (the signature of `Map.get`). */
  get(key: string): number | undefined {
    const { slots, off, pool } = this.a;
    const mask = slots.length - 1;
    for (let slot = fnv(key) & mask; ; slot = (slot + 1) & mask) {
      const e = slots[slot]! - 1;
      if (e < 0) return undefined;
      const a = off[e]!;
      if (off[e + 1]! - a !== key.length) continue;
      let i = 0;
      while (i < key.length && pool[a + i] === key.charCodeAt(i)) i++;
      if (i === key.length) return e;
    }
  }

  /** The key of entry e. */
  key(e: number): string {
    const { off, pool } = this.a;
    return String.fromCharCode(...pool.subarray(off[e]!, off[e + 1]!));
  }
}
