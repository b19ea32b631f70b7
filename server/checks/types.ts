/**
 * The shapes every rule shares: what a rule reads (a context) and what it returns (flags).
 * Rules are pure functions; loading contexts and storing flags happen elsewhere.
 */
import type { OrganKind, Severity } from '../../db/schema.ts';
import type { NarrativeKey, ReportRecord, SectionNo, Tables } from '../../shared/template.ts';
import type { RuleId } from './registry.ts';

export type { Severity };

/** A cell the parser could not read with certainty (or that a person still has to look at). */
export interface ReviewCell {
  key: string;
  reason: string;
  line: number | null;
}

/** One report as the rules see it: the values in force and everything printed around them. */
export interface CheckContext {
  /** null when checking a file that is not in the database. */
  reportId: number | null;
  organId: number | null;
  countyId: number | null;
  /** The organ as printed in the report title. */
  organ: string;
  organKind: OrganKind;
  year: number;
  published: string | null;
  publishedSource: ReportRecord['published_source'] | string | null;
  template: string;
  headings: { no: SectionNo | string; title: string; line: number | null }[];
  narrative: Record<NarrativeKey, string | null>;
  tables: Tables;
  review: ReviewCell[];
}

/** A cell and its numbers, as shown with a flag. */
export interface FlagCell {
  key: string;
  /** The cell's Chinese label (from template.ts), for display without a lookup. */
  label: string;
  /** The printed value (null: blank or unreadable). */
  value: number | null;
  /** What the rule expected, when it computed one. */
  expected?: number | null;
}

/** What a rule returns. */
export interface RuleFlag {
  rule: RuleId;
  severity: Severity;
  /** Chinese, understandable by a clerk who has never read the issue. */
  message: string;
  cells: FlagCell[];
  /** Rule-specific details (matched report, similarity, dates, …). */
  detail: Record<string, unknown>;
  /**
   * What the flag is about beyond rule, organ and year (a row, a column, a matched organ):
   * part of the stable identity. Defaults to the sorted cell keys.
   */
  subject?: string;
  /**
   * The facts a reviewer's decision rests on, beyond the cells' numbers (a date, a
   * similarity): when they change the decision no longer holds.
   */
  basis?: unknown;
}

/** A flag placed on an organ and year: ready to be stored. */
export interface PlacedFlag extends RuleFlag {
  identity: string;
  fingerprint: string;
  reportId: number | null;
  organId: number | null;
  countyId: number | null;
  year: number;
}

/** One current report of a county-year, as the county-wide rules need it (kept small). */
export interface CountyReport {
  reportId: number;
  organId: number;
  organ: string;
  organKind: OrganKind;
  problems: string | null;
  /** Only the cells the outlier rule watches. */
  values: Record<string, number | null>;
}

/** An organ the county's registry lists. */
export interface RegistryOrgan {
  organId: number;
  name: string;
  kind: OrganKind;
}

/** A flag a county-wide rule raises on one organ (and its report, when it has one). */
export interface TargetedFlag extends RuleFlag {
  organId: number;
  reportId: number | null;
}
