/**
 * One colour per meaning, used by every chart, badge and legend, so "denied" is the same red
 * on 总览, 乡镇对比 and 报告详情.
 */
import type { AppealResult, OutcomeCategory } from './categories.ts';

export const OUTCOME_COLORS: Record<OutcomeCategory, string> = {
  granted: '#2e7d32',
  partial: '#8bc34a',
  denied: '#c62828',
  unable: '#ef6c00',
  rejected: '#78909c',
  other: '#8e24aa',
};

export const APPEAL_COLORS: Record<AppealResult, string> = {
  upheld: '#1565c0',
  corrected: '#c62828',
  other: '#9e9e9e',
  pending: '#f9a825',
};

export type SeverityKey = 'error' | 'warning' | 'info';
export const SEVERITY_COLORS: Record<SeverityKey, string> = {
  error: '#c62828',
  warning: '#ef6c00',
  info: '#1565c0',
};

export type UploadOutcomeKey = 'ingested' | 'unchanged' | 'replaced' | 'needs_review' | 'replaced_review' | 'failed' | 'pending' | 'uploading';
export const UPLOAD_COLORS: Record<UploadOutcomeKey, string> = {
  ingested: '#2e7d32',
  unchanged: '#78909c',
  replaced: '#1565c0',
  needs_review: '#ef6c00',
  replaced_review: '#ef6c00',
  failed: '#c62828',
  pending: '#9e9e9e',
  uploading: '#1565c0',
};

/** Applicant types and other unordered series: a qualitative palette that avoids the outcome reds. */
export const SERIES_PALETTE = ['#1565c0', '#00897b', '#6d4c41', '#5e35b1', '#f9a825', '#546e7a', '#d81b60', '#43a047'];

/** Main metric colour (new requests, totals). */
export const PRIMARY = '#1565c0';

/** Heatmaps: white to deep blue for counts; flags use white to red. */
export const HEAT_BLUE = ['#e3f2fd', '#90caf9', '#1e88e5', '#0d47a1'];
/** Flags: a count of 1 already matters, so the low end is a visible pink, not white. */
export const HEAT_RED = ['#ffcdd2', '#ef9a9a', '#e53935', '#b71c1c'];
