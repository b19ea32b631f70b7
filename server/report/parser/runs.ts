/**
 * Rows of aligned text placed by pdftotext's own layout rule (`pdftotext -layout`), where a
 * blank cell shows only as a wider gap: numbers packed one space apart (narrow columns, a
 * Chromium-printed PDF), or each number a block of its own three spaces past the one before (a
 * LibreOffice PDF), where the columns of a page stand wherever its widest words pushed them.
 *
 * pdftotext -layout cuts each line into runs of words that stand close together on the page. It
 * puts each run one or three characters past the end of everything that stands wholly left of it
 * on the page (see pushedTo), or, when a run begun further left crosses it, at that run's
 * character standing there; inside a run, words are one space apart. So, on one page of one table:
 * - numbers one space apart are one run: neighbouring cells, no blank cell between them. pdftotext
 *   joins two words into one run only when less than 0.7 of the font size of paper stands between
 *   them (poppler's minColSpacing1); a blank cell leaves at least its column's width, and every
 *   column of the template is headed by words of at least one Chinese character, a font size
 *   wide. Measured on 800 fictional reports (distinct values, small numbers, a third blank, zeros)
 *   printed by Chromium and by LibreOffice: of the numbers printed one after the other in a row of
 *   the 申请 table, the 12,516 and 12,602 pairs with a blank cell between them all stood two spaces
 *   or more apart. But a run that pdftotext pushes to just past the number before it also stands
 *   one space after it: in 复议诉讼's one row, `33 33` is 其他结果 33, a blank 尚未审结, 总计 33 (there
 *   no other row pushes the second 33 further). So the rule holds for a table's many rows, by
 *   measure, and is never applied to a single row;
 * - a row's first number one space after its own label is in the first column, for the same reason;
 * - the first number of a run (a run start) stands past the end of every number of the page in a
 *   column left of its own: start >= end + 1;
 * - run starts of one column stand within one character of each other (numbers centred in their
 *   cells differ by half a digit), so run starts of different columns at least two apart: the
 *   page's run starts fall into clusters, one per column that has them, left to right. Where they
 *   do not (a four-digit and a one-digit number centred in one column start two apart), the
 *   centres of the numbers that start runs must cluster so instead, each within one character of
 *   its neighbour and a column's all within one;
 * - each cluster has a witness, what pushed it there (see witnessed()); the first column's too, as
 *   a row's label pushes a number only as far as it ends.
 *
 * Each way of giving the clusters columns, left to right, places every row (its runs on
 * consecutive columns, each run start in its cluster's column) or fails. A row is placed when
 * every way that places the whole page and keeps the rules places it alike; otherwise the
 * placements those ways give are the only ones it may have, for the template's arithmetic to
 * choose among (matcher.ts witnessedRows), or it stays null with its review entry. A page whose run
 * starts do not make clusters is not read so, nor one where a cluster has no witness: text laid
 * out otherwise than by pdftotext, whose starts cluster by chance.
 */
import type { Row, Slot, TableRows } from './rows.ts';

interface Tok {
  pos: number;
  end: number;
  /** The first number of its run: where it stands is where its column stands. */
  start: boolean;
  /** Printed in one block with its row's label text (see floated): its column is any left of the row's next number's. */
  free?: boolean;
}

interface RunRow {
  row: Row;
  /** The line of its numbers (one line: see runRow). */
  line: number;
  toks: Tok[];
  /** The column of each number, one array per placement still possible. */
  cands: number[][];
}

const nonBlank = (s: Slot) => s.kind !== 'blank';
/** Hard limit on placements per row (7 columns never come near it; a 15-column row might). */
const MAX_CANDIDATES = 400;

/**
 * By row, every placement the rule leaves it (the column of each printed number), one when the
 * rule places it. `rows`: the table's rows (aligned text); `n`: its columns. Rows not in the map
 * are not read by this rule.
 */
export function runPlacements(rows: readonly Row[], n: number, table: TableRows, owner: (text: string) => number): Map<Row, number[][]> {
  const byPage = new Map<number, RunRow[]>();
  for (const row of rows) {
    const r = runRow(row, n);
    if (!r) continue;
    const page = byPage.get(row.page);
    if (page) page.push(r);
    else byPage.set(row.page, [r]);
  }
  const out = new Map<Row, number[][]>();
  for (const [p, page] of byPage) {
    const texts = pageText(table, p, new Set(page.map((r) => r.row)), owner);
    if (solvePage(page, n, texts, out)) continue;
    // The page keeps the rules only with some rows' first numbers taken as printed in their
    // label's block: the fewest that make it keep them (as the page without any is preferred
    // where it keeps them), every way they leave.
    for (const cut of floatingCuts(page)) {
      const freed = floated(page, cut, n);
      if (freed && solvePage(freed, n, texts, out)) break;
    }
  }
  return out;
}

/** How many of the page's leftmost run-start places to try as places in a label's block (see floated). */
const MAX_CUTS = 3;

/**
 * Where a page's label blocks may end: pdftotext puts the words standing within the reach of a
 * label's block on the page (a label wrapped in a merged cell, 三、本年度办理结果 beside （二）部分公开…)
 * in that block, and sets a block's words by their place in it, not on the page: such a row's
 * first numbers stand left of the page's first column, wherever the block's width takes them
 * (nine characters left of the others' in a Chromium PDF of a Word table). Each cut is a place: the
 * run starts left of it are in label blocks. The first few of the page's run-start places, left to right.
 */
function floatingCuts(page: readonly RunRow[]): number[] {
  const places = [...new Set(page.flatMap((r) => r.toks.filter((t) => t.start).map((t) => t.pos)))].sort((a, b) => a - b);
  return places.slice(1, 1 + MAX_CUTS);
}

/**
 * The page with each row's numbers left of `cut` freed from their places: a row's first numbers
 * only (a block holds its label and what stands next to it), on the line of a label of the row's
 * own that ends before them, and the number after them a run start. And each where no number
 * of its own block could stand: within the reach of the labels of the rows that keep their
 * places (a label stands wholly left of every column, so pdftotext sets every number of a block
 * of its own past its end), or one space after a freed number (one run). Null when a number left
 * of the cut is not so.
 */
function floated(page: readonly RunRow[], cut: number, n: number): RunRow[] | null {
  const freeOf = page.map((r) => {
    const k = r.toks.findIndex((t) => t.pos >= cut);
    return k < 0 ? r.toks.length : k;
  });
  let reach = -Infinity;
  page.forEach((r, i) => { if (freeOf[i] === 0) for (const l of r.row.labels) reach = Math.max(reach, l.end); });
  const out: RunRow[] = [];
  for (const [i, r] of page.entries()) {
    const free = freeOf[i] as number;
    if (r.toks.slice(free).some((t) => t.pos < cut)) return null;
    if (free === 0) { out.push(r); continue; }
    if (free === r.toks.length || !(r.toks[free] as Tok).start) return null;
    if (!r.row.labels.some((l) => l.line === r.line && l.end < (r.toks[0] as Tok).pos)) return null;
    if (r.toks.slice(0, free).some((t, k) => t.pos > reach && (k === 0 || t.pos - (r.toks[k - 1] as Tok).end !== 1))) return null;
    const toks = r.toks.map((t, j) => (j < free ? { ...t, start: false, free: true } : t));
    const freed = runRow(r.row, n, toks);
    if (!freed) return null;
    out.push(freed);
  }
  return out;
}

/** A row's runs and possible placements; null when the rule cannot read it. `given`: its numbers, some freed (see floated). */
function runRow(row: Row, n: number, given?: readonly Tok[]): RunRow | null {
  // Rows out of step with their neighbours (rows.ts OUT_OF_LINE) are neither placed nor evidence.
  if (row.certainty !== 'aligned' || row.unsure) return null;
  const vals = row.slots.filter(nonBlank);
  if (vals.length === 0 || vals.length > n) return null;
  const line = (vals[0] as Slot).line;
  // Numbers over several lines: where each one stands says nothing about the others.
  if (vals.some((v) => v.line !== line)) return null;
  const first = vals[0] as Slot;
  const glued = row.labels.some((l) => l.line === line && first.pos - l.end === 1);
  const toks: Tok[] = given ? [...given] : vals.map((v, k) => ({
    pos: v.pos, end: v.end,
    start: k === 0 ? !glued : v.pos - (vals[k - 1] as Slot).end >= 2,
  }));
  // Run sizes, then every way to put the runs on consecutive columns, left to right (a freed
  // number is a run of its own).
  const sizes: number[] = [];
  for (const t of toks) {
    if (t.start || t.free || sizes.length === 0) sizes.push(1);
    else sizes[sizes.length - 1] = (sizes[sizes.length - 1] as number) + 1;
  }
  const cands: number[][] = [];
  const starts: number[] = [];
  const total = vals.length;
  const walk = (i: number, from: number, left: number): void => {
    if (cands.length > MAX_CANDIDATES) return;
    if (i === sizes.length) {
      const cols: number[] = [];
      sizes.forEach((s, k) => { for (let j = 0; j < s; j++) cols.push((starts[k] as number) + j); });
      cands.push(cols);
      return;
    }
    const size = sizes[i] as number;
    const last = n - left;
    for (let c = from; c <= last; c++) {
      if (i === 0 && glued && !given && c !== 0) break;
      starts[i] = c;
      walk(i + 1, c + size, left - size);
    }
  };
  walk(0, 0, total);
  if (cands.length === 0 || cands.length > MAX_CANDIDATES) return null;
  return { row, line, toks, cands };
}

/**
 * The columns of a page's run starts: each run-starting number's cluster, and each cluster's start
 * positions. Starts within one character are one column; failing that, centres within one; null
 * when neither makes columns.
 */
function clusters(page: readonly RunRow[]): { cl: number[][]; of: Map<Tok, number> } | null {
  const toks = page.flatMap((r) => r.toks.filter((t) => t.start));
  const by = (key: (t: Tok) => number) => {
    const sorted = [...toks].sort((a, b) => key(a) - key(b));
    const groups: Tok[][] = [];
    for (const t of sorted) {
      const last = groups[groups.length - 1];
      if (last && key(t) - key(last[last.length - 1] as Tok) <= 1) last.push(t);
      else groups.push([t]);
    }
    if (!groups.every((g) => key(g[g.length - 1] as Tok) - key(g[0] as Tok) <= 1)) return null;
    const of = new Map<Tok, number>();
    groups.forEach((g, k) => { for (const t of g) of.set(t, k); });
    return { cl: groups.map((g) => [...new Set(g.map((t) => t.pos))].sort((a, b) => a - b)), of };
  };
  return by((t) => t.pos) ?? by((t) => (t.pos + t.end) / 2);
}

/** Every way to give m clusters m of the n columns, left to right. */
function maps(m: number, n: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const walk = (from: number): void => {
    if (cur.length === m) { out.push([...cur]); return; }
    for (let c = from; c <= n - (m - cur.length); c++) {
      cur.push(c);
      walk(c + 1);
      cur.pop();
    }
  };
  walk(0);
  return out;
}

/**
 * Where pdftotext may start a run after a word ending at `end` (one past its last character) that
 * stands wholly left of it: one space after it, or three. poppler's column assignment
 * (TextPage::coalesce) puts a block at least `col + nColumns + 3` past every block wholly left of
 * it, three spaces after its end; words of one line of a block stand one space apart or more. A
 * LibreOffice PDF prints every number as a block of its own, so its numbers stand three spaces
 * past the number left of them (`26   44`), where a Chromium PDF's packed rows stand one apart.
 */
function pushedTo(end: number): readonly [number, number] {
  return [end + 1, end + 3];
}

/** Hard limit on the ways to map a page's clusters to columns. */
const MAX_MAPS = 500;

/** The table's page's text that may have pushed a run of numbers where it stands (see witnessed()). */
interface PageText {
  /**
   * Where a run may start, pushed there by a word wholly left of it (see pushedTo), with the
   * first column that word can stand wholly left of.
   */
  pushed: Map<number, number>;
  /** Header words that name one column, with that column: each may stand across its column's numbers. */
  headers: { pos: number; end: number; owner: number }[];
  /** The page's runs of words outside the table, [start, end): any may stand across a number. */
  crossing: readonly (readonly [number, number])[];
}

/**
 * Where the text of the table's page that may stand left of numbers pushes a run to (see
 * pushedTo), with the first column it can stand wholly left of: the rows' labels stand left of every column; a column
 * header word stands over its own column (`owner`), so left of the columns after it only; a header
 * word that names no one column (机构, 其) could stand over any. And the header words themselves,
 * which may stand across a number of their column.
 */
function pageText(table: TableRows, page: number, rows: ReadonlySet<Row>, owner: (text: string) => number): PageText {
  const out = new Map<number, number>();
  const headers: PageText['headers'] = [];
  const add = (end: number, from: number) => {
    for (const at of pushedTo(end)) out.set(at, Math.min(out.get(at) ?? Infinity, from));
  };
  for (const h of table.headers) {
    if (h.page !== page) continue;
    const o = owner(h.text);
    add(h.end, o >= 0 ? o + 1 : 0);
    if (o >= 0) headers.push({ pos: h.pos, end: h.end, owner: o });
  }
  // A row's label stands left of every column; header words read into the first row's label
  // (lines above its numbers) are header words.
  for (const r of rows) {
    for (const l of r.labels) {
      const o = l.line < r.line ? owner(l.text) : -1;
      add(l.end, o >= 0 ? o + 1 : 0);
      if (o >= 0) headers.push({ pos: l.pos, end: l.end, owner: o });
    }
  }
  // pdftotext weighs every word of the printed page, not the table's alone (another table's
  // header, a paragraph, the browser's page header): any word ending there may have pushed a
  // run to p, whatever its column.
  const words = table.pageWords?.(page);
  for (const end of words?.ends ?? []) add(end, 0);
  return { pushed: out, headers, crossing: words?.runs ?? [] };
}

/** Solves a page into `out`; whether some way placed its rows. */
function solvePage(page: readonly RunRow[], n: number, texts: PageText, out: Map<Row, number[][]>): boolean {
  const found = clusters(page);
  if (!found || found.cl.length > n) return false;
  const { cl, of: clusterOf } = found;
  const ways = maps(cl.length, n);
  if (ways.length > MAX_MAPS) return false;
  /** Per row, its distinct placements under the maps that fit the whole page. */
  const kept: number[][][] = page.map(() => []);
  for (const map of ways) {
    // Per row, every placement the map leaves it: one, but for a row with freed numbers, each
    // of their ways (they neither bound nor witness anything: see boundsHold, witnessed).
    const chosen: number[][][] = [];
    for (const r of page) {
      const cols = r.cands.filter((c) => r.toks.every((t, k) => !t.start || map[clusterOf.get(t) as number] === c[k]));
      if (cols.length === 0) break;
      chosen.push(cols);
    }
    if (chosen.length !== page.length) continue;
    const first = chosen.map((c) => c[0] as number[]);
    if (!boundsHold(page, first, n) || !witnessed(page, first, cl, map, texts)) continue;
    chosen.forEach((cs, i) => {
      const k = kept[i] as number[][];
      for (const c of cs) if (!k.some((x) => x.every((y, m) => y === c[m]))) k.push(c);
    });
  }
  page.forEach((r, i) => {
    const k = kept[i] as number[][];
    if (k.length > 0) out.set(r.row, k);
  });
  return page.length > 0 && (kept[0] as number[][]).length > 0;
}

/**
 * pdftotext puts a run where something left of it ends, so each cluster of run starts has a
 * witness for its leftmost position p (the first column's too: a label ends before it): a number
 * of a column left of its own ending one or three characters before p (see pushedTo); other text
 * of the page ending so: the table's labels and headers, and any word printed on the page outside
 * the table (pdftotext weighs the whole page: a table below, a paragraph, the browser's page
 * header); or a run begun further left that stands across p, where pdftotext puts the run start at
 * that run's character standing where it starts (or the space after it): a number of its own
 * column, a header word over its column (`社会公` of 社会公益组织, printed one space after 科研 in one
 * run of header words), or any run of words printed on the page outside the table (a paragraph
 * line below the table stands across every column). A map of clusters to columns that leaves a
 * cluster without one is not how the page was laid out.
 */
function witnessed(page: readonly RunRow[], chosen: readonly number[][], cl: readonly number[][], map: readonly number[], texts: PageText): boolean {
  return cl.every((ps, j) => {
    const k = map[j] as number;
    const p = ps[0] as number;
    if ((texts.pushed.get(p) ?? Infinity) <= k) return true;
    if (texts.headers.some((h) => h.owner === k && h.pos <= p && p <= h.end)) return true;
    if (texts.crossing.some(([a, b]) => a <= p && p <= b)) return true;
    return page.some((r, i) => r.toks.some((u, m) => {
      if (u.free) return false;
      const c = (chosen[i] as number[])[m] as number;
      return (c < k && pushedTo(u.end).includes(p)) || (c === k && !u.start && !u.free && u.pos - 1 <= p && p < u.end);
    }));
  });
}

/** Each run start stands past the end of every number of the page in a column left of its own. */
function boundsHold(page: readonly RunRow[], chosen: readonly number[][], n: number): boolean {
  const maxEnd: number[] = new Array(n).fill(-Infinity);
  page.forEach((r, i) => r.toks.forEach((t, k) => {
    const c = (chosen[i] as number[])[k] as number;
    if (!t.free && t.end > (maxEnd[c] as number)) maxEnd[c] = t.end;
  }));
  // before[c]: the furthest end of any number in columns 0..c-1.
  const before: number[] = [-Infinity];
  for (let c = 1; c < n; c++) before.push(Math.max(before[c - 1] as number, maxEnd[c - 1] as number));
  return page.every((r, i) => r.toks.every((t, k) => !t.start || t.pos >= (before[(chosen[i] as number[])[k] as number] as number) + 1));
}
