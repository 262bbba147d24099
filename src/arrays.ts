/**
 * `xs.map(f)` that always makes a packed array. V8's `Array.prototype.map` makes a packed array
 * while its caller runs in the interpreter but a holey one once TurboFan has inlined it, so an
 * array built by `.map` changes its map when the function that builds it is optimised, and every
 * optimised reader of such arrays elsewhere then deoptimises ("wrong map") and is compiled again.
 * Arrays on the enrichment path (records' fields, arguments, locals read in loops) are built with this.
 */
export function mapArray<T, U>(xs: readonly T[], f: (x: T, i: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i++) out.push(f(xs[i]!, i));
  return out;
}
