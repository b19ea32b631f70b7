/**
 * Compact cells: a report's source lines move into one column of the report, and a `cell` row is
 * kept only for a cell with something to say (a review reason or a correction). Writing 200 rows
 * per report was the largest single cost of an ingest; most reports have no cell worth a row.
 *
 * `report.cell_lines`: JSON array of the source line (or null) of every template cell, in the
 * template's cell order (the order of report_value's columns). Reports stored before this
 * migration keep their full set of cell rows and have no cell_lines; readers take a cell row
 * over the compact form, so both read alike. Portable (SQLite and PostgreSQL). Frozen once applied.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './columns.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report').addColumn('cell_lines', columnTypes(db).text).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report').dropColumn('cell_lines').execute();
}
