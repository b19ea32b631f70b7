/**
 * Running the rules and giving each flag its stable identity and fingerprint.
 *
 * identity = rule + organ + year + subject (a row, a column, a matched organ): it does not
 * name the report, so a replaced or re-ingested report keeps its flags' identities and a
 * reviewer's decision carries over. fingerprint = hash of the numbers the flag is about:
 * a decision holds only while they are unchanged.
 */
import { hash } from 'node:crypto';
import { arithmeticRules } from './arithmetic.ts';
import { cellValues } from './cells.ts';
import type { CellValues } from './cells.ts';
import { completenessRules } from './completeness.ts';
import { DEFAULT_CONFIG } from './config.ts';
import type { CheckConfig } from './config.ts';
import { continuityRules } from './continuity.ts';
import { copiedFromPreviousYear } from './copied.ts';
import { narrativeRules } from './narrative.ts';
import { historyOutliers } from './outliers.ts';
import { RULES } from './registry.ts';
import { riskRules } from './risk.ts';
import { timelinessRules } from './timeliness.ts';
import type { CheckContext, PlacedFlag, RuleFlag } from './types.ts';

/** A per-report rule; those that read many cells take the report's CellValues, built once per run. */
type ReportRule = (ctx: CheckContext, config: CheckConfig, values: CellValues) => RuleFlag[];
type OrganRule = (ctx: CheckContext, prev: CheckContext | null, config: CheckConfig) => RuleFlag[];

const REPORT_RULES: ReportRule[] = [...arithmeticRules, ...completenessRules, ...timelinessRules, ...narrativeRules, ...riskRules];
const ORGAN_RULES: OrganRule[] = [...continuityRules, copiedFromPreviousYear, historyOutliers];

/** A county may raise or lower a rule's severity; the default is the registry's. */
export function withSeverity<F extends RuleFlag>(flags: F[], config: CheckConfig): F[] {
  return flags.map((f) => ({ ...f, severity: config.severities?.[f.rule] ?? RULES[f.rule].severity }));
}

/** Flags of one report on its own (no database, no other report). */
export function checkReport(ctx: CheckContext, config: CheckConfig = DEFAULT_CONFIG): RuleFlag[] {
  const values = cellValues(ctx.tables);
  return withSeverity(REPORT_RULES.flatMap((rule) => rule(ctx, config, values)), config);
}

/** Flags that compare a report with the same organ's previous year. */
export function checkAgainstPrevious(ctx: CheckContext, prev: CheckContext | null, config: CheckConfig = DEFAULT_CONFIG): RuleFlag[] {
  return withSeverity(ORGAN_RULES.flatMap((rule) => rule(ctx, prev, config)), config);
}

function sha1(s: string): string {
  // One-shot: no Hash object per flag.
  return hash('sha1', s, 'hex').slice(0, 20);
}

export interface Placement {
  /** The organ's id, or (outside the database) its printed name. */
  organ: number | string | null;
  organId: number | null;
  countyId: number | null;
  reportId: number | null;
  year: number;
}

export function identityOf(flag: RuleFlag, place: Pick<Placement, 'organ' | 'year'>): string {
  const subject = flag.subject ?? flag.cells.map((c) => c.key).sort().join(',');
  return `${flag.rule}|${place.organ ?? '-'}|${place.year}|${subject}`;
}

export function fingerprintOf(flag: RuleFlag): string {
  return sha1(JSON.stringify([flag.cells.map((c) => [c.key, c.value, c.expected ?? null]), flag.basis ?? null]));
}

/** Identity and fingerprint; of flags sharing an identity only the first is kept. */
export function place(flags: readonly RuleFlag[], at: Placement): PlacedFlag[] {
  const seen = new Set<string>();
  const out: PlacedFlag[] = [];
  for (const f of flags) {
    const identity = identityOf(f, at);
    if (seen.has(identity)) continue;
    seen.add(identity);
    // Spelled out rather than spread: flags of every rule come through here, and a spread of
    // objects of many shapes takes V8's slowest path.
    out.push({
      rule: f.rule, severity: f.severity, message: f.message, cells: f.cells, detail: f.detail, subject: f.subject, basis: f.basis,
      identity, fingerprint: fingerprintOf(f), reportId: at.reportId, organId: at.organId, countyId: at.countyId, year: at.year,
    });
  }
  return out;
}
