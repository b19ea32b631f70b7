/**
 * Text similarity on character shingles: Chinese has no spaces, so k-character windows are
 * the usual unit. Jaccard says how alike two texts are; containment says how much of one is
 * found in the other (the right measure for “repeats more than half of last year's text”).
 * Shingles are hashed to 32-bit integers so a county-year of texts stays small in memory.
 */

/**
 * Drop what legitimately changes between copies: whitespace, punctuation, digits (years,
 * counts) and the names given (the organ's own name, so a text copied from a neighbour with
 * only the name swapped still matches).
 */
export function normaliseForSimilarity(text: string, names: readonly string[] = []): string {
  let t = text;
  for (const n of names) if (n.length >= 2) t = t.split(n).join('');
  return t.replace(/[\s\p{P}\p{S}0-9０-９]/gu, '');
}

function fnv1a(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** k-code-unit windows (Chinese text is almost all in the BMP, so units are characters). */
export function shingles(normalised: string, k: number): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + k <= normalised.length; i++) out.add(fnv1a(normalised, i, i + k));
  return out;
}

function intersectionSize(a: Set<number>, b: Set<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of small) if (large.has(x)) n++;
  return n;
}

export function jaccard(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const inter = intersectionSize(a, b);
  return inter / (a.size + b.size - inter);
}

/** Share of `a`'s shingles that also occur in `b`. */
export function containment(a: Set<number>, b: Set<number>): number {
  return a.size === 0 ? 0 : intersectionSize(a, b) / a.size;
}

/**
 * A bottom-k sketch: the k smallest shingle hashes, sorted. Two sketches estimate Jaccard in
 * O(k) (Broder's estimator), so a county-year can be screened pairwise cheaply and the exact
 * measure computed only for likely matches.
 */
export function sketch(set: Set<number>, k = 64): Uint32Array {
  const all = Uint32Array.from(set).sort();
  return all.subarray(0, Math.min(k, all.length));
}

export function estimateJaccard(a: Uint32Array, b: Uint32Array, k = 64): number {
  let i = 0;
  let j = 0;
  let taken = 0;
  let both = 0;
  while (taken < k && (i < a.length || j < b.length)) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    if (x === y) {
      both++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
    taken++;
  }
  return taken === 0 ? 0 : both / taken;
}

/** Shingle sets of texts already seen (keyed by the caller), so a county's unchanged texts are not re-shingled on every recompute. */
export class ShingleCache {
  private readonly entries = new Map<string, { text: string; set: Set<number>; sketch: Uint32Array }>();
  // About 10 KB per text: a few thousand entries hold several county-years comfortably.
  constructor(private readonly capacity = 4_000) {}

  get(key: string, text: string, make: () => Set<number>): { set: Set<number>; sketch: Uint32Array } {
    const hit = this.entries.get(key);
    if (hit && hit.text === text) return hit;
    const set = make();
    const entry = { text, set, sketch: sketch(set) };
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    return entry;
  }
}
