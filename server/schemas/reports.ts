import type { Tables as TemplateTables } from '../../shared/template.ts';
import { Filters, FormatQuery, Limit, Nullable, NullableInt, NullableNumber, NullableString, Offset, Order, OrganKind, ReportStatus, Table, Type } from './common.ts';
import { FlagView } from './flags.ts';

export const ReportsQuery = Type.Object({
  county: Type.Optional(Type.Integer({ minimum: 1 })), organ: Type.Optional(Type.Integer({ minimum: 1 })),
  year: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100 })),
  status: Type.Optional(ReportStatus),
  flagged: Type.Optional(Type.Boolean()), q: Type.Optional(Type.String({ maxLength: 50 })),
  deleted: Type.Optional(Type.Boolean({ description: 'true: the hidden (deleted) reports instead' })),
  unknownCounty: Type.Optional(Type.Boolean({ description: 'true: only reports whose county is unknown (not printed, not given)' })),
  filter: Filters, sort: Type.Optional(Type.String({ maxLength: 100, description: 'year, organ, county, published, flags, reviews, created, id or a metric' })),
  order: Order, limit: Limit(), offset: Offset, format: FormatQuery,
});

const FlagCounts = Type.Object({ error: Type.Integer(), warning: Type.Integer(), info: Type.Integer(), total: Type.Integer() });
export const ReportRow = Type.Object({
  id: Type.Integer(), organId: Type.Integer(), organ: Type.String(), organPrinted: Type.String(), countyId: NullableInt, county: NullableString,
  year: Type.Integer(), status: ReportStatus, published: NullableString, current: Type.Boolean(), deletedAt: NullableString, createdAt: Type.String(),
  fileName: Type.String(), format: Type.String(), flags: FlagCounts, reviews: Type.Integer(), corrections: Type.Integer(),
});
export const ReportsResponse = Type.Object({ rows: Type.Array(ReportRow), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

/** The three tables in the template's shape (typed as the template's `Tables`). */
export const Tables = Type.Unsafe<TemplateTables>(Type.Object({ active: Table, requests: Table, appeals: Table }));
export const CellView = Type.Object({
  key: Type.String(), parsed: NullableNumber, value: NullableNumber, review: NullableString, line: NullableInt, corrected: Type.Boolean(),
});
export const CorrectionView = Type.Object({ id: Type.Integer(), key: Type.String(), value: NullableNumber, reason: Type.String(), author: Type.String(), at: Type.String() });

/** What a person did to a version and why (report_action). */
export const ReportActionView = Type.Object({
  id: Type.Integer(), reportId: Type.Integer(), action: Type.Union([Type.Literal('delete'), Type.Literal('undelete'), Type.Literal('restore'), Type.Literal('move')]),
  reason: Type.String(), author: Type.String(), detail: Nullable(Type.Record(Type.String(), Type.Unknown())), at: Type.String(),
});
/** One version of an organ-year: in force (`current` and not deleted), replaced, or deleted. */
export const VersionView = Type.Object({
  id: Type.Integer(), createdAt: Type.String(), current: Type.Boolean(), deletedAt: NullableString,
  state: Type.Union([Type.Literal('in_force'), Type.Literal('replaced'), Type.Literal('deleted')]),
  status: Type.String(), countyId: NullableInt, county: NullableString, fileName: Type.String(), via: Type.String(),
  actions: Type.Array(ReportActionView, { description: 'newest first' }),
});

/** The report of the detail page: every field of a list row (docs/api.md says so), plus what only one report shows. */
export const ReportHead = Type.Object({
  ...ReportRow.properties,
  kind: OrganKind, publishedSource: NullableString, template: Type.String(),
  headings: Type.Array(Type.Object({ no: Type.String(), title: Type.String(), line: Type.Integer() }, { additionalProperties: true })),
  narrative: Type.Object({ overview: NullableString, problems: NullableString, other: NullableString }),
});

/** Where a scan's number was read (server/report/readers/ocr CellSource): its page, its box in that page's pixels, what OCR read. */
export const ScanCellSource = Type.Object({
  page: Type.Integer({ description: '1-based page of the file' }),
  box: Type.Object({ x: Type.Number(), y: Type.Number(), w: Type.Number(), h: Type.Number() }, { description: 'pixels of the page as read (width × height)' }),
  read: Type.String({ description: 'the text OCR read in the cell' }),
  conf: Type.Number({ description: 'the lowest word confidence, 0–100' }),
});
/** A page of a scan read by OCR: its size as read, and its image for the browser. */
export const ScanPageView = Type.Object({
  page: Type.Integer(), width: Type.Integer(), height: Type.Integer(), dpi: Type.Integer(),
  blank: Type.Boolean(), failed: NullableString,
  url: Type.String({ description: 'GET: the page as PNG' }),
  scale: Type.Number({ description: 'image pixels per box pixel (the image is imageWidth × imageHeight)' }),
  imageWidth: Type.Integer(), imageHeight: Type.Integer(),
});
export const ScanView = Type.Object({
  pages: Type.Array(ScanPageView, { description: 'the pages read by OCR, in order (a mixed PDF’s text pages are not among them)' }),
  cells: Type.Record(Type.String(), ScanCellSource, { description: 'cell key -> where its number was read; cells OCR did not read are absent' }),
});

export const ReportDetail = Type.Object({
  report: ReportHead,
  document: Type.Object({
    id: Type.Integer(), fileName: Type.String(), format: Type.String(), extraction: Type.String(), size: Type.Integer(),
    receivedAt: Type.String(), via: Type.String(), url: Type.String(),
  }),
  /** The scanned file attached to a report typed in by hand (手工录入), or null. */
  attachment: Nullable(Type.Object({ fileName: Type.String(), size: Type.Integer(), url: Type.String() })),
  /** The original was a scan read by OCR: its pages and where each cell was read; null otherwise. */
  scan: Nullable(ScanView),
  tables: Tables, parsedTables: Tables,
  cells: Type.Array(CellView),
  review: Type.Array(Type.Object({ key: Type.String(), section: Type.String(), row: Type.String(), column: Type.String(), reason: Type.String(), line: NullableInt })),
  corrections: Type.Array(CorrectionView),
  flags: Type.Array(FlagView),
  text: Type.String(),
  history: Type.Array(VersionView, { description: 'every version of the organ-year, this one included, newest first' }),
});

export const CellsResponse = Type.Object({
  rows: Type.Array(Type.Intersect([CellView, Type.Object({ sectionLabel: Type.String(), rowLabel: Type.String(), columnLabel: Type.String() })])),
  total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
});

export const CorrectionBody = Type.Object({
  key: Type.String({ maxLength: 100, description: 'template cell key, e.g. requests.new.total' }),
  // `nullable`, not a union with null: the app validates with coerceTypes, and ajv would turn null into 0.
  value: Nullable(Type.Number({ minimum: -1e12, maximum: 1e12 })),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  author: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});
export const CorrectionResult = Type.Object({ cell: CellView, correction: CorrectionView, flags: Type.Array(FlagView), status: ReportStatus });
export const CorrectionsQuery = Type.Object({ key: Type.Optional(Type.String({ maxLength: 100 })), format: FormatQuery });
export const CorrectionsResponse = Type.Object({ rows: Type.Array(CorrectionView), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
export const DeleteQuery = Type.Object({
  reason: Type.Optional(Type.String({ maxLength: 2000, description: 'why (kept in the report history)' })),
  author: Type.Optional(Type.String({ maxLength: 100 })),
});
export const VersionActionBody = Type.Object({
  reason: Type.Optional(Type.String({ maxLength: 2000, description: 'why (kept in the report history); required to make a version current' })),
  author: Type.Optional(Type.String({ maxLength: 100 })),
});
export const MoveBody = Type.Object({
  county: Type.Integer({ minimum: 1, description: 'the county to move to' }),
  reason: Type.String({ maxLength: 2000 }), author: Type.Optional(Type.String({ maxLength: 100 })),
});
export const MadeCurrentResult = Type.Object({
  id: Type.Integer(), replaced: Type.Array(Type.Integer(), { description: 'versions in force before, now history' }),
  note: Type.Union([Type.String(), Type.Null()], { description: 'corrections and decisions of the replaced versions that do not hold on this one' }),
});
export const MoveResult = Type.Object({
  ids: Type.Array(Type.Integer(), { description: 'the versions moved' }), countyId: Type.Integer(), county: Type.String(), organId: Type.Integer(),
  replaced: Type.Array(Type.Integer(), { description: 'versions in force in the target organ-year, now history' }),
});
/** A version as a clerk names it: 第 no 版, its file. */
export const VersionRef = Type.Object({
  id: Type.Integer(), no: Type.Integer({ description: 'its number in the organ-year’s history, 1 = first upload' }), fileName: Type.String(),
  via: Type.String(), createdAt: Type.String(),
});
export const DeleteResult = Type.Object({
  id: Type.Integer(), deletedAt: NullableString,
  inForce: Type.Union([VersionRef, Type.Null()], { description: 'the version in force of the organ-year after the action; null when none' }),
  reinstated: NullableInt, replaced: Type.Array(Type.Integer(), { description: 'versions in force before the action, not now' }),
  message: Type.String({ description: 'the outcome in words, naming the version in force' }),
});
export const MoveOrganBody = Type.Object({
  organ: Type.Integer({ minimum: 1, description: 'the organ to move to (same county)' }),
  reason: Type.String({ maxLength: 2000 }), author: Type.Optional(Type.String({ maxLength: 100 })),
});
export const MoveOrganResult = Type.Object({
  id: Type.Integer(), year: Type.Integer(), organId: Type.Integer(), organ: Type.String(), countyId: NullableInt, county: NullableString,
  fromOrganId: Type.Integer(), fromOrgan: Type.String(),
  inForce: Type.Boolean({ description: 'the report is the version in force under its new organ' }),
  replaced: Type.Array(Type.Integer(), { description: 'versions in force in the target organ-year, now history' }),
  targetInForce: Type.Union([VersionRef, Type.Null()]),
  reinstated: Type.Union([Type.Integer(), Type.Null()], { description: 'the version of the organ-year it left that is in force again' }),
  sourceInForce: Type.Union([VersionRef, Type.Null()]),
  message: Type.String(),
});
export { Filters };

export const CarryOverBody = Type.Object({
  corrections: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500, description: 'cell keys to carry over; all when absent' })),
  decisions: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500, description: 'rule ids whose decisions to carry over; all when absent' })),
});
const CarryCorrection = Type.Object({
  key: Type.String(), cell: Type.String(), value: NullableNumber, current: NullableNumber, reason: Type.String(), author: Type.String(),
  why: Type.Optional(Type.String()),
});
const CarryDecision = Type.Object({
  rule: Type.String(), title: Type.String(), state: Type.Union([Type.Literal('confirmed'), Type.Literal('dismissed')]), message: Type.String(),
  reason: Type.String(), author: Type.String(), why: Type.Optional(Type.String()),
});
const CarryLists = Type.Object({ corrections: Type.Array(CarryCorrection), decisions: Type.Array(CarryDecision) });
export const CarryOverResult = Type.Object({ reportId: Type.Integer(), fromReportId: NullableInt, carried: CarryLists, notCarried: CarryLists });

export const UndoBody = Type.Object({
  reason: Type.Optional(Type.String({ maxLength: 2000, description: 'why (kept in the history)' })), author: Type.Optional(Type.String({ maxLength: 100 })),
});
export const UndoCorrectionResult = Type.Object({
  correctionId: Type.Integer({ description: 'the new correction that undoes it' }), key: Type.String(), value: NullableNumber,
});
