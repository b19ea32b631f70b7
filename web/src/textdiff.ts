/**
 * Year-on-year comparison of a report's narrative with the organ's previous one, sentence by
 * sentence, for the side-by-side view behind the 与上年重复 flag. Pure, so it is tested in node.
 *
 * Sentences count as repeated when they are equal once spaces are removed; sentences that differ
 * only in their numbers (2023年 → 2024年, 12件 → 15件) are marked apart: that is how a copied
 * report usually shows.
 */
import { diffArrays } from 'diff';

export type RowKind = 'same' | 'numbers' | 'changed' | 'removed' | 'added';

export interface DiffRow {
  kind: RowKind;
  /** The previous year's sentence, or null when this year added one. */
  left: string | null;
  /** This year's sentence, or null when it was dropped. */
  right: string | null;
}

export interface YearDiff {
  rows: DiffRow[];
  /** Share of this year's characters in sentences repeated from the previous year (same or numbers only). */
  repeatedShare: number;
}

/** Sentences, ending at 。！？； or a line break, punctuation kept, blanks dropped. */
export function sentences(text: string | null | undefined): string[] {
  if (!text) return [];
  return (text.match(/[^。！？；!?;\n]+[。！？；!?;]*|[。！？；!?;]+/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
}

const squash = (s: string) => s.replace(/\s+/g, '');
const digitless = (s: string) => squash(s).replace(/[0-9０-９.,，]+/g, '#');

export function compareYears(previous: string | null | undefined, current: string | null | undefined): YearDiff {
  const a = sentences(previous);
  const b = sentences(current);
  // Aligned on sentences equal but for their numbers; each pair is then told apart.
  const parts = diffArrays(a, b, { comparator: (x: string, y: string) => digitless(x) === digitless(y) });
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const n = part.count ?? part.value.length;
    if (!part.added && !part.removed) {
      for (let k = 0; k < n; k++) {
        const left = a[i++]!;
        const right = b[j++]!;
        rows.push({ kind: squash(left) === squash(right) ? 'same' : 'numbers', left, right });
      }
      continue;
    }
    // A removal followed by an addition is a change: pair them line by line.
    const next = parts[p + 1];
    if (part.removed && next?.added) {
      const m = next.count ?? next.value.length;
      for (let k = 0; k < Math.max(n, m); k++) {
        const left = k < n ? a[i++]! : null;
        const right = k < m ? b[j++]! : null;
        rows.push({ kind: left === null ? 'added' : right === null ? 'removed' : 'changed', left, right });
      }
      p++;
      continue;
    }
    for (let k = 0; k < n; k++) {
      if (part.removed) rows.push({ kind: 'removed', left: a[i++]!, right: null });
      else rows.push({ kind: 'added', left: null, right: b[j++]! });
    }
  }
  const total = b.reduce((s, x) => s + squash(x).length, 0);
  const repeated = rows.filter((r) => r.kind === 'same' || r.kind === 'numbers').reduce((s, r) => s + squash(r.right!).length, 0);
  return { rows, repeatedShare: total === 0 ? 0 : repeated / total };
}
