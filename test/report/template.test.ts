import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACTIVE_FIELD_LABELS, ACTIVE_ITEMS, APPEAL_COLUMNS, APPEAL_GROUPS, CELLS, OUTCOME_ROWS, REQUEST_COLUMNS, REQUEST_ROWS,
  cellDef, emptyTables, getCell, setCell,
} from '../../server/report/template.ts';
import { needsShared } from '../support/shared.ts';

const FORM = resolve(import.meta.dirname, '../../../shared/form/form.json');
const hasShared = needsShared(FORM, 'template.test');
if (!hasShared) console.warn(`skipping form.json comparison: ${FORM} is absent`);

describe.skipIf(!hasShared)('template.ts transcribes ../shared/form/form.json', () => {
  const form = hasShared ? JSON.parse(readFileSync(FORM, 'utf8')) : null;

  it('has the same active items, fields and field labels', () => {
    expect(ACTIVE_ITEMS.map((i) => ({ key: i.key, label: i.label, article: i.article, fields: [...i.fields] }))).toEqual(form.active.items);
    expect(ACTIVE_FIELD_LABELS).toEqual(form.active.field_labels);
  });

  it('has the same request rows and columns, in order', () => {
    expect(REQUEST_COLUMNS.map(({ key, label }) => ({ key, label }))).toEqual(form.requests.columns);
    expect(REQUEST_ROWS.map((r) => (r.group ? { key: r.key, group: r.group, label: r.label } : { key: r.key, label: r.label })))
      .toEqual(form.requests.rows);
  });

  it('has the same appeal groups and columns', () => {
    expect(APPEAL_GROUPS.map(({ key, label }) => ({ key, label }))).toEqual(form.appeals.groups);
    expect(APPEAL_COLUMNS).toEqual(form.appeals.columns);
  });
});

describe('derived cells', () => {
  it('lists 200 unique cells with unique headers', () => {
    expect(CELLS).toHaveLength(10 + 175 + 15);
    expect(new Set(CELLS.map((c) => c.key)).size).toBe(CELLS.length);
    expect(new Set(CELLS.map((c) => c.header)).size).toBe(CELLS.length);
    expect(cellDef('requests.denied_state_secret.total')?.rowLabel).toBe('（三）不予公开1.属于国家秘密');
  });

  it('names the 21 outcome rows from granted to other_other', () => {
    expect(OUTCOME_ROWS).toHaveLength(21);
    expect(OUTCOME_ROWS[0]).toBe('granted');
    expect(OUTCOME_ROWS.at(-1)).toBe('other_other');
  });

  it('starts every table blank and writes only template cells', () => {
    const t = emptyTables();
    expect(CELLS.every((c) => getCell(t, c) === null)).toBe(true);
    setCell(t, { section: 'requests', row: 'new', column: 'total' }, 12);
    expect(t.requests.new.total).toBe(12);
    expect(() => setCell(t, { section: 'requests', row: 'new', column: 'nope' }, 1)).toThrow(/not a template cell/);
  });
});
