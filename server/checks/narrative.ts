/**
 * Numbers stated in 总体情况 against the tables. Only a few unmistakable phrasings are read
 * (“收到政府信息公开申请21件”, “政府信息公开行政复议1件”, “行政许可550件”); anything else is
 * left alone, because a wrong flag here would accuse a correct report.
 */
import { cellDef } from '../../shared/template.ts';
import type { Value } from '../../shared/template.ts';
import { flagCell, fmt, sameNumber, valueOf } from './cells.ts';
import { RULES } from './registry.ts';
import type { CheckContext, FlagCell, RuleFlag } from './types.ts';

/** Whitespace out (PDF text spaces digits and characters), full-width digits to ASCII. */
export function normaliseProse(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .replace(/(\d)[,，](?=\d{3}(?!\d))/g, '$1');
}

interface Mention {
  /** The cells the number is compared with: their sum must equal it. */
  keys: string[];
  /** Other sums that also count as agreeing (e.g. new + carried over). */
  alsoAccept?: string[][];
  number: number;
  quote: string;
  what: string;
}

const UNIT = '(?:件|个|条|份|起|宗)';
const REQUESTS = new RegExp(`(?:收到|受理|新收|接收)[^。；，,、\\d]{0,10}?(?:政府信息公开|依申请公开)(?:申请)?(?:共计|合计|共)?(\\d+)${UNIT}`, 'g');
const ACTIVE = new RegExp(`行政(许可|处罚|强制)(?:决定|案件)?(?:共计|合计|共)?(\\d+)${UNIT}`, 'g');
const REVIEW = new RegExp(`行政复议(?:案件|申请)?(?:共计|合计|共)?(\\d+)${UNIT}`, 'g');
const LITIGATION = new RegExp(`行政诉讼(?:案件)?(?:共计|合计|共)?(\\d+)${UNIT}`, 'g');
const ACTIVE_KEY: Record<string, string> = { 许可: 'licensing', 处罚: 'punishment', 强制: 'enforcement' };

/** The phrase as printed (whitespace removed), widened to the 政府信息公开 it depends on. */
function quoteAround(sentence: string, index: number, length: number, from = index): string {
  return sentence.slice(Math.min(from, index), index + length);
}

/**
 * Every match of a global pattern, as `matchAll` gives them, without the copy of the pattern
 * `matchAll` makes on each call (several per sentence, every report).
 */
function matchesOf(pattern: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) out.push(m);
  return out;
}

export function findMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  for (const sentence of normaliseProse(text).split(/[。；;！!？?]/)) {
    for (const m of matchesOf(REQUESTS, sentence)) {
      mentions.push({
        keys: ['requests.new.total'], alsoAccept: [['requests.new.total', 'requests.carried_over.total']],
        number: Number(m[1]), quote: quoteAround(sentence, m.index, m[0].length), what: '收到的政府信息公开申请',
      });
    }
    for (const m of matchesOf(ACTIVE, sentence)) {
      const key = `active.${ACTIVE_KEY[m[1]!]}.decisions`;
      mentions.push({ keys: [key], number: Number(m[2]), quote: quoteAround(sentence, m.index, m[0].length), what: cellDef(key)!.rowLabel });
    }
    // Appeals only count when the sentence is about information disclosure: an organ may
    // also report the 行政复议 cases it handled in general.
    const at = sentence.indexOf('信息公开');
    if (at < 0) continue;
    const disclosure = sentence.slice(at - 2, at) === '政府' ? at - 2 : at;
    for (const m of matchesOf(REVIEW, sentence)) {
      if (m.index < disclosure) continue;
      mentions.push({ keys: ['appeals.review.total'], number: Number(m[1]), quote: quoteAround(sentence, m.index, m[0].length, disclosure), what: '政府信息公开行政复议' });
    }
    for (const m of matchesOf(LITIGATION, sentence)) {
      if (m.index < disclosure) continue;
      mentions.push({
        keys: ['appeals.litigation_direct.total', 'appeals.litigation_after_review.total'],
        number: Number(m[1]), quote: quoteAround(sentence, m.index, m[0].length, disclosure), what: '政府信息公开行政诉讼',
      });
    }
  }
  return mentions;
}

function sumOf(ctx: CheckContext, keys: readonly string[]): Value {
  let s = 0;
  for (const k of keys) {
    const v = valueOf(ctx.tables, k);
    if (v === null) return null;
    s += v;
  }
  return s;
}

export function proseVsTables(ctx: CheckContext): RuleFlag[] {
  const text = ctx.narrative.overview;
  if (!text) return [];
  const flags: RuleFlag[] = [];
  const seen = new Set<string>();
  for (const m of findMentions(text)) {
    const subject = m.keys.join('+');
    if (seen.has(subject)) continue;
    const table = sumOf(ctx, m.keys);
    if (table === null) continue;
    const accepted = [m.keys, ...(m.alsoAccept ?? [])].map((ks) => sumOf(ctx, ks));
    if (accepted.some((v) => v !== null && sameNumber(v, m.number))) continue;
    seen.add(subject);
    const cells: FlagCell[] = m.keys.map((k) => flagCell(ctx.tables, k));
    const where = m.keys.map((k) => {
      const d = cellDef(k)!;
      return `“${d.rowLabel}”·“${d.columnLabel}”`;
    }).join('＋');
    flags.push({
      rule: 'narrative.mismatch', severity: RULES['narrative.mismatch'].severity,
      message: `总体情况中写“${m.quote}”（${m.what} ${fmt(m.number)}），但统计表${where}为 ${fmt(table)}`,
      cells, detail: { stated: m.number, table, quote: m.quote }, subject, basis: m.number,
    });
  }
  return flags;
}

export const narrativeRules = [proseVsTables];
