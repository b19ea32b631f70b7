/**
 * The organ-kind choices of the pages, from the server's one list of kinds and their Chinese
 * names (shared/enums.ts is plain data, so the web imports it like the template).
 */
import { ORGAN_KINDS, ORGAN_KIND_LABEL, TOWNSHIP_LEVEL } from '../../shared/enums.ts';
import type { OrganKind } from '../../shared/enums.ts';

export interface KindChoice {
  /** The value kept in the URL (?kind=). */
  id: string;
  label: string;
  /** Sent as repeated `kind=`; empty: every organ. */
  kinds: readonly OrganKind[];
}

export const KIND_CHOICES: readonly KindChoice[] = [
  { id: 'township_level', label: TOWNSHIP_LEVEL.map((k) => ORGAN_KIND_LABEL[k]).join('和'), kinds: TOWNSHIP_LEVEL },
  ...ORGAN_KINDS.filter((k) => k !== 'unknown').map((k) => ({ id: k, label: ORGAN_KIND_LABEL[k], kinds: [k] })),
  { id: 'all', label: '全部单位', kinds: [] },
];

export function kindsOf(id: string | null): readonly OrganKind[] {
  return (KIND_CHOICES.find((c) => c.id === id) ?? KIND_CHOICES[0]!).kinds;
}
