/** Every migration, by name, in order. A static list so bundlers and tsx need no directory scan. */
import type { Migration } from 'kysely';
import * as m0001 from './2026_11_23_0001_initial.ts';
import * as m0002 from './2026_11_23_0002_cell_without_rowid.ts';
import * as m0003 from './2026_11_23_0003_report_cell_lines.ts';
import * as m0004 from './2026_11_23_0004_sort_keys.ts';
import * as m0005 from './2026_12_03_0005_report_action.ts';
import * as m0006 from './2026_12_03_0006_shared_state.ts';
import * as m0008 from './2026_12_03_0008_upload_log.ts';
import * as m0009 from './2026_12_03_0009_report_attachment.ts';
import * as m0010 from './2026_12_03_0010_upload_job.ts';
import * as m0011 from './2026_12_03_0011_document_scan.ts';

export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_initial': m0001,
  '2026_11_23_0002_cell_without_rowid': m0002,
  '2026_11_23_0003_report_cell_lines': m0003,
  '2026_11_23_0004_sort_keys': m0004,
  '2026_12_03_0005_report_action': m0005,
  '2026_12_03_0006_shared_state': m0006,
  '2026_12_03_0008_upload_log': m0008,
  '2026_12_03_0009_report_attachment': m0009,
  '2026_12_03_0010_upload_job': m0010,
  '2026_12_03_0011_document_scan': m0011,
};
