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

/**
 * A text's shingles: the distinct hashes of its k-code-unit windows, sorted ascending (Chinese
 * text is almost all in the BMP, so units are characters). Sorted and in a typed array rather
 * than a Set: 4 bytes a shingle to keep, a merge to intersect, and the bottom-k sketch is its
 * first k entries.
 */
export type Shingles = Uint32Array;

export function shingles(normalised: string, k: number): Shingles {
  const n = Math.max(0, normalised.length - k + 1);
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = fnv1a(normalised, i, i + k);
  all.sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || all[i] !== all[i - 1]) all[distinct++] = all[i]!;
  return all.subarray(0, distinct);
}

function intersectionSize(a: Shingles, b: Shingles): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

export function jaccard(a: Shingles, b: Shingles): number {
  if (a.length === 0 && b.length === 0) return 0;
  const inter = intersectionSize(a, b);
  return inter / (a.length + b.length - inter);
}

/** Share of `a`'s shingles that also occur in `b`. */
export function containment(a: Shingles, b: Shingles): number {
  return a.length === 0 ? 0 : intersectionSize(a, b) / a.length;
}

/**
 * A bottom-k sketch: the k smallest shingle hashes, sorted. Two sketches estimate Jaccard in
 * O(k) (Broder's estimator), so a county-year can be screened pairwise cheaply and the exact
 * measure computed only for likely matches.
 */
export function sketch(set: Shingles, k = 64): Uint32Array {
  return set.subarray(0, Math.min(k, set.length));
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

/** Shingles of texts already seen (keyed by the caller), so a county's unchanged texts are not re-shingled on every recompute. */
export class ShingleCache {
  private readonly entries = new Map<string, { text: string; set: Shingles; sketch: Uint32Array }>();
  // 4 bytes a shingle: a few thousand entries hold several county-years in a few MB.
  constructor(private readonly capacity = 4_000) {}

  get(key: string, text: string, make: () => Shingles): { set: Shingles; sketch: Uint32Array } {
    const hit = this.entries.get(key);
    if (hit && hit.text === text) return hit;
    const set = make();
    const entry = { text, set, sketch: sketch(set) };
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    return entry;
  }
}
