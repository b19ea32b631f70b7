/**
 * The three statistical tables laid out as the national template prints them: multi-level
 * headers and group labels with their spans, derived from template.ts (never re-spelled).
 * Pure and shared: the web draws it (TemplateTables.vue) and the server writes it to Excel.
 */
import {
  ACTIVE_FIELD_LABELS, ACTIVE_ITEMS, APPEAL_COLUMNS, APPEAL_GROUPS, REQUEST_COLUMNS, REQUEST_ROWS, SECTIONS,
} from './template.ts';
import type { ActiveField } from './template.ts';

export interface HeaderCell {
  label: string;
  colspan: number;
  rowspan: number;
}

export interface LabelCell {
  label: string;
  colspan: number;
  rowspan: number;
}

export interface BodyRow {
  /** The label cells this row starts (a group label appears only on its first row). */
  labels: LabelCell[];
  /** Cell keys, in column order. */
  keys: string[];
  /** Column span of each key (table 二's short rows stretch their last cell); 1 when absent. */
  spans?: number[];
}

export interface TableLayout {
  id: 'active' | 'requests' | 'appeals';
  title: string;
  /** Header rows, top to bottom. */
  header: HeaderCell[][];
  body: BodyRow[];
  /** Label columns at the left of the body. */
  labelColumns: number;
}

const sectionTitle = (key: string) => {
  const s = SECTIONS.find((x) => x.key === key)!;
  return `${s.no}、${s.title}`;
};

/** Columns labelled "parent / child" become a two-level header; others span both levels. */
function twoLevelHeader(labels: readonly string[]): HeaderCell[][] {
  const top: HeaderCell[] = [];
  const bottom: HeaderCell[] = [];
  for (const label of labels) {
    const [parent, child] = label.split(' / ');
    if (child === undefined) {
      top.push({ label: parent!, colspan: 1, rowspan: 2 });
      continue;
    }
    const last = top[top.length - 1];
    if (last && last.label === parent && last.rowspan === 1) last.colspan += 1;
    else top.push({ label: parent!, colspan: 1, rowspan: 1 });
    bottom.push({ label: child, colspan: 1, rowspan: 1 });
  }
  return [top, bottom];
}

export function activeLayout(): TableLayout {
  // The template prints one header row per distinct set of fields (件数 / 决定数量 / 收费金额).
  const header: HeaderCell[][] = [];
  const body: BodyRow[] = [];
  const width = Math.max(...ACTIVE_ITEMS.map((i) => i.fields.length));
  let lastFields = '';
  for (const item of ACTIVE_ITEMS) {
    const fields = item.fields as readonly ActiveField[];
    const sig = fields.join(',');
    if (sig !== lastFields) {
      const cells: LabelCell[] = [{ label: '信息内容', colspan: 1, rowspan: 1 }];
      fields.forEach((f, i) => cells.push({ label: ACTIVE_FIELD_LABELS[f], colspan: i === fields.length - 1 ? width - i : 1, rowspan: 1 }));
      if (header.length === 0) header.push(cells);
      else body.push({ labels: cells.map((c) => ({ ...c })), keys: [] });
      lastFields = sig;
    }
    body.push({
      labels: [{ label: item.label, colspan: 1, rowspan: 1 }],
      keys: fields.map((f) => `active.${item.key}.${f}`),
      spans: fields.map((_, i) => (i === fields.length - 1 ? width - i : 1)),
    });
  }
  return { id: 'active', title: sectionTitle('active'), header, body, labelColumns: 1 };
}

export function requestsLayout(): TableLayout {
  const [top, bottom] = twoLevelHeader(REQUEST_COLUMNS.map((c) => c.label));
  const header: HeaderCell[][] = [
    [{ label: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', colspan: 3, rowspan: 3 }, { label: '申请人情况', colspan: REQUEST_COLUMNS.length, rowspan: 1 }],
    top!, bottom!,
  ];
  const body: BodyRow[] = [];
  // Rows sharing a group (三、本年度办理结果 / （三）不予公开 …) get one spanning label cell.
  const outcomeGroup = REQUEST_ROWS.find((r) => r.group !== null)!.group!;
  const outcomeCount = REQUEST_ROWS.filter((r) => r.group !== null).length;
  let i = 0;
  while (i < REQUEST_ROWS.length) {
    const row = REQUEST_ROWS[i]!;
    const keys = REQUEST_COLUMNS.map((c) => `requests.${row.key}.${c.key}`);
    if (row.group === null) {
      body.push({ labels: [{ label: row.label, colspan: 3, rowspan: 1 }], keys });
      i += 1;
      continue;
    }
    const labels: LabelCell[] = [];
    const prev = REQUEST_ROWS[i - 1];
    if (!prev || prev.group === null) labels.push({ label: outcomeGroup, colspan: 1, rowspan: outcomeCount });
    if (row.group === outcomeGroup) {
      labels.push({ label: row.label, colspan: 2, rowspan: 1 });
    } else if (!prev || prev.group !== row.group) {
      const span = REQUEST_ROWS.slice(i).findIndex((r) => r.group !== row.group);
      labels.push({ label: row.group, colspan: 1, rowspan: span === -1 ? REQUEST_ROWS.length - i : span });
      labels.push({ label: row.label, colspan: 1, rowspan: 1 });
    } else {
      labels.push({ label: row.label, colspan: 1, rowspan: 1 });
    }
    body.push({ labels, keys });
    i += 1;
  }
  return { id: 'requests', title: sectionTitle('requests'), header, body, labelColumns: 3 };
}

export function appealsLayout(): TableLayout {
  // 行政复议 | 行政诉讼 (未经复议直接起诉 | 复议后起诉), each with the five result columns.
  const top: HeaderCell[] = [];
  const mid: HeaderCell[] = [];
  const bottom: HeaderCell[] = [];
  for (const g of APPEAL_GROUPS) {
    const [parent, child] = g.label.split(' / ');
    const n = APPEAL_COLUMNS.length;
    if (child === undefined) {
      top.push({ label: parent!, colspan: n, rowspan: 1 });
      for (const c of APPEAL_COLUMNS) mid.push({ label: c.label, colspan: 1, rowspan: 2 });
      continue;
    }
    const last = top[top.length - 1];
    if (last && last.label === parent) last.colspan += n;
    else top.push({ label: parent!, colspan: n, rowspan: 1 });
    mid.push({ label: child, colspan: n, rowspan: 1 });
    for (const c of APPEAL_COLUMNS) bottom.push({ label: c.label, colspan: 1, rowspan: 1 });
  }
  const keys = APPEAL_GROUPS.flatMap((g) => APPEAL_COLUMNS.map((c) => `appeals.${g.key}.${c.key}`));
  return { id: 'appeals', title: sectionTitle('appeals'), header: [top, mid, bottom], body: [{ labels: [], keys }], labelColumns: 0 };
}

export const TABLE_LAYOUTS: readonly TableLayout[] = [activeLayout(), requestsLayout(), appealsLayout()];
