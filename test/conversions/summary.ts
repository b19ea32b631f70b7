/** The measured numbers as text: one row per pipeline, and examples of what went wrong. */
import type { Scored } from './evaluate.ts';
import { ratio, type Tally } from './score.ts';

const pct = (n: number, of: number) => `${(100 * ratio(n, of)).toFixed(1)}%`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

export function summaryTable(tallies: ReadonlyMap<string, Tally>): string {
  const rows = [['pipeline', 'reports', 'right', 'flagged', 'wrong', 'silent-null', 'organ', 'year', 'published', 'failed']];
  for (const [name, t] of tallies) {
    rows.push([
      name, String(t.reports), pct(t.counts.right, t.cells), pct(t.counts.flagged, t.cells), String(t.counts.wrong),
      String(t.counts['silent-null']), pct(t.organ, t.reports), pct(t.year, t.reports), pct(t.published, t.reports), String(t.failures),
    ]);
  }
  return table(rows);
}

const show = (s: string | null) => (s === null ? '—' : JSON.stringify(s.length > 160 ? `${s.slice(0, 160)}…` : s));

/**
 * Failures to parse, the first `max` wrong and silent-null cells (with their source line), the
 * commonest reasons for flagged cells (in reports that parsed), wrong organ/year/date.
 */
export function examples(scored: readonly Scored[], pipeline: string, max: number): string[] {
  const mine = scored.filter((s) => s.pipeline === pipeline);
  const out: string[] = [];
  for (const s of mine) if (s.score.error) out.push(`  FAILED ${s.report.id}: ${s.score.error.slice(0, 300)}`);
  for (const outcome of ['wrong', 'silent-null'] as const) {
    const cells = mine.flatMap((s) => s.score.cells.filter((c) => c.outcome === outcome).map((c) => ({ s, c })));
    for (const { s, c } of cells.slice(0, max)) {
      out.push(`  ${outcome} ${s.report.id} ${c.key}: expected ${c.expected ?? 'blank'}, got ${c.got ?? 'null'}; line ${c.line ?? '?'}: ${show(c.lineText)}`);
    }
    if (cells.length > max) out.push(`  … ${cells.length - max} more ${outcome}`);
  }
  const reasons = new Map<string, { n: number; example: string }>();
  for (const s of mine) {
    if (s.score.error) continue;
    for (const c of s.score.cells) {
      if (c.outcome !== 'flagged') continue;
      const reason = (c.reason ?? '').replace(/[“"][^”"]*[”"]/g, '“…”');
      const r = reasons.get(reason) ?? { n: 0, example: `${s.report.id} ${c.key} line ${c.line ?? '?'}: ${show(c.lineText)}` };
      r.n++;
      reasons.set(reason, r);
    }
  }
  for (const [reason, r] of [...reasons].sort((a, b) => b[1].n - a[1].n).slice(0, 3)) {
    out.push(`  flagged ×${r.n} ${reason}; e.g. ${r.example}`);
  }
  for (const s of mine) {
    if (s.score.error) continue;
    const { organ, year, published } = s.score;
    if (!organ.right) out.push(`  organ ${s.report.id}: expected ${organ.expected}, got ${organ.got}`);
    if (!year.right) out.push(`  year ${s.report.id}: expected ${year.expected}, got ${year.got}`);
    if (!published.right) out.push(`  published ${s.report.id} (date in ${s.report.dateStyle}): expected ${published.expected}, got ${published.got}`);
  }
  return out;
}
