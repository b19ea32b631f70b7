/**
 * The 申请 table's columns as the report prints them, read from its header.
 *
 * Most reports print the template's order (自然人 | 法人或其他组织: 商业企业 … 其他 | 总计), but some
 * put the 法人或其他组织 columns first, put 总计 first, or print no 总计 column at all. Placing a
 * row's numbers in the template's order then puts every number in the wrong column, with
 * confidence. So the header decides wherever one is printed:
 * - a header word names a column when it is exactly that column's name (or a form reports print
 *   for it: 合计 for 总计, 其它 for 其他); 法人或其他组织 names the group of the five sub-columns;
 * - the order is the reading order of those words, with the group word standing for its
 *   sub-columns, which are read where they are printed (on the header's next level);
 * - without the group word, a header on several levels tells nothing about how its levels fit
 *   together, except in a grid whose field indices are columns (exact readers, pipe tables, grids
 *   of one width): there the words' field indices give the order.
 * Aligned text (pdftotext) stacks and wraps header words: there the centres of the words of each
 * column give the order, in both measures of text columns, which must agree.
 */
import { REQUEST_COLUMNS } from '../template.ts';
import type { Row, TableRows } from './rows.ts';
import { normLabel } from './text.ts';

/** Template column indices in the order the report prints its columns. */
export type ColumnOrder = readonly number[];

/**
 * What the header says: `template` (the template's order, or nothing printed that tells
 * otherwise), an `order` (another order, or fewer columns), or `unclear`: the header names columns
 * in a way that fits no order (the numbers cannot be placed).
 */
export type HeaderVerdict = { kind: 'template' } | { kind: 'order'; order: ColumnOrder } | { kind: 'unclear'; why: string };

const ALIASES: Partial<Record<(typeof REQUEST_COLUMNS)[number]['key'], readonly string[]>> = {
  total: ['合计', '总数'],
  other_org: ['其它'],
};
/** Per column, the normalised words that name it. */
const NAMES: readonly (readonly string[])[] = REQUEST_COLUMNS.map((c) => [c.short, ...(ALIASES[c.key] ?? [])].map((w) => normLabel(w)));
const GROUP_WORDS = ['法人或其他组织', '法人或其它组织', '法人及其他组织'].map((w) => normLabel(w));
/** The group's sub-columns (商业企业 … 其他), in template order. */
const SUBS = REQUEST_COLUMNS.flatMap((c, j) => (c.label.includes(' / ') ? [j] : []));
const GROUP = -1;
/** The longest normalised name a header word can be. */
const MAX_NAME = Math.max(...NAMES.flat().map((n) => n.length), ...GROUP_WORDS.map((w) => w.length));
const IDENTITY = REQUEST_COLUMNS.map((_, j) => j);
export const TOTAL_COLUMN = REQUEST_COLUMNS.findIndex((c) => c.key === 'total');

interface Word {
  col: number;
  line: number;
  pos: number;
}

/** The column a normalised header word names exactly, GROUP for 法人或其他组织, else null. */
function named(t: string): number | null {
  if (GROUP_WORDS.includes(t)) return GROUP;
  const j = NAMES.findIndex((ns) => ns.includes(t));
  return j >= 0 ? j : null;
}

/**
 * Header words: the label fragments of the table up to its first row with a number. Tab rows read
 * a field word by word (`商业 企业`): the words of one field are one header.
 */
function headerWords(table: TableRows): Word[] {
  const out: Word[] = [];
  const byField = table.certainty === 'grid' || table.certainty === 'loose';
  for (const row of table.rows) {
    const texts: { text: string; f: Row['labels'][number] }[] = [];
    for (let k = 0; k < row.labels.length; k++) {
      const f = row.labels[k] as Row['labels'][number];
      let text = f.text;
      while (byField && k + 1 < row.labels.length && row.labels[k + 1]?.line === f.line && row.labels[k + 1]?.pos === f.pos) {
        text += (row.labels[++k] as Row['labels'][number]).text;
      }
      texts.push({ text, f });
    }
    // A header wrapped inside its cell (商业 / 企业 on two lines) is one word: a fragment that names
    // no column is joined with the next one or two when together they name one.
    for (let k = 0; k < texts.length; k++) {
      const { f, text } = texts[k] as (typeof texts)[number];
      // Column names are at most 7 characters (法人或其他组织): a longer fragment names none.
      if (text.length > 16) continue;
      let joined = normLabel(text);
      let col = named(joined);
      for (let extra = 1; col === null && extra <= 2 && k + extra < texts.length && joined.length < MAX_NAME; extra++) {
        joined += normLabel((texts[k + extra] as (typeof texts)[number]).text);
        col = named(joined);
        if (col !== null) k += extra;
      }
      if (col !== null) out.push({ col, line: f.line, pos: f.pos });
    }
    if (row.slots.some((s) => s.kind !== 'blank')) break;
  }
  return out;
}

/** The order of the words' columns: reading order, the group word standing for the sub-columns. */
function readingOrder(all: readonly Word[], grid: boolean): ColumnOrder | 'unclear' | null {
  // A word printed again is one header: a grid repeats a rowspan's text on each row it covers. In
  // a grid it must stand in the same field.
  const words: Word[] = [];
  for (const w of all) {
    const seen = words.find((x) => x.col === w.col);
    if (!seen) words.push(w);
    else if (grid && seen.pos !== w.pos) return 'unclear';
  }
  const group = words.find((w) => w.col === GROUP);
  const leaves = words.filter((w) => w.col !== GROUP);
  if (group) {
    const top = words.filter((w) => w.col === GROUP || !SUBS.includes(w.col)).map((w) => w.col);
    const subs = leaves.filter((w) => SUBS.includes(w.col)).map((w) => w.col);
    return top.flatMap((c) => (c === GROUP ? subs : [c]));
  }
  if (leaves.every((w) => w.line === leaves[0]?.line)) return leaves.map((w) => w.col);
  // Several levels without the group word: only a grid's field indices can tell.
  if (!grid) return null;
  const byPos = [...leaves].sort((a, b) => a.pos - b.pos);
  if (byPos.some((w, k) => k > 0 && w.pos === (byPos[k - 1] as Word).pos)) return 'unclear';
  return byPos.map((w) => w.col);
}

/**
 * The printed order of the 申请 table's columns. `rows`: the rows matched to the template, whose
 * numbers must fit the order (no row prints more numbers than it has columns).
 */
export function requestColumns(table: TableRows, rows: readonly Row[], aligned: ColumnOrder | 'unclear' | null): HeaderVerdict {
  let order: ColumnOrder | 'unclear' | null;
  if (table.certainty === 'aligned') order = aligned;
  else {
    const words = headerWords(table);
    if (words.length === 0) return { kind: 'template' };
    order = readingOrder(words, table.certainty === 'exact' || table.certainty === 'grid');
  }
  if (order === null) return { kind: 'template' };
  if (order === 'unclear') return { kind: 'unclear', why: '表头各栏的顺序无法确定' };
  // A header that names fewer than the six applicant columns is incomplete (a word garbled or
  // wrapped), not a table with fewer columns: it tells only whether its order is the template's.
  const applicants = order.filter((j) => j !== TOTAL_COLUMN).length;
  if (applicants < IDENTITY.length - 1) {
    return isSubsequence(order, IDENTITY) ? { kind: 'template' } : { kind: 'unclear', why: '表头栏目不全，且顺序与模板不同' };
  }
  let widest = 0;
  for (const r of rows) {
    let n = 0;
    for (const s of r.slots) if (s.kind !== 'blank') n++;
    if (n > widest) widest = n;
  }
  if (widest > order.length) return { kind: 'unclear', why: `表头只列出${order.length}栏，而有的行印有${widest}个数字` };
  return order.length === IDENTITY.length && order.every((j, k) => j === k) ? { kind: 'template' } : { kind: 'order', order };
}

function isSubsequence(a: readonly number[], b: readonly number[]): boolean {
  let k = 0;
  for (const x of b) if (a[k] === x) k++;
  return k === a.length;
}

/** Header fragments of aligned text owned by one column: their text is part of exactly one column's name. */
export function columnOwner(text: string): number {
  const t = normLabel(text);
  if (t.length < 2 || t.length > MAX_NAME) return -1;
  let hit = -1;
  for (let j = 0; j < NAMES.length; j++) {
    if (!(NAMES[j] as readonly string[]).some((n) => n.includes(t))) continue;
    if (hit >= 0) return -1;
    hit = j;
  }
  return hit;
}

/**
 * The printed order of aligned text's columns, from the centres of each column's header words on
 * the table's first header page (see requestColumns). `centres(display)`: per template column,
 * its header centre, or null when the page prints none for it.
 */
export function alignedOrder(centres: (display: boolean) => readonly (number | null)[] | null, measure?: boolean): ColumnOrder | 'unclear' | null {
  const orders: ColumnOrder[] = [];
  for (const display of measure === undefined ? [false, true] : [measure]) {
    const cs = centres(display);
    if (!cs) continue;
    const found = cs.flatMap((c, j) => (c === null ? [] : [{ c, j }])).sort((a, b) => a.c - b.c);
    orders.push(found.map((x) => x.j));
  }
  if (orders.length === 0) return null;
  if (orders.every((o) => o.join() === orders[0]?.join())) return orders[0] as ColumnOrder;
  // Stacked words of different lines move apart in the measure the text was not laid out in: when
  // both orders are the template's (with words missing), the template's it is; else unclear.
  if (orders.every((o) => isSubsequence(o, IDENTITY))) return orders.reduce((a, b) => (b.length > a.length ? b : a));
  return 'unclear';
}
