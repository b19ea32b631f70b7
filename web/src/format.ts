/** How numbers read on screen and paper. A blank (null) is never shown as 0. */
import { percentText } from '../../shared/metrics.ts';

const intFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

export const BLANK = '—';

export function fmtNumber(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? BLANK : intFormat.format(v);
}

/** A ratio in [0, 1] as a percentage with one decimal. */
export function fmtPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return BLANK;
  return percentText(ratio);
}

/** A signed change: +12, −3, 0; blank when either year is blank. */
export function fmtChange(delta: number | null | undefined): string {
  if (delta === null || delta === undefined || Number.isNaN(delta)) return BLANK;
  if (delta > 0) return `+${intFormat.format(delta)}`;
  if (delta < 0) return `−${intFormat.format(-delta)}`;
  return '0';
}

/** A relative change as a percentage (+12.5%), blank when the previous value is 0 or blank. */
export function fmtRelChange(current: number | null | undefined, previous: number | null | undefined): string {
  if (current == null || previous == null || previous === 0) return BLANK;
  const r = (current - previous) / previous;
  const s = `${(Math.abs(r) * 100).toFixed(1)}%`;
  return r > 0 ? `+${s}` : r < 0 ? `−${s}` : '0%';
}

/** ISO timestamp -> 2025-03-01 14:05 (local time), for histories and upload results. */
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return BLANK;
  const d = new Date(iso.includes('T') || iso.endsWith('Z') ? iso : `${iso.replace(' ', 'T')}Z`);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
