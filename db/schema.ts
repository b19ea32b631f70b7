/**
 * The database, typed for Kysely. One interface per table; rows are `Selectable<XTable>`.
 *
 * The same on SQLite and PostgreSQL: booleans are 0/1 integers, JSON is text, times are read as
 * `YYYY-MM-DD HH:MM:SS` (UTC) text on both (PostgreSQL stores them as timestamptz; db/open.ts
 * reads them back as that text). The few spellings that differ — a list as one bound parameter,
 * a part of a name — are in db/dialect.ts alone; every other query is plain SQL both read the
 * same way. The insert statements are compiled once per Kysely adapter (reports.repository.ts),
 * so they follow the dialect too.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { OrganKind, ReportStatus, Severity } from '../shared/enums.ts';
import type { CellDef } from '../shared/template.ts';
import { CELLS } from '../shared/template.ts';

export type { OrganKind, ReportStatus, Severity };

type CreatedAt = ColumnType<string, string | undefined, never>;

export interface CountyTable {
  id: Generated<number>;
  name: string;
  /** The name in Chinese (pinyin) order for ORDER BY (db/sort-key.ts). */
  sort_key: string | null;
}

export interface OrganTable {
  id: Generated<number>;
  /** null when the county could not be read and was not given. */
  county_id: number | null;
  /** Normalised short name, unique within a county: 羊山镇, 县教育局. */
  name: string;
  /** The full name as the registry or the first report gives it: 金乡县羊山镇人民政府. */
  full_name: string;
  /** `name` in Chinese (pinyin) order for ORDER BY (db/sort-key.ts). */
  sort_key: string | null;
  kind: OrganKind;
  /** 1 when the county office's registry lists it; 0 when only met in a report. */
  in_registry: number;
  created_at: CreatedAt;
}

export interface OrganAliasTable {
  id: Generated<number>;
  organ_id: number;
  /** Normalised alias (same normalisation as organ.name). */
  alias: string;
}

export interface DocumentTable {
  id: Generated<number>;
  sha256: string;
  file_name: string;
  /** txt, html, docx, pdf, doc, wps */
  format: string;
  /** How the text was obtained: encoding for text, reader name for documents. */
  extraction: string;
  size: number;
  content: Buffer;
  /** The extracted text the parser read; review lines point into it. */
  text: string;
  received_at: CreatedAt;
  /** cli, upload, seed */
  received_via: string;
  /**
   * A scan read by OCR: JSON `{pages, cells}`, each page's size and dpi and, per template cell
   * key, where its number was read (page, box in that page's pixels, OCR text, confidence). Null
   * for every other document. See migration 0011.
   */
  scan: string | null;
}

export interface ReportTable {
  id: Generated<number>;
  document_id: number;
  organ_id: number;
  /** Denormalised from organ for the county-year index. */
  county_id: number | null;
  year: number;
  /** The organ as printed in the title. */
  organ_printed: string;
  published: string | null;
  published_source: string | null;
  template: string;
  status: ReportStatus;
  /** 1 for the report in force for its organ and year; older ones stay as history. */
  current: number;
  deleted_at: string | null;
  /** JSON: the headings found, [{no,title,line}]. */
  headings: string;
  overview: string | null;
  problems: string | null;
  other: string | null;
  /**
   * JSON array: the source line (1-based, or null) of every template cell, in `CELLS` order.
   * Null for reports stored before cells were kept compact (their cell rows hold the lines).
   */
  cell_lines: string | null;
  created_at: CreatedAt;
}

/**
 * The cells of a report that have something to say: a review reason (the parser was not sure)
 * or a correction. Every other cell is fully described by its value in force (`report_value`,
 * which is then also the parsed value) and its line (`report.cell_lines`). Reports stored before
 * that compact form have a row for every cell; readers take a row over the compact form, so the
 * two read alike (`reportCells`).
 */
export interface CellTable {
  report_id: number;
  /** template cell key: requests.new.total */
  key: string;
  /** The value the parser read (null: blank or unreadable). */
  parsed: number | null;
  /** The value in force: the latest correction, else `parsed`. */
  value: number | null;
  /** Why the parser is not certain (Chinese), null when certain. */
  review: string | null;
  /** 1-based line of the document's text. */
  line: number | null;
  corrected: number;
}

export interface CorrectionTable {
  id: Generated<number>;
  report_id: number;
  key: string;
  value: number | null;
  reason: string;
  author: string;
  created_at: CreatedAt;
}

export interface FlagTable {
  id: Generated<number>;
  /** Stable identity: survives recomputation while the rule and the cells it is about stay. */
  identity: string;
  /** Hash of the numbers involved: a decision holds while this is unchanged. */
  fingerprint: string;
  rule: string;
  severity: Severity;
  message: string;
  /** null for flags about a missing report. */
  report_id: number | null;
  organ_id: number | null;
  county_id: number | null;
  year: number;
  /** JSON: [{key, value, expected?}] the cells and numbers involved. */
  cells: string;
  /** JSON: rule-specific details (matched report, similarity, …). */
  detail: string;
  created_at: CreatedAt;
}

/** What a person did to a version of a report (deleted, undeleted, restored to force, moved) and why. */
export interface ReportActionTable {
  id: Generated<number>;
  report_id: number;
  action: 'delete' | 'undelete' | 'restore' | 'move';
  reason: string;
  author: string;
  /** JSON: what the action changed (the county moved from and to, the version it displaced). */
  detail: string | null;
  created_at: CreatedAt;
}

export interface FlagDecisionTable {
  id: Generated<number>;
  identity: string;
  fingerprint: string;
  /** 'open': a decision undone (the flag is open again; the decision before it stays in the history). */
  state: 'confirmed' | 'dismissed' | 'open';
  reason: string;
  author: string;
  created_at: CreatedAt;
}

/** `requests.new.total` -> `requests__new__total`: a cell as a column of report_value. */
export type ValueColumn<C extends string = string> = C extends `${infer S}.${infer R}.${infer K}` ? `${S}__${R}__${K}` : never;
export function valueColumn(key: string): string {
  return key.replaceAll('.', '__');
}
export const VALUE_COLUMNS: readonly string[] = CELLS.map((c: CellDef) => valueColumn(c.key));

/**
 * One row per report, one column per template cell: the values in force, kept in step with
 * `cell.value`. Aggregates read this table so a province-wide sum is one scan of narrow rows.
 */
export type ReportValueTable = { report_id: number } & { [column: `${string}__${string}__${string}`]: number | null };

export interface Database {
  county: CountyTable;
  organ: OrganTable;
  organ_alias: OrganAliasTable;
  document: DocumentTable;
  report: ReportTable;
  cell: CellTable;
  correction: CorrectionTable;
  flag: FlagTable;
  flag_decision: FlagDecisionTable;
  report_action: ReportActionTable;
  report_value: ReportValueTable;
  data_version: DataVersionTable;
  setting: SettingTable;
  upload_log: UploadLogTable;
  report_attachment: ReportAttachmentTable;
  upload_job: UploadJobTable;
}

/**
 * The scanned file attached to a report typed in by hand (手工录入): kept as an original in
 * `document`, never read into numbers. At most one per report.
 */
export interface ReportAttachmentTable {
  report_id: number;
  document_id: number;
}

/** One file a person sent (upload, 手工录入) and what became of it, failures included. */
export interface UploadLogTable {
  id: Generated<number>;
  created_at: CreatedAt;
  via: 'upload' | 'manual';
  /** Who sent it, as the sender named themselves (经办人), or 管理员. */
  author: string;
  /** The sender's network address, as the server saw it. */
  client: string | null;
  file_name: string;
  outcome: 'ingested' | 'unchanged' | 'replaced' | 'failed';
  reason: string | null;
  report_id: number | null;
  organ: string | null;
  county: string | null;
  year: number | null;
}

/** One row (id 1): raised by every write transaction, read by the caches (db/open.ts, db/dialect.ts). */
export interface DataVersionTable {
  id: number;
  n: number;
}

/** Small named values kept in the database, e.g. `admin_token_sha256`. */
export interface SettingTable {
  name: string;
  value: string;
}

/** A county or organ as the application uses it; `sort_key` only serves ORDER BY. */
export type County = Omit<Selectable<CountyTable>, 'sort_key'>;
export type Organ = Omit<Selectable<OrganTable>, 'sort_key'>;
export type NewOrgan = Insertable<OrganTable>;
export type DocumentRow = Selectable<DocumentTable>;
export type NewDocument = Insertable<DocumentTable>;
export type Report = Selectable<ReportTable>;
export type NewReport = Insertable<ReportTable>;
export type ReportUpdate = Updateable<ReportTable>;
export type Cell = Selectable<CellTable>;
export type NewCell = Insertable<CellTable>;
export type Correction = Selectable<CorrectionTable>;
export type Flag = Selectable<FlagTable>;
export type NewFlag = Insertable<FlagTable>;
export type FlagDecision = Selectable<FlagDecisionTable>;

/**
 * An upload still being read when its request answered 202 (POST /api/uploads), polled at
 * GET /api/uploads/jobs/:id from any server process.
 */
export interface UploadJobTable {
  id: Generated<number>;
  created_at: CreatedAt;
  /** ISO 8601 (UTC), written by the app with each progress update and a heartbeat. */
  updated_at: string;
  state: 'running' | 'done' | 'failed';
  /** JSON `{file, page, pages}` (page and pages null when not a scan), or null. */
  progress: string | null;
  /** JSON: the upload's 200 body when done; `{error: {code, message}, results?}` when failed. */
  answer: string | null;
}
