/**
 * What the ingest CLI prints: a one-line progress bar on a terminal, one plain line per file in
 * CI or a pipe, and the summary at the end. Pure formatting; the script decides where it goes.
 */
import type { IngestTally } from './batch.ts';
import type { IngestResult } from './ingest.ts';

const OUTCOME_ZH: Record<IngestResult['outcome'], string> = {
  ingested: '已导入', unchanged: '未变化', replaced: '已替换', failed: '失败',
};

/** One plain line per file: outcome, organ and year (or the reason), file. */
export function resultLine(r: IngestResult): string {
  if (r.outcome === 'failed') return `失败    ${r.file}\n        ${r.reason ?? ''}`;
  const what = [r.county ?? '县区未知', r.organ ?? '', r.year ? `${r.year}年` : ''].filter(Boolean).join(' ');
  const review = r.needsReview ? `，${r.reviewCount} 处待核对` : '';
  const moved = r.reassigned ? '（此前记为“县区未知”，现归入指定县区）' : '';
  const restored = r.restored ? '（旧版本已恢复为当前版本，原当前版本保留为历史）' : '';
  const line = `${r.restored ? '已恢复' : OUTCOME_ZH[r.outcome]}  ${what}${review}${moved}${restored}  ${r.file}`;
  // The replaced version's corrections and decisions that no longer hold: the last note of the reason.
  return r.superseded ? `${line}\n        ${r.reason?.split('\n').at(-1) ?? ''}` : line;
}

/** The progress bar line: bar, done/total, rate, current file (cut to the terminal width). */
export function progressLine(done: number, total: number, startedMs: number, nowMs: number, current: string, width = 100): string {
  const barWidth = 24;
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * barWidth);
  const seconds = Math.max(0.001, (nowMs - startedMs) / 1000);
  const rate = done / seconds;
  const head = `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}] ${done}/${total}  ${rate.toFixed(rate < 10 ? 1 : 0)} 个/秒  `;
  const room = Math.max(10, width - displayLength(head) - 1);
  return head + cutLeft(current, room);
}

function displayLength(s: string): number {
  let n = 0;
  for (const ch of s) n += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return n;
}

function cutLeft(s: string, room: number): string {
  if (displayLength(s) <= room) return s;
  const chars = [...s];
  let out = '';
  for (let i = chars.length - 1; i >= 0 && displayLength(`…${chars[i]}${out}`) <= room; i--) out = chars[i] + out;
  return `…${out}`;
}

export function summaryText(t: IngestTally, seconds: number): string {
  const lines = [
    `共处理 ${t.total} 个文件，用时 ${seconds.toFixed(1)} 秒：`,
    `  新导入   ${t.ingested}`,
    `  未变化   ${t.unchanged}（同样的文件已导入过）`,
    `  已替换   ${t.replaced}（同一机关同一年度的新报告，旧报告保留为历史版本）`,
    `  待核对   ${t.needsReview}（有数字无法确定，请在“待核对”页面查看）`,
    `  失败     ${t.failed}`,
  ];
  if (t.reassigned) lines.push(`  其中 ${t.reassigned} 份此前已导入但记为“县区未知”，这次按指定的县（区）归入。`);
  if (t.unknownCounty) lines.push(`  注意：${t.unknownCounty} 份报告读不出所属县（区），已记为“县区未知”；请用 --county 指定。`);
  if (t.failures.length) {
    lines.push('', '失败的文件：');
    for (const f of t.failures) lines.push(`  ${f.file}`, `    ${f.reason}`);
  }
  return lines.join('\n');
}
