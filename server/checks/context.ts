/** Building the context a rule reads, from a parsed record (CLI, tests) — the database path is in repositories/flags.repository.ts. */
import { parseOrganName } from '../../shared/organ-names.ts';
import { cellKey } from '../../shared/template.ts';
import type { ReportRecord, ReviewEntry } from '../../shared/template.ts';
import type { CheckContext } from './types.ts';

/**
 * The context of a parsed record. Without `place.organKind` (a lone file, no registry at hand)
 * the organ's kind is read from its printed name the way ingest reads it (`parseOrganName`), so
 * `npm run check` and ingest agree; the registry's kind wins once the report is in the database.
 */
export function contextFromRecord(
  record: ReportRecord,
  review: readonly ReviewEntry[] = [],
  place: Partial<Pick<CheckContext, 'reportId' | 'organId' | 'countyId' | 'organKind'>> = {},
): CheckContext {
  return {
    reportId: place.reportId ?? null,
    organId: place.organId ?? null,
    countyId: place.countyId ?? null,
    organ: record.organ,
    organKind: place.organKind ?? parseOrganName(record.organ).kind,
    year: record.year,
    published: record.published,
    publishedSource: record.published_source,
    template: record.template,
    headings: record.headings,
    narrative: record.narrative,
    tables: { active: record.active, requests: record.requests, appeals: record.appeals },
    review: review.map((r) => ({ key: cellKey(r), reason: r.reason, line: r.line })),
  };
}
