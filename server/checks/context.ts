/** Building the context a rule reads, from a parsed record (CLI, tests) — the database path is in flags.repository.ts. */
import type { OrganKind } from '../../db/schema.ts';
import { cellKey } from '../report/template.ts';
import type { ReportRecord, ReviewEntry } from '../report/template.ts';
import type { CheckContext } from './types.ts';

/**
 * A best guess of the organ's kind from its printed name, for checking a lone file with no
 * registry at hand. The registry's kind wins whenever the report is in the database.
 */
export function guessOrganKind(name: string): OrganKind {
  const n = name.replace(/\s+/g, '');
  if (/街道(办事处)?$/.test(n)) return 'street';
  if (/[镇乡](人民政府)?$/.test(n)) return 'township';
  if (/[县市区旗]人民政府$/.test(n) && !/(办公室|局|委员会)$/.test(n)) return 'county_government';
  if (/(局|委员会|办公室|中心|委|办|所|队|院|站|馆)$/.test(n)) return 'department';
  return 'unknown';
}

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
    organKind: place.organKind ?? guessOrganKind(record.organ),
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
