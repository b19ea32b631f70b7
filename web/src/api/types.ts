/**
 * Response shapes of the HTTP API, derived from the TypeBox schemas the server validates and
 * serialises with (server/schemas/*): the contract lives there, once. Type-only imports: none of
 * this reaches the bundle (`verbatimModuleSyntax` would keep a value import; there is none).
 */
import type * as AggregateSchemas from '../../../server/schemas/aggregates.ts';
import type * as Common from '../../../server/schemas/common.ts';
import type { Static } from '../../../server/schemas/common.ts';
import type * as Flags from '../../../server/schemas/flags.ts';
import type * as MetaSchemas from '../../../server/schemas/meta.ts';
import type * as Organs from '../../../server/schemas/organs.ts';
import type * as Reports from '../../../server/schemas/reports.ts';
import type * as Uploads from '../../../server/schemas/uploads.ts';

export type { OrganKind } from '../../../shared/enums.ts';

export type MetricValues = Static<typeof Common.Values>;
export type Severity = Static<typeof Common.Severity>;
export type FlagState = Static<typeof Common.FlagState>;
export type ReportStatus = Static<typeof Common.ReportStatus>;

export interface ListResponse<T> {
  rows: T[];
  total: number;
  limit: number;
  offset: number;
}

export type Meta = Static<typeof MetaSchemas.MetaResponse>;
export type RuleInfo = Static<typeof MetaSchemas.RuleRow>;
export type County = Static<typeof Organs.CountyRow>;
export type Organ = Static<typeof Organs.OrganRow>;
export type OrganDetail = Static<typeof Organs.OrganDetail>;

export type MetricInfo = Static<typeof AggregateSchemas.MetricRef>;
export type AggregateRow = Static<typeof AggregateSchemas.AggregateRow>;
export type Aggregates = Static<typeof AggregateSchemas.AggregatesResponse>;
export type CountyTotal = Static<typeof AggregateSchemas.TotalResponse>;
export type Trends = Static<typeof AggregateSchemas.TrendsResponse>;
export type TrendRow = Trends['rows'][number];
export type Compare = Static<typeof AggregateSchemas.CompareResponse>;
export type CompareRow = Compare['rows'][number];
export type CompareCell = CompareRow['cells'][number];

export type ReportListRow = Static<typeof Reports.ReportRow>;
export type FlagCounts = ReportListRow['flags'];
export type ReportDetail = Static<typeof Reports.ReportDetail>;
export type CellView = Static<typeof Reports.CellView>;
export type ReviewView = ReportDetail['review'][number];
export type CorrectionView = Static<typeof Reports.CorrectionView>;
export type CorrectionResponse = Static<typeof Reports.CorrectionResult>;
export type CarryOver = Static<typeof Reports.CarryOverResult>;
export type CarryOverBody = Static<typeof Reports.CarryOverBody>;

export type FlagView = Static<typeof Flags.FlagView>;
export type FlagCellView = FlagView['cells'][number];
export type FlagDecision = NonNullable<FlagView['decision']>;
export type FlagSummary = Static<typeof Flags.FlagSummaryResponse>;
export type CoverageRow = Static<typeof Flags.CoverageRow>;

export type UploadResult = Static<typeof Uploads.UploadResult>;
export type UploadOutcome = UploadResult['outcome'];
export type UploadResponse = Static<typeof Uploads.UploadResponse>;
export type UploadLogEntry = Static<typeof Uploads.UploadLogEntry>;
