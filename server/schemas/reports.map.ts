/**
 * Mappers from stored rows to the reports API's shapes, beside their schemas (reports.ts): each
 * returns `Static<typeof Schema>`, so a field the schema lacks or mistypes fails to compile here,
 * not in the serialiser.
 */
import type { StoredCell } from '../repositories/cells.repository.ts';
import type { CorrectionRow } from '../repositories/corrections.repository.ts';
import { parseScan } from '../repositories/documents.repository.ts';
import type { reportRecord } from '../repositories/report-read.repository.ts';
import { pageImageScale } from '../report/readers/scan-page.ts';
import type { ReportActionRow, VersionRow } from '../repositories/versions.repository.ts';
import { CELLS, cellDef, emptyTables, setCell } from '../../shared/template.ts';
import type { Tables } from '../../shared/template.ts';
import type { Static } from './common.ts';
import type { FlagView } from './flags.ts';
import type { CellView, ReportDetail, ScanView } from './reports.ts';

type Flag = Static<typeof FlagView>;

type StoredReport = NonNullable<Awaited<ReturnType<typeof reportRecord>>>;

export function toCellView(c: StoredCell): Static<typeof CellView> {
  return { key: c.key, parsed: c.parsed, value: c.value, review: c.review, line: c.line, corrected: c.corrected === 1 };
}

/**
 * Flags that count (not dismissed), by severity: a report's own counts, as its list row counts
 * them in SQL (`notDismissed` in repositories/flags.repository.ts); the state is the review
 * workflow's (flags/review.ts).
 */
export function countNotDismissed(flags: readonly Pick<Flag, 'severity' | 'state'>[]): Static<typeof ReportDetail>['report']['flags'] {
  const n = { error: 0, warning: 0, info: 0, total: 0 };
  for (const f of flags) {
    if (f.state === 'dismissed') continue;
    n[f.severity] += 1;
    n.total += 1;
  }
  return n;
}

function headingsOf(text: string): Static<typeof ReportDetail>['report']['headings'] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as { no: string; title: string; line: number }[]) : [];
  } catch {
    return [];
  }
}

/** The three tables from a report's stored cells: the values in force, or as parsed (a cell not stored is blank). */
export function tablesOfCells(cells: readonly StoredCell[], which: 'value' | 'parsed'): Tables {
  const tables = emptyTables();
  const byKey = new Map(cells.map((c) => [c.key, c]));
  for (const def of CELLS) setCell(tables, def, byKey.get(def.key)?.[which] ?? null);
  return tables;
}

/** A scan's provenance as the 原文 panel reads it: each page's size and image URL, each cell's source. */
export function toScanView(documentId: number, json: string | null): Static<typeof ScanView> | null {
  const scan = parseScan(json);
  if (!scan) return null;
  return {
    pages: scan.pages.map((p) => {
      const scale = pageImageScale(p.width);
      return {
        page: p.page, width: p.width, height: p.height, dpi: p.dpi, blank: p.blank, failed: p.failed,
        url: `/api/documents/${documentId}/pages/${p.page}.png`,
        // As sharp's resize(width) makes it: the height keeps the aspect ratio, rounded.
        scale, imageWidth: Math.round(p.width * scale), imageHeight: Math.round((p.height * Math.round(p.width * scale)) / p.width),
      };
    }),
    cells: scan.cells,
  };
}

/** One report as the detail page reads it: values in force and as parsed, in template order; review; flags; history. */
export function toReportDetail(
  r: StoredReport,
  parts: {
    cells: readonly StoredCell[]; corrections: CorrectionRow[]; flags: Flag[]; history: readonly VersionRow[]; actions: readonly ReportActionRow[];
    attachment?: { fileName: string; size: number } | undefined;
  },
): Static<typeof ReportDetail> {
  const tables = tablesOfCells(parts.cells, 'value');
  const parsedTables = tablesOfCells(parts.cells, 'parsed');
  const byKey = new Map(parts.cells.map((c) => [c.key, c]));
  const ordered = CELLS.map((d) => byKey.get(d.key)).filter((c) => c !== undefined);
  const review = ordered.filter((c) => c.review !== null && c.corrected === 0).map((c) => {
    const d = cellDef(c.key)!;
    return { key: c.key, section: d.section, row: d.row, column: d.column, reason: c.review!, line: c.line };
  });
  return {
    report: {
      id: r.id, organId: r.organ_id, organ: r.organ, kind: r.kind, organPrinted: r.organ_printed, countyId: r.county_id, county: r.county,
      year: r.year, status: r.status, published: r.published, publishedSource: r.published_source, template: r.template,
      current: r.current === 1, deletedAt: r.deleted_at, createdAt: r.created_at, headings: headingsOf(r.headings),
      narrative: { overview: r.overview, problems: r.problems, other: r.other },
      // The list row's counts, counted the way the list counts them (dismissed flags do not count).
      fileName: r.file_name, format: r.format, flags: countNotDismissed(parts.flags), reviews: review.length, corrections: parts.corrections.length,
    },
    document: {
      id: r.document_id, fileName: r.file_name, format: r.format, extraction: r.extraction, size: r.size,
      receivedAt: r.received_at, via: r.received_via, url: `/api/reports/${r.id}/original`,
    },
    attachment: parts.attachment ? { ...parts.attachment, url: `/api/reports/${r.id}/attachment` } : null,
    scan: toScanView(r.document_id, r.scan),
    tables, parsedTables,
    cells: ordered.map(toCellView),
    review,
    corrections: parts.corrections, flags: parts.flags, text: r.text,
    history: parts.history.map((h) => ({
      ...h, state: h.deletedAt ? 'deleted' as const : h.current ? 'in_force' as const : 'replaced' as const,
      actions: parts.actions.filter((a) => a.reportId === h.id),
    })),
  };
}
