/**
 * Excel workbooks in the template's own layout: the three tables with their merged header and
 * label cells (shared/table-layout.ts, the same layout the web draws), numbers as numbers and
 * blank cells left empty (never 0). Written with exceljs.
 */
import ExcelJS from 'exceljs';
import { TABLE_LAYOUTS } from '../../shared/table-layout.ts';
import type { TableLayout } from '../../shared/table-layout.ts';
import { valueAt } from '../../shared/template.ts';
import type { Tables } from '../../shared/template.ts';

export interface TemplateSheet {
  name: string;
  /** The sheet's first line, e.g. "青禾县 2025 年度政府信息公开工作年度报告汇总". */
  title: string;
  /** Lines under the title: source, date, what blank means. */
  info: readonly string[];
  tables: Tables;
  /** A note per cell key (e.g. "3 份报告此格空白"), shown as an Excel comment. */
  notes?: Readonly<Record<string, string>>;
}

/** A plain list sheet: a header row, then one row of values per item. */
export interface ListValues {
  name: string;
  columns: readonly { header: string; width?: number }[];
  rows: readonly (readonly (string | number | null)[])[];
}

interface Placed {
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
  value: string | number | null;
  kind: 'header' | 'label' | 'value';
  key?: string;
}

/**
 * HTML-style placement: each cell goes to the first free column of its row, skipping columns that
 * a cell above still covers with its rowspan.
 */
function place(rows: readonly (readonly Omit<Placed, 'row' | 'col'>[])[], top: number): { cells: Placed[]; height: number; width: number } {
  const taken = new Set<string>();
  const cells: Placed[] = [];
  let width = 0;
  rows.forEach((row, i) => {
    let col = 1;
    for (const c of row) {
      while (taken.has(`${i}:${col}`)) col++;
      for (let dr = 0; dr < c.rowspan; dr++) for (let dc = 0; dc < c.colspan; dc++) taken.add(`${i + dr}:${col + dc}`);
      cells.push({ ...c, row: top + i, col });
      col += c.colspan;
      width = Math.max(width, col - 1);
    }
  });
  return { cells, height: rows.length, width };
}

function layoutRows(t: TableLayout, tables: Tables): Omit<Placed, 'row' | 'col'>[][] {
  const header = t.header.map((hr) => hr.map((h) => ({ value: h.label, colspan: h.colspan, rowspan: h.rowspan, kind: 'header' as const })));
  const body = t.body.map((r) => {
    if (r.keys.length === 0) return r.labels.map((l) => ({ value: l.label, colspan: l.colspan, rowspan: l.rowspan, kind: 'header' as const }));
    return [
      ...r.labels.map((l) => ({ value: l.label, colspan: l.colspan, rowspan: l.rowspan, kind: 'label' as const })),
      ...r.keys.map((key, j) => {
        return { value: valueAt(tables, key), colspan: r.spans?.[j] ?? 1, rowspan: 1, kind: 'value' as const, key };
      }),
    ];
  });
  return [...header, ...body];
}

const THIN = { style: 'thin' as const, color: { argb: 'FF9FB3C8' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFF0F4F8' } };

function writeTemplateSheet(wb: ExcelJS.Workbook, spec: TemplateSheet): void {
  const ws = wb.addWorksheet(spec.name, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  let top = 1;
  const titleRow = ws.getRow(top++);
  titleRow.getCell(1).value = spec.title;
  titleRow.getCell(1).font = { bold: true, size: 14 };
  for (const line of spec.info) ws.getRow(top++).getCell(1).value = line;
  let width = 1;
  for (const t of TABLE_LAYOUTS) {
    top++;
    const heading = ws.getRow(top++).getCell(1);
    heading.value = t.title;
    heading.font = { bold: true, size: 12 };
    const placed = place(layoutRows(t, spec.tables), top);
    width = Math.max(width, placed.width);
    for (const c of placed.cells) {
      const cell = ws.getCell(c.row, c.col);
      cell.value = c.value;
      if (c.rowspan > 1 || c.colspan > 1) ws.mergeCells(c.row, c.col, c.row + c.rowspan - 1, c.col + c.colspan - 1);
      cell.border = BORDER;
      if (c.kind === 'value') {
        cell.alignment = { horizontal: 'right', vertical: 'middle' };
        cell.numFmt = '#,##0.####';
        const note = c.key ? spec.notes?.[c.key] : undefined;
        if (note) cell.note = note;
      } else {
        cell.alignment = { horizontal: c.kind === 'header' ? 'center' : 'left', vertical: 'middle', wrapText: true };
        if (c.kind === 'header') cell.fill = HEADER_FILL;
      }
      // Borders on the covered cells of a merge, so the merged box is outlined all round.
      for (let r = c.row; r < c.row + c.rowspan; r++) for (let k = c.col; k < c.col + c.colspan; k++) ws.getCell(r, k).border = BORDER;
    }
    top += placed.height;
  }
  for (let c = 1; c <= width; c++) ws.getColumn(c).width = c <= 3 ? 22 : 12;
}

function writeListSheet(wb: ExcelJS.Workbook, spec: ListValues): void {
  const ws = wb.addWorksheet(spec.name);
  ws.columns = spec.columns.map((c) => ({ header: c.header, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = HEADER_FILL;
  for (const r of spec.rows) ws.addRow([...r]);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

export async function workbook(templates: readonly TemplateSheet[], lists: readonly ListValues[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '政府信息公开年报看板';
  wb.created = new Date();
  for (const t of templates) writeTemplateSheet(wb, t);
  for (const l of lists) writeListSheet(wb, l);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
