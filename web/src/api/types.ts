/** Response shapes of the HTTP API, as docs/api.md describes them. */
import type { Tables } from '../../../server/report/template.ts';

export type MetricValues = Record<string, number | null>;
export type Severity = 'error' | 'warning' | 'info';
export type FlagState = 'open' | 'confirmed' | 'dismissed';
export type ReportStatus = 'ok' | 'needs_review';

export interface ListResponse<T> {
  rows: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Meta {
  templateId: string;
  counties: number;
  organs: number;
  reports: number;
  years: number[];
  latestYear: number | null;
  empty: boolean;
}

export interface County {
  id: number;
  name: string;
  organs: number;
  reports: number;
  years: number[];
}

export interface Organ {
  id: number;
  countyId: number | null;
  county: string | null;
  name: string;
  fullName: string;
  kind: string;
  inRegistry: boolean;
  aliases: string[];
  reports: number;
  years: number[];
}

export type OrganDetail = Omit<Organ, 'reports'> & {
  reports: { id: number; year: number; status: ReportStatus; published: string | null }[];
};

export interface RuleInfo {
  id: string;
  title: string;
  severity: Severity;
  family: string;
  scope: string;
}

export interface MetricInfo {
  id: string;
  label: string;
  unit: string;
}

export interface AggregateRow {
  organId: number | null;
  organ: string | null;
  kind: string | null;
  countyId: number | null;
  county: string | null;
  reportId: number | null;
  values: MetricValues;
}

export interface Aggregates extends ListResponse<AggregateRow> {
  year: number;
  county: { id: number; name: string } | null;
  by: 'organ' | 'county';
  metrics: MetricInfo[];
  sum: { values: MetricValues };
}

export interface CountyTotal {
  year: number;
  county: { id: number; name: string } | null;
  reports: number;
  organs: number;
  tables: Tables;
  blanks: Record<string, number>;
  values: MetricValues;
}

export interface TrendRow {
  year: number;
  values: MetricValues;
  change: MetricValues;
}

export interface Trends {
  scope: { organ?: unknown; county?: unknown };
  metrics: MetricInfo[];
  rows: TrendRow[];
}

export interface CompareCell {
  year: number;
  value: number | null;
  change: number | null;
  changeRate: number | null;
}

export interface CompareRow {
  organId: number;
  organ: string;
  countyId: number | null;
  county: string | null;
  kind?: string;
  cells: CompareCell[];
}

export interface Compare {
  metric: MetricInfo;
  years: number[];
  rows: CompareRow[];
}

export interface FlagCounts {
  error: number;
  warning: number;
  info: number;
  total: number;
}

export interface ReportListRow {
  id: number;
  organId: number;
  organ: string;
  organPrinted: string;
  countyId: number | null;
  county: string | null;
  year: number;
  status: ReportStatus;
  published: string | null;
  current: boolean | number;
  deletedAt: string | null;
  createdAt: string;
  fileName: string;
  format: string;
  flags: FlagCounts;
  reviews: number;
  corrections: number;
}

export interface FlagCellView {
  key: string;
  value: number | null;
  expected?: number | null;
  label?: string;
}

export interface FlagDecision {
  state: 'confirmed' | 'dismissed';
  reason: string;
  author: string;
  at?: string;
  createdAt?: string;
}

export interface FlagView {
  id: number;
  rule: string;
  title: string;
  severity: Severity;
  message: string;
  reportId: number | null;
  organId: number | null;
  organ: string | null;
  countyId: number | null;
  county: string | null;
  year: number;
  cells: FlagCellView[];
  detail: Record<string, unknown>;
  state: FlagState;
  decision: FlagDecision | null;
  outdatedDecision: FlagDecision | boolean | null;
}

export interface CellView {
  key: string;
  parsed: number | null;
  value: number | null;
  review: string | null;
  line: number | null;
  corrected: boolean | number;
}

export interface ReviewView {
  key: string;
  section: string;
  row: string;
  column: string;
  reason: string;
  line: number | null;
}

export interface CorrectionView {
  id: number;
  key: string;
  value: number | null;
  reason: string;
  author: string;
  at: string;
}

export interface ReportDetail {
  report: Omit<ReportListRow, 'flags' | 'reviews' | 'corrections' | 'fileName' | 'format'> & {
    template: string;
    headings: { no: string; title: string; line: number | null }[];
    narrative: { overview: string | null; problems: string | null; other: string | null };
  };
  document: {
    id: number;
    fileName: string;
    format: string;
    extraction: string;
    size: number;
    receivedAt: string;
    via: string;
    url: string;
  };
  tables: Tables;
  parsedTables: Tables;
  cells: CellView[];
  review: ReviewView[];
  corrections: CorrectionView[];
  flags: FlagView[];
  text: string;
  history: { id: number; createdAt: string; current: boolean | number; deletedAt: string | null }[];
}

export interface FlagSummary {
  byRule: { rule: string; title: string; severity: Severity; count: number }[];
  byOrgan: { organId: number | null; organ: string | null; error: number; warning: number; info: number; total: number }[];
  matrix: { organId: number | null; organ: string | null; rule: string; count: number }[];
}

export interface CoverageRow {
  organId: number;
  organ: string;
  kind: string;
  countyId: number | null;
  county: string | null;
  inRegistry: boolean | number;
  reportId: number | null;
  status: 'reported' | 'late' | 'missing';
  published: string | null;
}

export type UploadOutcome = 'ingested' | 'unchanged' | 'replaced' | 'failed';

export interface UploadResult {
  file: string;
  outcome: UploadOutcome;
  needsReview: boolean;
  reportId: number | null;
  organ: string | null;
  county: string | null;
  year: number | null;
  reviewCount: number;
  reason: string | null;
}

export interface UploadResponse {
  results: UploadResult[];
  tally: { total: number; ingested: number; unchanged: number; replaced: number; needsReview: number; failed: number };
}

export interface CorrectionResponse {
  cell: CellView;
  correction: CorrectionView;
  flags: FlagView[];
}
