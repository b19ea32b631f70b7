/**
 * Numbers typed into the template's tables (edit mode on a report, or a report entered by hand):
 * the text per cell, which cells are not numbers, which differ from the stored values, and which
 * totals the typed numbers break (the template's relations, shared/relations.ts), live.
 */
import { computed, ref } from 'vue';
import type { ComputedRef, Ref } from 'vue';
import { brokenRelations } from '../../../shared/relations.ts';

/** An empty box means blank (null), never 0; anything but a non-negative number is invalid. */
export function parseDraft(text: string): number | null | 'invalid' {
  const t = text.trim().replace(/[,，]/g, '');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? n : 'invalid';
}

export interface CellDrafts {
  /** Typed text per edited cell; null when not editing. */
  drafts: Ref<Record<string, string> | null>;
  invalid: ComputedRef<Set<string>>;
  /** Typed values that differ from the stored ones. */
  changes: ComputedRef<{ key: string; value: number | null }[]>;
  /** Cells of relations the typed numbers break, to be drawn red. */
  failing: ComputedRef<Set<string>>;
  /** The value in force while typing: the typed one where valid, else the stored one. */
  valueOf: (key: string) => number | null;
  onEdit: (edits: Record<string, string | undefined>) => void;
}

export function useCellDrafts(stored: (key: string) => number | null): CellDrafts {
  const drafts = ref<Record<string, string> | null>(null);
  const parsed = computed(() => new Map(Object.entries(drafts.value ?? {}).map(([key, text]) => [key, parseDraft(text)])));
  const invalid = computed(() => new Set([...parsed.value].filter(([, v]) => v === 'invalid').map(([k]) => k)));
  const changes = computed(() => [...parsed.value]
    .filter((e): e is [string, number | null] => e[1] !== 'invalid' && e[1] !== stored(e[0]))
    .map(([key, value]) => ({ key, value })));
  const valueOf = (k: string): number | null => {
    const t = parsed.value.get(k);
    return t === undefined || t === 'invalid' ? stored(k) : t;
  };
  const failing = computed(() => {
    if (!drafts.value) return new Set<string>();
    return new Set(brokenRelations(valueOf).flatMap((r) => (r.rule === 'arith.balance' ? [...r.left, ...r.right] : r.left)));
  });
  function onEdit(edits: Record<string, string | undefined>) {
    const next = { ...(drafts.value ?? {}) };
    for (const [k, v] of Object.entries(edits)) {
      if (v === undefined) delete next[k];
      else next[k] = v;
    }
    drafts.value = next;
  }
  return { drafts, invalid, changes, failing, valueOf, onEdit };
}
