/**
 * `document.scan`: where a scan's numbers were read, for the 原文 panel. JSON
 * `{pages: [{page, width, height, dpi, angle, blank, failed, tables}], cells: {cellKey: {page, box: {x, y, w, h}, read, conf}}}`
 * (server/report/readers/ocr: PageSummary, CellSource; boxes in pixels of the page image as read,
 * at the page's dpi); null for every document not read by OCR. A column, not a table: it is
 * written once with the document and read whole with one report. Frozen once applied.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './columns.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('document').addColumn('scan', columnTypes(db).text).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('document').dropColumn('scan').execute();
}
