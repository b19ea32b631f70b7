import { describe, expect, it } from 'vitest';
import { APPEAL_RELATIONS, BALANCE_RELATIONS, PROCESSED_RELATIONS, RELATIONS, ROW_TOTAL_RELATIONS, brokenRelations, relationHolds } from '../../shared/relations.ts';
import { APPEAL_GROUPS, CELLS, REQUEST_COLUMNS, REQUEST_ROWS } from '../../shared/template.ts';

const KEYS = new Set(CELLS.map((c) => c.key));

describe('the template relations as data', () => {
  it('has one relation per column, row and group, naming only template cells', () => {
    expect(BALANCE_RELATIONS).toHaveLength(REQUEST_COLUMNS.length);
    expect(PROCESSED_RELATIONS).toHaveLength(REQUEST_COLUMNS.length);
    expect(ROW_TOTAL_RELATIONS).toHaveLength(REQUEST_ROWS.length);
    expect(APPEAL_RELATIONS).toHaveLength(APPEAL_GROUPS.length);
    for (const r of RELATIONS) for (const k of [...r.left, ...r.right]) expect(KEYS.has(k), k).toBe(true);
    expect(PROCESSED_RELATIONS[0]!.right).toHaveLength(21);
  });

  it('holds on zeros, breaks on a changed part, and cannot be told with a blank', () => {
    const values = new Map(CELLS.map((c) => [c.key, 0 as number | null]));
    const valueOf = (k: string) => values.get(k) ?? null;
    expect(brokenRelations(valueOf)).toEqual([]);
    values.set('requests.granted.natural_person', 2);
    // 予以公开 natural_person is in its row total, its column's 办理结果总计 and (through it) nothing else.
    expect(brokenRelations(valueOf).map((r) => `${r.rule}:${r.subject}`).sort()).toEqual(['arith.processed:natural_person', 'arith.row_total:granted']);
    values.set('requests.granted.total', null);
    expect(relationHolds(ROW_TOTAL_RELATIONS.find((r) => r.subject === 'granted')!, valueOf)).toBeNull();
  });

  it('balances new + carried over against processed + carried forward', () => {
    const r = BALANCE_RELATIONS.find((x) => x.subject === 'total')!;
    const v: Record<string, number> = { 'requests.new.total': 7, 'requests.carried_over.total': 1, 'requests.processed_total.total': 6, 'requests.carried_forward.total': 2 };
    expect(relationHolds(r, (k) => v[k] ?? null)).toBe(true);
    v['requests.carried_forward.total'] = 3;
    expect(relationHolds(r, (k) => v[k] ?? null)).toBe(false);
  });
});
