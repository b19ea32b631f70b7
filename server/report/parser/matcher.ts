/**
 * The template matcher: rows read from any layout -> template rows -> cells + review entries.
 *
 * Rules (every one of them errs towards null + review, never towards a guess):
 * - A row is matched to the template row whose label is most similar (character-bigram Dice over
 *   the row's label fragments, nearest fragment first), so garbling (`(七)总记`, `2.其他法律行政止公开`),
 *   stray spaces, repeated labels (`行政处罚 行政处罚 0`) and group labels interleaved with the rows
 *   all still match. Each template row takes at most one printed row, best matches first.
 * - Values are placed in order only when the row has exactly as many values as the template row
 *   has columns, or when the layout keeps every blank cell in place (grid readers, pipe tables, one
 *   cell per line). A blank cell is null and needs no review.
 * - A row with fewer numbers than columns: the numbers go where their position (field index or
 *   character column, learned from the complete rows of the same table and page) says, when that
 *   is unambiguous; in scanned text only the rightmost number of a 申请 row is certain (总计).
 *   In aligned text without a complete row on the page, the printed column headers of that page
 *   place the numbers, but only when every row of the page stands clearly under them, in order.
 *   Every other cell of such a row is null with a review entry. A number is never moved into a
 *   neighbouring column.
 * - `—` `-` `/` `无` (and －, ／, ——, 空) written in a cell: read as blank (null), never as 0, with a
 *   review entry saying what was written, because some offices mean "0" and others "not
 *   applicable"; a person confirms. This is the one place the rule is stated (read() applies it;
 *   text.ts classify() only recognises the marks; rows.ts tells a 无 cell from 无法提供 wrapped).
 * - A negative number (impossible in the 2021 template) is null with a review entry.
 * - 2019 template (国办公开办函〔2019〕60号): the 申请 and 复议诉讼 tables are the same; its single
 *   undivided （六）其他处理 row fills the three sub-rows with 0 where it prints 0 (non-negative
 *   parts of 0) and leaves them null + review otherwise (a blank group cell included). Its
 *   主动公开 table counts other things
 *   (新制作/新公开/对外公开总数, 上一年项目数量/本年增减): only 处理决定数量 of 许可/处罚/强制 is shared.
 */
import {
  ACTIVE_FIELD_LABELS, ACTIVE_ITEMS, APPEAL_COLUMNS, APPEAL_GROUPS, OUTCOME_ROWS, REQUEST_COLUMNS, REQUEST_ROWS,
  type ActiveField, type CellRef, type ReviewEntry, type TableKey,
} from '../template.ts';
import { type ColumnOrder, TOTAL_COLUMN, alignedOrder, columnOwner, requestColumns } from './columns.ts';
import { ACTIVE_CELLS, APPEAL_CELLS, REQUEST_CELLS, type Sheet, type SheetCell, setSheet, sheetCell } from './sheet.ts';
import { OCR_UNSURE, bigrams, dice, normLabel } from './text.ts';
import type { Fragment, Row, Slot, TableRows, Tangle } from './rows.ts';
import { runPlacements } from './runs.ts';
import { PAIR_BUDGET, appealsCells, outcomeRowsTogether, requestCells, requestPair, requestWay, requestsKept, tangledRows, waysOf, type TangledNumber, type Way } from './arith.ts';

/** A header word such as 其他 shares half its pairs with 3.其他: a match must do better than that. */
const MATCH = 0.55;
const GROUP_MATCH = 0.6;
/** A label fragment further from the values than the nearest one counts for less. */
const DISTANCE_PENALTY = 0.15;

/** A bigram as one number (two UTF-16 units), so indexing it allocates no string. */
const gram = (s: string, k: number) => s.charCodeAt(k) * 65536 + s.charCodeAt(k + 1);

/** Template labels indexed by bigram, so a label range is scored against all of them at once. */
interface Targets {
  sizes: number[];
  index: Map<number, number[]>;
  /** Normalised label -> target, for the common row that prints its label exactly. */
  exact: Map<string, number>;
  /**
   * Scores already computed, by the label range they were computed from (reports repeat labels),
   * filed under the normalised text of the range's anchor fragment (compared field by field: no key string to build).
   */
  memo: Map<string, Scored[]>;
  memoSize: number;
  /** Per target, the scores of a label that is exactly that target's (1 there, 0 elsewhere). */
  oneHot: readonly (readonly number[])[];
  /** The normalised labels no other target's label contains (not 其他, which 不计其他情形 holds). */
  whole: readonly string[];
}

function targets(labels: readonly string[]): Targets {
  const index = new Map<number, number[]>();
  const exact = new Map(labels.map((label, k) => [normLabel(label), k]));
  const sizes = labels.map((label, k) => {
    const grams = new Set<number>();
    const norm = normLabel(label);
    for (let i = 0; i + 1 < norm.length; i++) grams.add(gram(norm, i));
    for (const g of grams) index.set(g, [...(index.get(g) ?? []), k]);
    return grams.size;
  });
  const oneHot = labels.map((_, k) => labels.map((__, j) => (j === k ? 1 : 0)));
  const norms = labels.map((l) => normLabel(l));
  const whole = norms.filter((a, k) => !norms.some((b, j) => j !== k && b.includes(a)));
  return { sizes, index, exact, memo: new Map(), memoSize: 0, oneHot, whole };
}

/**
 * Whether one label fragment of a row holds the whole labels of two of the table's rows
 * (`行政处罚行政强制`: two labels on consecutive lines read as one cell, a PDF's text in the order
 * of its blocks). Such a label names neither: the row is matched to no target, whose cells are
 * then flagged as missing. (A row's fragments may hold its neighbours' label pieces: aligned text
 * wraps labels around the numbers.)
 */
function namesTwo(row: Row, targets: Targets): boolean {
  for (let i = 0; i < row.labels.length; i++) {
    const text = normAt(row, i);
    let hits = 0;
    for (const name of targets.whole) if (text.includes(name) && ++hits === 2) return true;
  }
  return false;
}

const REQUEST_LABELS = REQUEST_ROWS.map((r) => r.label);
const REQUEST_TARGETS = targets(REQUEST_LABELS);
const GROUPS: string[] = [...new Set(REQUEST_ROWS.map((r): string | null => r.group))].filter((g): g is string => g !== null);
const GROUP_TARGETS = targets(GROUPS);
const OTHER_GROUP: string = REQUEST_ROWS.find((r) => r.key === 'other_other')?.group ?? '';
const ACTIVE_TARGETS = targets(ACTIVE_ITEMS.map((i) => i.label));
const APPEAL_TARGETS = targets(APPEAL_GROUPS.map((g) => g.short));
const MEMO_LIMIT = 5000;

/** The normalised text of a row's i-th label fragment, computed once and only when asked. */
function normAt(row: Row, i: number): string {
  let v = row.norms[i];
  if (v === undefined) {
    v = normLabel((row.labels[i] as Row['labels'][number]).text);
    row.norms[i] = v;
  }
  return v;
}

/**
 * Best Dice score of each target over the contiguous label ranges near the row's anchor fragment
 * (a range further from the values loses DISTANCE_PENALTY per fragment). The result is shared
 * (memoised): read it, never write it.
 *
 * In aligned text a row's label can stand above its numbers while the merged group labels to its
 * left run down past them: `三、本  (四) 无  2. 没有现成信息需要另行制` / `年度办  法提 供   作` /
 * `理 结   61 0 …`. The anchor is then a piece of a group label (`结`). So the row is also scored
 * without its group-lane fragments (see groupLane); distances still count the dropped fragments,
 * so a label further away never gains from the drop.
 */
function scores(row: Row, t: Targets): readonly number[] {
  const n = row.labels.length;
  if (n === 0) return t.sizes.map(() => 0);
  const a = anchorOf(row);
  const hit = t.exact.get(normAt(row, a));
  if (hit !== undefined) return t.oneHot[hit] as readonly number[];
  const all: number[] = [];
  for (let i = 0; i < n; i++) all.push(i);
  const base = rangeScores(row, all, a, a, t);
  if (row.certainty !== 'aligned' || n < 2) return base;
  const kept = all.filter((i) => !groupLane(row, i));
  if (kept.length === n || kept.length === 0) return base;
  // The kept list's anchor: its last fragment at or before the row's anchor (else its first).
  let la = 0;
  for (let k = 0; k < kept.length; k++) if ((kept[k] as number) <= a) la = k;
  const lane = rangeScores(row, kept, la, a, t);
  let out: number[] | null = null;
  for (let k = 0; k < lane.length; k++) {
    if ((lane[k] as number) > ((out ?? base)[k] as number)) {
      out ??= [...base];
      out[k] = lane[k] as number;
    }
  }
  return out ?? base;
}

/** Every character of every group label (`三、本年度办理结果`, `（四）无法提供`, …), normalised. */
const GROUP_CHARS = new Set([...new Set(REQUEST_ROWS.map((r): string | null => r.group))].flatMap((g) => (g ? [...normLabel(g)] : [])));
/** GROUP_CHARS as UTF-16 code units (all of them are single units), for a loop without strings. */
const GROUP_CODES = new Set([...GROUP_CHARS].map((ch) => {
  if (ch.length !== 1) throw new Error(`group label character outside the BMP: ${ch}`);
  return ch.charCodeAt(0);
}));

/**
 * A fragment of a merged group label in aligned text: it stands left of another label fragment
 * of the row (a column to its right holds label text) and all its characters are group-label
 * characters. The rightmost label text of a row (where its own label stands) is never dropped.
 */
function groupLane(row: Row, i: number): boolean {
  const f = row.labels[i] as Row['labels'][number];
  const norm = normAt(row, i);
  if (norm === '') return false;
  // By code unit: a character outside the BMP is in no group label, and neither is either of its halves.
  for (let k = 0; k < norm.length; k++) if (!GROUP_CODES.has(norm.charCodeAt(k))) return false;
  return row.labels.some((g) => g !== f && (g.pos > f.end || g.dpos > f.dend));
}

/**
 * Best score of each target over contiguous ranges of `idx` (fragment indices) near idx[la];
 * `a` is the row's anchor: the penalty counts every fragment between it and the range.
 */
function rangeScores(row: Row, idx: readonly number[], la: number, a: number, t: Targets): readonly number[] {
  const n = idx.length;
  const lo = Math.max(0, la - 5), hi = Math.min(n - 1, la + 3);
  const norms: string[] = [];
  for (let i = 0; i <= hi; i++) norms.push(i < lo ? '' : normAt(row, idx[i] as number));
  const head = norms[la] as string;
  const filed = t.memo.get(head);
  if (filed) {
    for (const f of filed) if (sameRange(f, idx, norms, lo, hi, a)) return f.scores;
  }
  const out = t.sizes.map(() => 0);
  const common = t.sizes.map(() => 0);
  const seen = new Set<number>();
  for (let i = lo; i <= hi; i++) {
    seen.clear();
    common.fill(0);
    let joined = '';
    for (let j = i; j <= hi; j++) {
      const from = Math.max(0, joined.length - 1);
      joined += norms[j];
      if (joined.length > 64) break;
      for (let k = from; k + 1 < joined.length; k++) {
        const g = gram(joined, k);
        if (seen.has(g)) continue;
        seen.add(g);
        const hits = t.index.get(g);
        if (hits) for (const target of hits) common[target] = (common[target] as number) + 1;
      }
      if (seen.size === 0) continue;
      const first = idx[i] as number, last = idx[j] as number;
      const penalty = DISTANCE_PENALTY * (a < first ? first - a : a > last ? a - last : 0);
      for (let k = 0; k < out.length; k++) {
        const c = common[k] as number;
        if (c === 0) continue;
        const score = (2 * c) / (seen.size + (t.sizes[k] as number)) - penalty;
        if (score > (out[k] as number)) out[k] = score;
      }
    }
  }
  if (t.memoSize >= MEMO_LIMIT) {
    t.memo.clear();
    t.memoSize = 0;
  }
  const entry: Scored = { offsets: [], norms: norms.slice(lo, hi + 1), scores: out };
  for (let i = lo; i <= hi; i++) entry.offsets.push((idx[i] as number) - a);
  const list = t.memo.get(head);
  if (list) list.push(entry);
  else t.memo.set(head, [entry]);
  t.memoSize++;
  return out;
}

/** Scores of a label range: its fragments' offsets from the row's anchor and their normalised texts. */
interface Scored {
  offsets: number[];
  norms: string[];
  scores: readonly number[];
}

function sameRange(f: Scored, idx: readonly number[], norms: readonly string[], lo: number, hi: number, a: number): boolean {
  if (f.offsets.length !== hi - lo + 1) return false;
  for (let i = lo; i <= hi; i++) {
    if (f.offsets[i - lo] !== (idx[i] as number) - a || f.norms[i - lo] !== norms[i]) return false;
  }
  return true;
}

/** The label fragment scores start from: the row's anchor, within its labels. */
const anchorOf = (row: Row) => Math.min(Math.max(row.anchor, 0), row.labels.length - 1);

/** Rows by target, as assign() gives them (values() in the order they were assigned). */
class Assignment {
  private readonly byTarget: (Row | undefined)[] = [];
  private readonly order: Row[] = [];
  get size(): number {
    return this.order.length;
  }
  get(target: number): Row | undefined {
    return this.byTarget[target];
  }
  has(target: number): boolean {
    return this.byTarget[target] !== undefined;
  }
  values(): readonly Row[] {
    return this.order;
  }
  set(target: number, row: Row): void {
    this.byTarget[target] = row;
    this.order.push(row);
  }
}

/** Best-first one-to-one assignment of rows to targets. */
function assign(rows: readonly Row[], targets: Targets): Assignment {
  // The candidate pairs (row, target, score), as three lists.
  const pr: number[] = [], pt: number[] = [], ps: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Row;
    // A row without a label scores 0 everywhere.
    if (row.labels.length === 0) continue;
    // Between equal labels, the row that prints numbers is the data row, not a header.
    const bonus = row.slots.some(nonBlank) ? 0.01 : 0;
    // A label printed exactly scores 1 for its target and 0 for every other (scores()'s first rule).
    const hit = targets.exact.get(normAt(row, anchorOf(row)));
    if (hit !== undefined) {
      pr.push(r);
      pt.push(hit);
      ps.push(1 + bonus);
      continue;
    }
    if (namesTwo(row, targets)) continue;
    const all = scores(row, targets);
    for (let t = 0; t < all.length; t++) {
      const s = all[t] as number;
      if (s < MATCH) continue;
      pr.push(r);
      pt.push(t);
      ps.push(s + bonus);
    }
  }
  // Best first; between equal scores the earlier row, then the order found (the sort is stable).
  const order = pr.map((_, k) => k).sort((x, y) => (ps[y] as number) - (ps[x] as number) || (pr[x] as number) - (pr[y] as number));
  const out = new Assignment();
  const used: boolean[] = [];
  for (const k of order) {
    const r = pr[k] as number, t = pt[k] as number;
    if (used[r] || out.has(t)) continue;
    used[r] = true;
    out.set(t, rows[r] as Row);
  }
  return out;
}

/** How much better a label read over two lines must name its row than either line alone. */
const JOIN_GAIN = 0.1;

const bestScore = (row: Row, t: Targets): number => {
  let best = 0;
  for (const s of scores(row, t)) if (s > best) best = s;
  return best;
};

/** The target a row names best (first of equals), or -1 below MATCH. */
function bestTarget(row: Row, t: Targets): number {
  let best = -1, score = MATCH - 1e-9;
  scores(row, t).forEach((s, k) => { if (s > score) [best, score] = [k, s]; });
  return best;
}

/**
 * Whether two lines' rows read together (`joined`) are one row: the two do not each name a row of
 * their own (each clearly better than the other's), and together they name a template row better
 * than either line alone: the row one of them names best (only one of them could be matched to
 * it), or one they name clearly better than either.
 */
function joins(joined: Row, a: Row, b: Row, t: Targets): boolean {
  const target = bestTarget(joined, t);
  if (target < 0) return false;
  const ta = bestTarget(a, t), tb = bestTarget(b, t);
  // Each line names a row of its own, clearly better than the other's: two rows, whatever their numbers.
  if (ta >= 0 && tb >= 0 && ta !== tb) {
    const as = scores(a, t), bs = scores(b, t);
    if ((as[ta] as number) - (as[tb] as number) >= JOIN_GAIN && (bs[tb] as number) - (bs[ta] as number) >= JOIN_GAIN) return false;
  }
  const sj = scores(joined, t)[target] as number, sa = bestScore(a, t), sb = bestScore(b, t);
  // Each line's label is part of the row's: read together they name it better than either alone
  // (a line naming no row, `总 计`, beside 结转下年度继续办理 adds nothing to it: two rows).
  if (sj <= Math.max(sa, sb)) return false;
  return target === ta || target === tb || sj >= Math.max(sa, sb) + JOIN_GAIN;
}

/**
 * Two rows' numbers share a column: some pair of them overlaps, in the text's measure (display
 * columns, characters), or in either when the measure is not known.
 */
function sharesColumn(a: Row, b: Row, display: boolean | undefined): boolean {
  for (const x of a.slots) {
    if (x.kind === 'blank') continue;
    for (const y of b.slots) {
      if (y.kind === 'blank') continue;
      if ((display !== true && x.pos < y.end && y.pos < x.end) || (display !== false && x.dpos < y.dend && y.dpos < x.dend)) return true;
    }
  }
  return false;
}

/**
 * Aligned text: a row whose label wraps over lines, its cells aligned to different lines of it
 * (Word's 总计 cell aligned to the top, the others centred: the 总计 prints on the label's first
 * line, the rest on its second), reads as two rows on lines next to each other (at most a line
 * of a group label between them), each with a piece of the label and some of the numbers. They
 * are one row when neither prints a whole label, no two of their numbers stand in one column, and
 * their labels read together name the row (see joins). Otherwise one of the two would be matched
 * and the other's numbers lost.
 */
function joinWrapped(rows: readonly Row[], t: Targets, display: boolean | undefined): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i++) {
    const a = rows[i] as Row;
    const b = rows[i + 1];
    if (b && a.certainty === 'aligned' && b.certainty === 'aligned' && b.page === a.page && b.line - a.line <= 2
      && a.labels.length > 0 && b.labels.length > 0 && a.slots.some(nonBlank) && b.slots.some(nonBlank)
      && !a.unsure && !b.unsure && !a.tangle && !b.tangle && !a.doubt && !b.doubt
      && t.exact.get(normAt(a, anchorOf(a))) === undefined && t.exact.get(normAt(b, anchorOf(b))) === undefined
      && !sharesColumn(a, b, display)) {
      const joined: Row = {
        ...b,
        labels: [...a.labels, ...b.labels],
        anchor: a.labels.length + anchorOf(b),
        slots: [...a.slots, ...b.slots].sort((x, y) => x.pos - y.pos),
        noise: [...a.noise, ...b.noise],
        norms: [],
      };
      if (joins(joined, a, b, t)) {
        out.push(joined);
        i++;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

/**
 * A row whose label cell holds its own label and the next row's, whole and in the template's
 * order (`（七）总计` + `四、结转下年度继续办理`), followed by a row of numbers without a label: the
 * border between the two label cells was not drawn (Word's HTML sets many to none), so the reader
 * joined them. Each row gets its own label back. Only where the labels are exactly two template
 * rows' next to each other.
 */
function splitJoinedLabels(rows: readonly Row[], t: Targets, labels: readonly string[]): Row[] {
  const out = [...rows];
  for (let i = 0; i + 1 < out.length; i++) {
    const a = out[i] as Row, b = out[i + 1] as Row;
    if (b.page !== a.page || a.labels.length === 0 || !a.slots.some(nonBlank) || !b.slots.some(nonBlank)) continue;
    if (b.labels.some((_, k) => normAt(b, k) !== '')) continue;
    let joined = '';
    for (let k = 0; k < a.labels.length; k++) joined += normAt(a, k);
    for (let k = 0; k + 1 < labels.length; k++) {
      const first = normLabel(labels[k] as string), second = normLabel(labels[k + 1] as string);
      if (joined !== first + second || t.exact.get(first) !== k || t.exact.get(second) !== k + 1) continue;
      const at = a.labels[a.labels.length - 1] as Fragment;
      out[i] = { ...a, labels: [{ ...at, text: labels[k] as string }], anchor: 0, norms: [] };
      out[i + 1] = { ...b, labels: [{ ...at, line: b.line, text: labels[k + 1] as string }], anchor: 0, norms: [] };
      break;
    }
  }
  return out;
}

// ---------------------------------------------------------------- placing values

export interface Placed {
  value: number | null;
  /** Why the cell needs a person; null when the cell is certain (a number, or a printed blank). */
  reason: string | null;
  line: number;
  /** A scanned row's 总计 taken as its rightmost number: checked against the column's arithmetic. */
  rightmost?: boolean;
}

const nonBlank = (s: Slot) => s.kind !== 'blank';

function read(slot: Slot): Placed {
  if (slot.kind === 'blank') return { value: null, reason: null, line: slot.line };
  if (slot.kind === 'dash') return { value: null, reason: `原文此格填写为“${slot.text}”，按空白处理，请核对是否为0`, line: slot.line };
  if (slot.kind === 'odd') return { value: null, reason: slot.text.startsWith(OCR_UNSURE) ? slot.text.slice(1).replace('〕', '：') : `原文此格为“${slot.text}”，无法确定其数值，请核对`, line: slot.line };
  if (slot.value < 0) return { value: null, reason: `原文此格为负数“${slot.text}”，不是有效的件数`, line: slot.line };
  return { value: slot.value, reason: null, line: slot.line };
}

/** Where complete rows put each column, so a row with missing numbers can be placed. */
export interface Anchors {
  /** Per column: the spans complete rows printed there. */
  spans: { page: number; pos: number; end: number; dpos: number; dend: number }[][];
  /** Rows learned from whose spans are not in `spans` yet: most tables never need them (see spansOf). */
  learned: Row[];
  /** How the whole document's aligned text counts columns, when its tables tell (see textMeasure). */
  display?: boolean;
  /** Column centres read from the printed column headers of a page (see headerCentres). */
  headers?: (page: number, display: boolean, unchecked?: boolean) => number[] | null;
  /** What the spans tell, worked out once for every row placed (learn() forgets it). */
  derived: Derived | null;
  /** Tab rows whose value cells are their last fields, counted from the right (see fieldsFit). */
  rightAligned?: boolean;
  /** Aligned text: the placements pdftotext's runs leave each row (see runs.ts), worked out when first asked for. */
  runs?: () => Map<Row, number[][]>;
  /** Pages where a row prints its numbers one space apart, all of them, three or more or a complete row (see packedPage). */
  packed?: Set<number>;
  /** Where each column starts on a page whose numbers all start where a column header starts (see startColumns). */
  starts?: (page: number, display: boolean) => number[] | null;
}

interface Derived {
  /** By page * 2 + (display ? 1 : 0): each column's span on the page, null when they do not make columns. */
  ranges: Map<number, PageColumns | null>;
  /** By display ? 1 : 0: see spread(). */
  spreads: (number | undefined)[];
  /** Tab grids: each column's one field index, null when not one. */
  gridCols?: number[] | null;
  /** By page: whether its columns' spans come from one row at most (see byCharColumns). */
  oneRow: Map<number, boolean>;
}

type Extent = [number, number];

/** A page's columns, in one measure (see columnRanges). */
interface PageColumns {
  /** Each column's span, left to right. */
  cols: Extent[];
  /** The spans come from most of the page's complete rows, the others set apart: a row placed by them must stand wholly within them. */
  mixed: boolean;
}

/** The anchors' derived values, started afresh after learning. */
const derived = (anchors: Anchors): Derived => (anchors.derived ??= { ranges: new Map(), spreads: [], oneRow: new Map() });

/** Whether no column has more than one span learned on `page` (one row taught them all). */
function oneRowOnPage(anchors: Anchors, page: number): boolean {
  const d = derived(anchors);
  let one = d.oneRow.get(page);
  if (one === undefined) {
    one = spansOf(anchors).every((spans) => spans.filter((s) => s.page === page).length <= 1);
    d.oneRow.set(page, one);
  }
  return one;
}

export function newAnchors(n: number, display?: boolean, headers?: Anchors['headers']): Anchors {
  const spans: Anchors['spans'] = [];
  for (let j = 0; j < n; j++) spans.push([]);
  return { spans, learned: [], display, headers, derived: null };
}

/** Header words owned by one of `columns`: the one whose name contains the word (`机构` is in two: it tells nothing). */
export function ownerByNames(columns: readonly string[]): (text: string) => number {
  const norms = columns.map((c) => normLabel(c));
  return (text) => {
    const t = normLabel(text);
    if (t.length < 2) return -1;
    const hits = norms.flatMap((c, j) => (c.includes(t) ? [j] : []));
    return hits.length === 1 ? (hits[0] as number) : -1;
  };
}

/**
 * Each column's header centre on a page, in one measure: the words `owner` gives the column (its
 * words on one line are one header split by a space, 本年制 发件数: one span), which must stand at
 * one centre (stacked: 商业/企业). Null for a column with no word on the page; null for all when a
 * column's words stand apart.
 */
function pageCentres(table: TableRows, owners: readonly number[], n: number, page: number, display: boolean): (number | null)[] | null {
  const spans = new Map<string, { j: number; lo: number; hi: number }>();
  table.headers.forEach((h, k) => {
    const j = owners[k] as number;
    if (j < 0 || h.page !== page) return;
    const lo = display ? h.dpos : h.pos, hi = display ? h.dend : h.end;
    const key = `${j}:${h.line}`;
    const span = spans.get(key);
    if (span) {
      span.lo = Math.min(span.lo, lo);
      span.hi = Math.max(span.hi, hi);
    } else spans.set(key, { j, lo, hi });
  });
  const found: number[][] = [];
  for (let j = 0; j < n; j++) found.push([]);
  for (const { j, lo, hi } of spans.values()) found[j]?.push((lo + hi) / 2);
  const out: (number | null)[] = [];
  for (const cs of found) {
    if (cs.length === 0) out.push(null);
    else if (Math.max(...cs) - Math.min(...cs) > 1) return null;
    else out.push(cs.reduce((a, b) => a + b, 0) / cs.length);
  }
  return out;
}

/**
 * Column centres from a table's printed column headers (pdftotext prints them centred over their
 * columns, stacked when wrapped: 商业/企业): see pageCentres. Null unless every one of the `n`
 * columns is found, left to right. `rows`: the table rows placed in these columns, which must all
 * stand under them (`unchecked`: the centres before that check).
 */
function headerCentres(table: TableRows, owner: (text: string) => number, n: number, rows: readonly Row[]): NonNullable<Anchors['headers']> {
  // Computed on first use: most tables never need their headers.
  let owners: number[] | null = null;
  const memo = new Map<string, number[] | null>();
  return (page, display, unchecked = false) => {
    const key = `${page}:${display}:${unchecked}`;
    if (memo.has(key)) return memo.get(key) ?? null;
    owners ??= table.headers.map((h) => owner(h.text));
    const cs = pageCentres(table, owners, n, page, display);
    let out: number[] | null = [];
    for (const c of cs ?? [null]) {
      if (c === null || (out.length && c <= (out[out.length - 1] as number))) { out = null; break; }
      out.push(c);
    }
    if (unchecked) {
      memo.set(key, out);
      return out;
    }
    // pdftotext may squeeze header words (narrow CJK columns) away from their numbers: trust the
    // centres only when every row of the page with values stands clearly under them, in order, and
    // a complete row under exactly its own columns. Header words of two columns one space apart on
    // a line are one pdftotext run (see runs.ts): only the first stands where its column does, so
    // their centres say nothing (LibreOffice PDFs: `本年制发件数 本年废止件数 现行有效件数` put
    // 本年废止件数's number under 现行有效件数's centre), in display width no more than in characters:
    // it counts the same characters (Chromium: `本年废止件数 现行有效件数` put 现行有效件数's 3 under
    // 本年废止件数's centre in display width, where characters could not place it).
    if (out && packedHeaders(table, owners, page)) out = null;
    if (out) {
      const centres = out;
      const ok = rows.every((r) => {
        if (r.page !== page) return true;
        const vals = r.slots.filter(nonBlank);
        if (vals.length === 0) return true;
        const cols = underHeaders(vals, centres, display);
        return cols !== null && (vals.length < centres.length || cols.every((j, k) => j === k));
      });
      if (!ok) out = null;
    }
    memo.set(key, out);
    return out;
  };
}

/** Whether two header words of different columns stand one space apart on a line of the page. */
function packedHeaders(table: TableRows, owners: readonly number[], page: number): boolean {
  const hs = table.headers;
  for (let k = 1; k < hs.length; k++) {
    const a = hs[k - 1] as TableRows['headers'][number], b = hs[k] as TableRows['headers'][number];
    if (a.page !== page || b.page !== page || a.line !== b.line) continue;
    const oa = owners[k - 1] as number, ob = owners[k] as number;
    if (oa >= 0 && ob >= 0 && oa !== ob && b.pos - a.end <= 1) return true;
  }
  return false;
}

/** Values placed under header centres: each clearly nearest one centre (within a third of the gap to its neighbours). */
function underHeaders(vals: Slot[], centres: readonly number[], display: boolean): number[] | null {
  const n = centres.length;
  const out: number[] = [];
  for (const v of vals) {
    const c = display ? (v.dpos + v.dend) / 2 : (v.pos + v.end) / 2;
    let j = 0;
    for (let k = 1; k < n; k++) if (Math.abs((centres[k] as number) - c) < Math.abs((centres[j] as number) - c)) j = k;
    const gap = Math.min(j > 0 ? (centres[j] as number) - (centres[j - 1] as number) : Infinity,
      j < n - 1 ? (centres[j + 1] as number) - (centres[j] as number) : Infinity);
    if (Math.abs((centres[j] as number) - c) > gap / 3) return null;
    if (out.length && j <= (out[out.length - 1] as number)) return null;
    out.push(j);
  }
  return out;
}

/**
 * Where the columns of a page start, for text that a text browser laid out left-aligned (w3m,
 * elinks, links, lynx dump a table without borders so: each cell's text starts where its column
 * starts, header words and numbers alike): the header words of the page that start at or right of
 * the page's first number start at exactly `n` places, and every number of the table's rows on the
 * page starts exactly at one of them. A column blank all down the page still has its header. Text
 * that centres its numbers (pdftotext) starts them anywhere, and a page packed one space apart puts
 * them where their neighbours' widths do: neither fits. Else the places the numbers start at, where
 * they fit numberStarts. Null where the page does not fit.
 */
function startColumns(table: TableRows, rows: readonly Row[], n: number): (page: number, display: boolean) => number[] | null {
  const memo = new Map<string, number[] | null>();
  return (page, display) => {
    const key = `${page}:${display}`;
    if (memo.has(key)) return memo.get(key) ?? null;
    const at = (s: { pos: number; dpos: number }) => (display ? s.dpos : s.pos);
    const nums = rows.filter((r) => r.page === page).flatMap((r) => r.slots.filter(nonBlank));
    let out: number[] | null = null;
    if (nums.length > 0 && rows.every((r) => r.page !== page || r.certainty === 'aligned')) {
      const first = Math.min(...nums.map(at));
      const starts = [...new Set(table.headers.filter((h) => h.page === page).map(at).filter((p) => p >= first))].sort((a, b) => a - b);
      const set = new Set(starts);
      if (starts.length === n && nums.every((v) => set.has(at(v)))) out = starts;
      else out = numberStarts(nums.map(at), starts, n);
    }
    memo.set(key, out);
    return out;
  };
}

/**
 * Columns in the document's measure, or, when it is unknown, in each measure that places the row
 * (`cols` gives null where one does not): the same in both, or null.
 */
function inMeasures(anchors: Anchors, cols: (display: boolean) => number[] | null): number[] | null {
  const results: number[][] = [];
  for (const display of anchors.display === undefined ? [false, true] : [anchors.display]) {
    const c = cols(display);
    if (c) results.push(c);
  }
  if (results.length === 0 || results.some((r) => r.join() !== results[0]?.join())) return null;
  return results[0] as number[];
}

/**
 * A page whose numbers are left-aligned in their cells while its header words are centred (Word's
 * table as a text browser dumps it: a narrow column's header word starts a column or so right of
 * its numbers): the page's numbers start at exactly `n` places, at least three columns apart, each
 * within one column of a header word's start. Then each place is a column, left to right. A column
 * with no number on the page, or numbers right-aligned or centred (a one- and a two-digit number
 * start one apart), does not give `n` such places. Null where the page does not fit.
 */
function numberStarts(at: readonly number[], headerStarts: readonly number[], n: number): number[] | null {
  const places = [...new Set(at)].sort((a, b) => a - b);
  if (places.length !== n) return null;
  for (let k = 1; k < n; k++) if ((places[k] as number) - (places[k - 1] as number) < 3) return null;
  return places.every((p) => headerStarts.some((h) => Math.abs(h - p) <= 1)) ? places : null;
}

/**
 * Whether each of the row's numbers stands wholly within the span its column's complete rows cover
 * on the page (in characters, pdftotext's measure), as placed in `cols`.
 */
function withinColumns(row: Row, vals: readonly Slot[], cols: readonly number[], anchors: Anchors): boolean {
  const ranges = columnRanges(anchors, row.page, false)?.cols;
  if (!ranges) return false;
  return vals.every((v, k) => {
    const r = ranges[cols[k] as number];
    return r !== undefined && v.pos >= r[0] && v.end <= r[1];
  });
}

/**
 * Whether a number of the row, placed in `cols`, stands partly within what another column's
 * complete rows cover on the page, counted by characters (and by display width too, where the
 * text's measure is not known, unless it stands wholly within its columns by display width):
 * pdftotext may have pushed it there from its own. False where the page's complete rows make no
 * columns by characters.
 */
function reachesOtherColumn(row: Row, vals: readonly Slot[], cols: readonly number[], anchors: Anchors): boolean {
  /** Null where the page's complete rows make no columns in that measure. */
  const reaches = (display: boolean): boolean | null => {
    const ranges = columnRanges(anchors, row.page, display)?.cols;
    if (!ranges) return null;
    return vals.some((v, k) => {
      const [pos, end] = display ? [v.dpos, v.dend] : [v.pos, v.end];
      return ranges.some((r, j) => j !== cols[k] && pos <= r[1] && end >= r[0]);
    });
  };
  return reaches(false) === true && (anchors.display === false || reaches(true) !== false);
}

/** Columns from where the page's numbers start (see startColumns). */
function byStarts(row: Row, vals: Slot[], anchors: Anchors): number[] | null {
  const starts = anchors.starts;
  if (!starts || row.certainty !== 'aligned' || packedPage(anchors, row.page)) return null;
  return inMeasures(anchors, (display) => {
    const cols = starts(row.page, display);
    return cols && vals.map((v) => cols.indexOf(display ? v.dpos : v.pos));
  });
}

/** Columns from the page's headers; without the document's measure, a measure whose centres the whole page confirms (see headerCentres). */
function byHeaderCentres(row: Row, vals: Slot[], anchors: Anchors): number[] | null {
  const headers = anchors.headers;
  if (!headers || row.certainty !== 'aligned' || packedPage(anchors, row.page)) return null;
  const n = anchors.spans.length;
  // Where the text's measure is not known, a row that stands under its page's header words in
  // display width but not in characters is not placed so: pdftotext counts characters (in display
  // width a LibreOffice PDF's `81` stood under 本年废止件数, not its 现行有效件数), and text laid out by
  // display width (w3m, lynx, elinks, links) lines its complete rows up, which tells its measure.
  if (anchors.display === undefined) {
    const fits = (display: boolean) => {
      const centres = headers(row.page, display, true);
      return centres?.length === n ? underHeaders(vals, centres, display) !== null : null;
    };
    if (fits(false) === false && fits(true) === true) return null;
  }
  return inMeasures(anchors, (display) => {
    const centres = headers(row.page, display);
    return centres?.length === n ? underHeaders(vals, centres, display) : null;
  });
}

/** How far apart (twice the centre, pos + end) a column's numbers may stand and still line up. */
const LINED_UP = 3;

/**
 * Whether aligned text counts columns by character (pdftotext) or by display width (CJK = 2),
 * from the complete rows of the document's tables: the measure in which same-sized rows
 * of a page line their numbers up better, and line them up. Undefined when the rows do not tell.
 */
export function textMeasure(tables: readonly { rows: TableRows; columns: number }[]): boolean | undefined {
  let chars = 0, display = 0;
  const linesUp = [true, true];
  for (const { rows: t, columns } of tables) {
    if (t.certainty !== 'aligned') continue;
    // Complete rows by page (all of one size here: `columns`).
    const groups = new Map<number, Slot[][]>();
    for (const r of t.rows) {
      // Only complete rows: in a row with blanks the j-th number is not the j-th column. Nor rows
      // packed one space apart: where their numbers stand depends on their widths (see packedPage).
      const vals = r.slots.filter(nonBlank);
      if (vals.length !== columns || packed(vals)) continue;
      const rows = groups.get(r.page);
      if (rows) rows.push(vals);
      else groups.set(r.page, [vals]);
    }
    for (const rows of groups.values()) {
      if (rows.length < 2) continue;
      for (let j = 0; j < columns; j++) {
        let cLo = Infinity, cHi = -Infinity, dLo = Infinity, dHi = -Infinity;
        for (const v of rows) {
          const s = v[j] as Slot;
          const c = s.pos + s.end, d = s.dpos + s.dend;
          if (c < cLo) cLo = c;
          if (c > cHi) cHi = c;
          if (d < dLo) dLo = d;
          if (d > dHi) dHi = d;
        }
        chars += cHi - cLo;
        display += dHi - dLo;
        if (cHi - cLo > LINED_UP) linesUp[0] = false;
        if (dHi - dLo > LINED_UP) linesUp[1] = false;
      }
    }
  }
  // The better measure tells only where its columns line up (centres within a character and a
  // half: centred or left-aligned numbers of one to four digits). Where neither does, as in a
  // Chromium PDF's rows laid out by runs, a spread of 18 against 20 is chance, not a measure.
  if (chars !== display && linesUp[chars < display ? 0 : 1]) return chars < display ? false : true;
  return columnMeasure(tables);
}

/**
 * The measure in which every number of a page stands in one of the table's columns, when the
 * complete rows cannot tell (one per page): the centres of all numbers (rows with two or more)
 * fall into at most `columns` tight clusters in the measure the text was laid out in; in the other
 * one each line's CJK label shifts its numbers differently. Undefined unless exactly one measure
 * fits (numbers aligned otherwise than centred fit neither: the old rule, both must agree, holds).
 */
function columnMeasure(tables: readonly { rows: TableRows; columns: number }[]): boolean | undefined {
  const fits = [true, true];
  let seen = false;
  for (const { rows: t, columns } of tables) {
    if (t.certainty !== 'aligned') continue;
    const pages = new Map<number, Slot[]>();
    for (const r of t.rows) {
      const vals = r.slots.filter(nonBlank);
      if (vals.length < 2 || vals.length > columns || packed(vals)) continue;
      const page = pages.get(r.page);
      if (page) page.push(...vals);
      else pages.set(r.page, vals);
    }
    for (const vals of pages.values()) {
      seen = true;
      [false, true].forEach((display, m) => {
        const cs = vals.map((v) => (display ? v.dpos + v.dend : v.pos + v.end) / 2).sort((x, y) => x - y);
        // Clusters split where centres are more than 1.5 apart; a column's own (centred) numbers
        // differ by at most one, so a wider cluster is numbers of several columns run together.
        let k = 1, start = cs[0] as number;
        for (let i = 1; i < cs.length; i++) {
          const c = cs[i] as number;
          if (c - (cs[i - 1] as number) <= 1.5) continue;
          if ((cs[i - 1] as number) - start > 1) fits[m] = false;
          k++;
          start = c;
        }
        if ((cs[cs.length - 1] as number) - start > 1 || k > columns) fits[m] = false;
      });
    }
  }
  if (!seen || fits[0] === fits[1]) return undefined;
  return fits[1] === true;
}

/** Takes a complete row's value positions as the columns' (when first asked for: spansOf). */
export function learn(anchors: Anchors, row: Row): void {
  anchors.learned.push(row);
  anchors.derived = null;
}

/** The anchors' spans, with the rows learned so far in them. */
function spansOf(anchors: Anchors): Anchors['spans'] {
  for (const row of anchors.learned) {
    const vals = row.slots.filter(nonBlank);
    const complete = vals.length === anchors.spans.length;
    if (vals.length >= (complete ? 2 : 3) && packed(vals)) (anchors.packed ??= new Set()).add(row.page);
    if (complete) vals.forEach((s, j) => anchors.spans[j]?.push({ page: row.page, pos: s.pos, end: s.end, dpos: s.dpos, dend: s.dend }));
  }
  anchors.learned.length = 0;
  return anchors.spans;
}

type Span = Anchors['spans'][number][number];
const center = (s: Span, display: boolean) => (display ? s.dpos + s.dend : s.pos + s.end) / 2;

/**
 * How far complete rows scatter around each column, in one measure of text columns. pdftotext
 * counts characters; text laid out by display width counts a CJK character as 2. The right
 * measure is the one where a column's numbers line up.
 */
function spread(anchors: Anchors, display: boolean): number {
  const known = derived(anchors).spreads[display ? 1 : 0];
  if (known !== undefined) return known;
  let total = 0;
  for (const spans of spansOf(anchors)) {
    const byPage = new Map<number, number[]>();
    for (const s of spans) {
      const cs = byPage.get(s.page);
      if (cs) cs.push(center(s, display));
      else byPage.set(s.page, [center(s, display)]);
    }
    for (const cs of byPage.values()) total += Math.max(...cs) - Math.min(...cs);
  }
  derived(anchors).spreads[display ? 1 : 0] = total;
  return total;
}

/**
 * Each column's span on the page, in one measure; null unless every column has one, left to right
 * apart. Where the page's complete rows do not make columns together, a strict majority of them
 * that stand alike (each number overlapping the others' in its column) gives them, when every
 * other one is set apart as pdftotext sets a row whose first numbers it put in one block with the
 * label text beside them (see byCharColumns): those numbers wholly left of the first column, nine
 * characters left of the others' in the rows beside a Word table's merged 三、本年度办理结果 cell,
 * the row's other numbers in their columns. A row placed by such a page's columns must stand
 * wholly within them.
 */
function columnRanges(anchors: Anchors, page: number, display: boolean): PageColumns | null {
  const key = page * 2 + (display ? 1 : 0);
  let ranges = derived(anchors).ranges.get(key);
  if (ranges !== undefined) return ranges;
  const rows = pageRows(spansOf(anchors), page, display);
  const all = rows && spanRanges(rows);
  ranges = all && { cols: all, mixed: false };
  if (rows && !all && rows.length >= 3) {
    const alike = (a: readonly Extent[], b: readonly Extent[]) => a.every(([lo, hi], j) => lo < (b[j] as Extent)[1] && (b[j] as Extent)[0] < hi);
    let most: Extent[][] = [];
    for (const r of rows) {
      const group = rows.filter((q) => alike(q, r));
      if (group.length > most.length) most = group;
    }
    const apart = most.length * 2 > rows.length ? spanRanges(most) : null;
    // Every other complete row must be set apart so: its first numbers wholly left of the first
    // column, the others each in its own column. Rows that differ otherwise (LibreOffice's PDF,
    // where pdftotext sets each number past its neighbours) leave the page without columns.
    const setApart = (r: readonly Extent[], cols: readonly Extent[]) => {
      let k = 0;
      while (k < r.length && (r[k] as Extent)[1] < (cols[0] as Extent)[0]) k++;
      return k > 0 && alike(r.slice(k), cols.slice(k));
    };
    if (apart && rows.every((r) => most.includes(r) || setApart(r, apart))) ranges = { cols: apart, mixed: true };
  }
  derived(anchors).ranges.set(key, ranges);
  return ranges;
}

/** The complete rows' spans on a page in one measure, one array per row (each complete row gave every column one); null when a column has none. */
function pageRows(spans: Anchors['spans'], page: number, display: boolean): Extent[][] | null {
  const cols = spans.map((c) => c.filter((s) => s.page === page));
  const count = cols[0]?.length ?? 0;
  if (count === 0 || cols.some((c) => c.length !== count)) return null;
  return Array.from({ length: count }, (_, k) => cols.map((c) => {
    const s = c[k] as Span;
    return (display ? [s.dpos, s.dend] : [s.pos, s.end]) as Extent;
  }));
}

/** Each column's extent over `rows`, null unless the columns stand left to right apart. */
function spanRanges(rows: readonly (readonly Extent[])[]): Extent[] | null {
  const ranges: Extent[] = [];
  for (let j = 0; j < (rows[0]?.length ?? 0); j++) {
    const lo = Math.min(...rows.map((r) => (r[j] as Extent)[0])), hi = Math.max(...rows.map((r) => (r[j] as Extent)[1]));
    if (j > 0 && lo < (ranges[j - 1] as Extent)[1]) return null;
    ranges.push([lo, hi]);
  }
  return ranges;
}

/** The most numbers a row prints one after another on one line, one space apart: one pdftotext run. */
function packedRun(vals: readonly Slot[]): number {
  let most = vals.length > 0 ? 1 : 0, run = 1;
  for (let j = 1; j < vals.length; j++) {
    const a = vals[j - 1] as Slot, b = vals[j] as Slot;
    run = b.line === a.line && b.pos - a.end === 1 ? run + 1 : 1;
    if (run > most) most = run;
  }
  return most;
}

/** Whether the numbers are on one line, one space apart: one pdftotext run (see packedPage). */
function packed(vals: readonly Slot[]): boolean {
  return packedRun(vals) === vals.length;
}

/**
 * Whether the page's numbers stand where their columns are. pdftotext prints the words standing
 * close together on the page as one run, one space apart, and only a run's first word where
 * something on the page left of it ends (see runs.ts): where a complete row of the page prints its
 * numbers one space apart (narrow columns, a Chromium-printed PDF), where a number stands depends
 * on its neighbours' widths, not on its column. A row of small numbers there (`77 0 30       5 46`:
 * 5 in 法律服务机构, 46 in 其他) then stands under other columns (其他, 总计) of the page's complete
 * rows, or a lone number under another column's header word: such pages are read by runs only.
 * A row printing all its numbers one space apart, three or more or a complete row, marks the page
 * (text laid out by position leaves two spaces or more between columns of numbers).
 */
function packedPage(anchors: Anchors, page: number): boolean {
  spansOf(anchors);
  return anchors.packed?.has(page) ?? false;
}

function byCharColumns(row: Row, vals: Slot[], anchors: Anchors, display: boolean): number[] | null {
  if (packedPage(anchors, row.page)) return null;
  const page = columnRanges(anchors, row.page, display);
  if (!page) return null;
  // A page whose columns only most of its complete rows make: the row may stand apart as the others did.
  const { cols: ranges, mixed } = page;
  const narrow = oneRowOnPage(anchors, row.page);
  const out: number[] = [];
  // Numbers wholly left of the first column, before any other: pdftotext set them in one block
  // with the label text beside them (a wrapped label reaching towards the first column draws the
  // row's first numbers into its block), where a word stands by its place in that block, not on
  // the page. They keep their order: they fill the columns left of the row's first number placed
  // by position, when exactly as many are free there; else the row is not placed.
  let floating = 0;
  while (floating < vals.length && (display ? (vals[floating] as Slot).dend : (vals[floating] as Slot).end) < (ranges[0] as Extent)[0]) floating++;
  for (const v of vals.slice(floating)) {
    const p = display ? v.dpos : v.pos, e = display ? v.dend : v.end;
    if (mixed && !ranges.some(([lo, hi]) => p >= lo && e <= hi)) return null;
    // The one column the value overlaps. Where the page's columns are known from one row only,
    // each as narrow as that row's number, also no other column it touches: a number that
    // starts where one column's number ends and ends inside the next one's could be either.
    let hit = -1, near = 0;
    for (let j = 0; j < ranges.length; j++) {
      const [lo, hi] = ranges[j] as Extent;
      if (p > hi || e < lo) continue;
      near++;
      if (!(p < hi && e > lo)) continue;
      if (hit >= 0) return null;
      hit = j;
    }
    if (hit < 0 || (near > 1 && narrow)) return null;
    out.push(hit);
  }
  if (floating > 0 && out[0] !== floating) return null;
  const cols = [...Array.from({ length: floating }, (_, j) => j), ...out];
  return cols.every((j, k) => k === 0 || j > (cols[k - 1] as number)) ? cols : null;
}

/** A tab grid's columns: the one field index each column's spans share, increasing; else null. */
function gridColumns(anchors: Anchors): number[] | null {
  const known = derived(anchors).gridCols;
  if (known !== undefined) return known;
  let cols: number[] | null = [];
  for (const spans of spansOf(anchors)) {
    const set = new Set(spans.map((s) => s.pos));
    if (set.size !== 1) { cols = null; break; }
    cols.push([...set][0] as number);
  }
  if (cols) for (let j = 1; j < cols.length; j++) if ((cols[j] as number) <= (cols[j - 1] as number)) { cols = null; break; }
  derived(anchors).gridCols = cols;
  return cols;
}

/** Column of each value by position, or null when any value is not unambiguous. */
function byPosition(row: Row, vals: Slot[], anchors: Anchors | undefined): number[] | null {
  if (!anchors || (row.certainty !== 'grid' && row.certainty !== 'aligned')) return null;
  if (row.certainty === 'grid') {
    const cols = gridColumns(anchors);
    if (!cols) return null;
    const out = vals.map((v) => cols.indexOf(v.pos));
    return out.every((j) => j >= 0) ? out : null;
  }
  if (anchors.display !== undefined) return byCharColumns(row, vals, anchors, anchors.display);
  const chars = spread(anchors, false), display = spread(anchors, true);
  if (chars < display) return byCharColumns(row, vals, anchors, false);
  if (display < chars) return byCharColumns(row, vals, anchors, true);
  // No evidence which measure the text uses: both must agree.
  const a = byCharColumns(row, vals, anchors, false), b = byCharColumns(row, vals, anchors, true);
  return a && b && a.join() === b.join() ? a : null;
}

/** A row whose numbers stand off the columns the page's complete rows make, as pdftotext's runs or its reach into another column shows. */
const OFF_COLUMNS = '转换后的文本中，该行数字的位置与同页其他行的栏目位置不一致，无法确定其所属栏目';

/**
 * The row's values as `n` cells. `rightmostIsTotal`: in scanned text a 申请 row's last number is
 * its 总计 (the column always filled), so it stays certain when the others cannot be placed.
 */
export function place(row: Row, n: number, anchors?: Anchors, rightmostIsTotal = false): Placed[] {
  if (row.unsure) return blanks(n, row.unsure, row.line);
  let slots = row.slots;
  // Tab rows of different widths whose every row ends with exactly its value cells: counted from
  // the right, each field is its column, blank ones included (see rightAligned).
  if (anchors?.rightAligned && row.fields?.length === n) return withNoise(row, row.fields.map(read));
  // A tab grid without complete rows to learn columns from: its fields are its cells.
  const gridUnanchored = row.certainty === 'grid' && (!anchors || spansOf(anchors).every((s) => s.length === 0));
  const kept = row.certainty === 'exact' || row.certainty === 'kept' || gridUnanchored;
  if (kept) {
    const [lo, hi] = ownCells(row, n);
    if (lo > 0 || hi < slots.length) slots = slots.slice(lo, hi);
    if (slots.length === n) return withNoise(row, slots.map(read));
    // lynx drops the blank cells that end a row: without a blank run, its cells are the first ones.
    if (row.trailingDropped && slots.length < n && slots.length > 0) {
      if (slots.every(nonBlank)) return withNoise(row, [...slots.map(read), ...blanks(n - slots.length, null, row.line)]);
      return blanks(n, '该行连续的空白格被合并为一处，无法确定各数字所属栏目，请核对', row.line);
    }
  }
  const vals = slots.filter(nonBlank);
  if (vals.length === n) return withNoise(row, vals.map(read));
  const blank = (reason: string | null): Placed[] => blanks(n, reason, row.line);
  // A layout that prints every cell, blank ones too, printed none on this row: its cells are elsewhere.
  if (row.slots.length === 0 && (row.certainty === 'exact' || row.certainty === 'kept' || row.certainty === 'grid')) {
    return blank('此行未印出各栏（含空白栏），数字可能在别的行，请核对原文');
  }
  // Nor does one that prints blank cells but fewer than its columns (a label cell split in two by
  // the reader leaves a piece of label with a blank cell or two): its cells are not shown empty.
  if (vals.length === 0 && slots.length < n && !row.trailingDropped && (row.certainty === 'exact' || row.certainty === 'grid')) {
    return blank('此行只印出部分空白栏，数字可能在别的行，请核对原文');
  }
  if (vals.length === 0) return withNoise(row, blank(row.doubt ?? row.spill ?? null));
  if (vals.length > n) return blank(`该行印有${vals.length}个数字，多于${n}个栏目，无法确定各数字所属栏目`);
  const cols = byPosition(row, vals, anchors) ?? (anchors ? byStarts(row, vals, anchors) ?? byHeaderCentres(row, vals, anchors) ?? byRuns(row, anchors) : null);
  // Where the page's columns are known from one complete row only, or a number of the row stands
  // partly outside what its column's complete rows cover, and pdftotext's runs read the row too, a
  // placement they rule out is no placement: the columns of those rows stand elsewhere on this one
  // (pdftotext sets each number past what stands left of it on the page, so a row's numbers shift
  // with its neighbours).
  const needsRuns = cols && anchors && (oneRowOnPage(anchors, row.page) || !withinColumns(row, vals, cols, anchors));
  const ruled = needsRuns ? runWays(row, anchors) : null;
  if (cols && ruled && !ruled.some((w) => w.join() === cols.join())) return blank(OFF_COLUMNS);
  // Nor where the runs cannot read the page and a number reaches into another column (text not
  // known to count by display width): pdftotext may have pushed it right, out of its own column
  // (`41  221` with 221 at 47-49, where the page's complete rows put 其他 at 44-47 and 法律服务 at
  // 48-56: 221 was 其他's, read as 法律服务's).
  if (needsRuns && !ruled && row.certainty === 'aligned' && anchors.display !== true && reachesOtherColumn(row, vals, cols, anchors)) return blank(OFF_COLUMNS);
  if (cols) {
    const out = blank(row.spill ?? null);
    cols.forEach((j, k) => { out[j] = read(vals[k] as Slot); });
    return withNoise(row, out);
  }
  const reason = `该行只印出${vals.length}个数字（应有${n}个栏目），无法确定其所属栏目`;
  const out = blank(reason);
  // Scanned text drops blank cells, so only 总计 can be placed, as the rightmost number, and only
  // when the row's arithmetic bears it out: it is at least the sum of the other numbers printed
  // (OCR may have lost some). A blank 总计, or a table without one (its header says so), would
  // otherwise put 其他 there.
  const last = slots[slots.length - 1];
  if (rightmostIsTotal && row.certainty === 'loose' && last && last.kind === 'number' && atLeastSum(vals.slice(0, -1), last.value)) {
    out[n - 1] = { ...read(last), rightmost: true };
  }
  return out;
}

const SPILLED = '转换后的文本中相邻一行印出的数字多于栏目数，本行的数字可能被排到了那一行，此格空白未必属实，请核对原文';

/**
 * pdftotext may print a row's last numbers on the next row's line (where the font's boxes are
 * taller than a row, the words of two rows overlap both lines): that line then prints more
 * numbers than the table has columns. The rows next to it may have lost numbers to it, or taken
 * some of its own: their blank cells are not certain (`Row.spill`).
 */
function spillDoubts(table: TableRows, rows: Iterable<Row>, n: number): void {
  if (table.certainty !== 'aligned') return;
  const ordered = [...rows].sort((a, b) => a.line - b.line);
  ordered.forEach((row, i) => {
    if (row.slots.filter(nonBlank).length <= n) return;
    for (const near of [ordered[i - 1], ordered[i + 1]]) {
      if (near && near.page === row.page && Math.abs(near.line - row.line) <= 3) near.spill ??= SPILLED;
    }
  });
}

const STRAY = '转换后的文本中相邻一行印有数字，却不属于表中任何一行，本行的数字可能印到了那一行，此格空白未必属实，请核对原文';

/**
 * A line between the table's rows that prints numbers but is matched to no row (a piece of a
 * row whose label wraps, printed on a line of its own; not a page's running header or footer,
 * whose dates and page numbers are no numbers of a cell): the rows next to it may have lost
 * numbers to it, so their blank cells are not certain (`Row.spill`).
 */
function strayDoubts(table: TableRows, matched: ReadonlySet<Row>): void {
  const rows = table.rows;
  // Lines of numbers alone that rows out of step share are theirs (Row.tangle).
  const tangled = new Set<Row>();
  for (const row of matched) for (const bare of row.tangle?.bare ?? []) tangled.add(bare);
  let before: Row | undefined;
  const strays: Row[] = [];
  for (const row of rows) {
    if (matched.has(row)) {
      for (const stray of strays) for (const near of [before, row]) if (near && near.page === stray.page) near.spill ??= STRAY;
      strays.length = 0;
      before = row;
    } else if (before && !tangled.has(row) && row.slots.some((x) => x.kind === 'number')) strays.push(row);
  }
}

/** Columns of an aligned row from pdftotext's runs, where they leave it one placement. */
function byRuns(row: Row, anchors: Anchors): number[] | null {
  const ways = runWays(row, anchors);
  return ways?.length === 1 ? (ways[0] as number[]) : null;
}

/**
 * Every placement pdftotext's runs leave an aligned row (character measure only: pdftotext counts
 * characters), or null when they do not read it.
 */
function runWays(row: Row, anchors: Anchors): number[][] | null {
  if (row.certainty !== 'aligned' || !anchors.runs || anchors.display === true) return null;
  return anchors.runs().get(row) ?? null;
}

/** The runs of a table's rows, worked out once when first needed (see runs.ts). */
function lazyRuns(rows: readonly Row[], n: number, table: TableRows, owner: (text: string) => number): () => Map<Row, number[][]> {
  let out: Map<Row, number[][]> | null = null;
  return () => (out ??= runPlacements(rows, n, table, owner));
}

/** Whether `total` is at least the sum of the numbers (every one a number). */
function atLeastSum(vals: readonly Slot[], total: number): boolean {
  let sum = 0;
  for (const v of vals) {
    if (v.kind !== 'number') return false;
    sum += v.value;
  }
  return total >= sum;
}

function blanks(n: number, reason: string | null, line: number): Placed[] {
  const out: Placed[] = [];
  for (let j = 0; j < n; j++) out.push({ value: null, reason, line });
  return out;
}

function withNoise(row: Row, cells: Placed[]): Placed[] {
  if (row.noise.length === 0) return cells;
  const reason = `该行含有无法识别的符号“${row.noise.join('')}”，请核对`;
  return cells.map((c) => (c.value === null && c.reason === null ? { ...c, reason } : c));
}

/**
 * The span [lo, hi) of a row's slots that are its own cells where the layout prints every cell:
 * blank cells beyond its `n` columns dropped from either end (from the end first where merged
 * cells' covered parts end rows: Row.trailingCovered).
 */
function ownCells(row: Row, n: number): [number, number] {
  const slots = row.slots;
  let lo = 0, hi = slots.length;
  if (row.trailingCovered) while (hi - lo > n && slots[hi - 1]?.kind === 'blank') hi--;
  while (hi - lo > n && slots[lo]?.kind === 'blank') lo++;
  while (hi - lo > n && slots[hi - 1]?.kind === 'blank') hi--;
  return [lo, hi];
}

/** A one-value item (许可/处罚/强制/收费): the grid may repeat or pad its merged cell. */
function placeSingle(row: Row): Placed {
  if (row.unsure) return { value: null, reason: row.unsure, line: row.line };
  const vals = row.slots.filter(nonBlank);
  if (vals.length === 0) return withNoise(row, [{ value: null, reason: row.doubt ?? row.spill ?? null, line: row.line }])[0] as Placed;
  if (vals.every((v) => v.text === (vals[0] as Slot).text)) return read(vals[0] as Slot);
  return { value: null, reason: `该项只有一个栏目，却印有${vals.length}个不同的数字`, line: row.line };
}

/**
 * One cell per line, where a blank cell leaves empty lines of its own (a page saved as text), shows
 * every cell of every row: a row that prints a number prints exactly its columns' cells (blank
 * cells beyond them at either end aside: ownCells). A table one of whose rows does not
 * is not such a page but, say, a PDF's text in the order of its blocks (`pdftotext` without
 * -layout), where labels, header words and numbers come interleaved and which row a number
 * follows says nothing: every row of the table is unsure. `rows`: the table's matched rows, each
 * with its number of columns; a row of `table` (when given) that prints a number and is none of
 * them is such a sign too. lynx's rows (trailingDropped, shiftedRuns) close blank runs up and are not read so.
 */
function cellsOutOfOrder(table: TableRows | null, rows: readonly (readonly [Row, number])[]): void {
  const kept = rows.filter(([r]) => r.certainty === 'kept' && !r.trailingDropped && !r.shiftedRuns);
  if (kept.length === 0) return;
  // Nor is a table printing numbers on a row that is none of its rows (`维持 纠正 结果 审结 / 257 215 200`).
  const matched = new Set(rows.map(([r]) => r));
  const stray = table?.rows.some((r) => !matched.has(r) && r.certainty === 'kept' && !r.trailingDropped && !r.shiftedRuns && r.slots.some(nonBlank)) ?? false;
  const shown = ([r, n]: readonly [Row, number]) => {
    const [lo, hi] = ownCells(r, n);
    return hi - lo === n;
  };
  if (!stray && kept.every((x) => !x[0].slots.some(nonBlank) || shown(x))) return;
  for (const [r] of kept) r.unsure ??= CELLS_OUT_OF_ORDER;
}
const CELLS_OUT_OF_ORDER = '转换后的文本未按表格逐格印出（有的行印出的格数与栏目数不符），无法确定各数字所属的行和栏目，请核对原文';

// ---------------------------------------------------------------- the three tables

export interface TableResult {
  found: boolean;
  review: ReviewEntry[];
  /** 申请: whether the report shows it keeps the template's sums, so the arithmetic may witness (arith.ts requestsKept); worked out when first asked. */
  keepsSums?: () => boolean;
}

/** Where a table's cells go: values and lines into the report's sheet, doubts into review. */
interface Sink {
  sheet: Sheet;
  review: ReviewEntry[];
}

function put(sink: Sink, cell: SheetCell, p: Placed): void {
  setSheet(sink.sheet, cell, p.value, p.line);
  if (p.reason) sink.review.push({ section: cell.section, row: cell.row, column: cell.column, reason: p.reason, line: p.line });
}

function missing(review: ReviewEntry[], cell: CellRef, reason: string, line: number | null): void {
  review.push({ section: cell.section, row: cell.row, column: cell.column, reason, line });
}

const ROW_MISSING = '表中未找到此行，请核对原文';
/** The headers of the three-column items (规章, 行政规范性文件). */
const ACTIVE_3_OWNER = ownerByNames((ACTIVE_ITEMS[0].fields as readonly ActiveField[]).map((f) => ACTIVE_FIELD_LABELS[f]));

export function matchActive(table: TableRows, sheet: Sheet, template2019: boolean, display?: boolean, copied = false): TableResult {
  const review: ReviewEntry[] = [];
  const sink: Sink = { sheet, review };
  const byItem = assign(table.rows, ACTIVE_TARGETS);
  const threeColumnRows: Row[] = [];
  ACTIVE_ITEMS.forEach((item, k) => {
    const row = byItem.get(k);
    if (item.fields.length === 3 && row) threeColumnRows.push(row);
  });
  // The 2019 form prints rows of its own (其他对外管理服务事项) and cells of other widths: only its
  // three rows of 处理决定数量 are known, three cells each.
  cellsOutOfOrder(template2019 ? null : table, ACTIVE_ITEMS.flatMap((item, k) => {
    const row = byItem.get(k);
    if (!row || (template2019 && item.fields[0] !== 'decisions')) return [];
    return [[row, template2019 ? 3 : item.fields.length] as const];
  }));
  const anchors3 = newAnchors(3, display, headerCentres(table, ACTIVE_3_OWNER, 3, threeColumnRows));
  for (const row of byItem.values()) learn(anchors3, row);
  anchors3.rightAligned = copied;
  ACTIVE_ITEMS.forEach((item, k) => {
    const row = byItem.get(k);
    const fields = item.fields as readonly string[];
    const cells = ACTIVE_CELLS[k] as SheetCell[];
    if (template2019) {
      // Only 处理决定数量, the third column of 许可/处罚/强制, means the same in both templates.
      if (fields[0] !== 'decisions') return;
      if (!row) return missing(review, cells[0] as SheetCell, ROW_MISSING, null);
      return put(sink, cells[0] as SheetCell, place(row, 3, anchors3)[2] as Placed);
    }
    if (!row) {
      for (const c of cells) missing(review, c, ROW_MISSING, null);
      return;
    }
    if (fields.length === 1) return put(sink, cells[0] as SheetCell, placeSingle(row));
    let placed = place(row, fields.length, anchors3);
    if (unplaced(placed)) placed = byHeaderStarts(row, table, fields.length, ACTIVE_3_OWNER) ?? placed;
    placed.forEach((p, j) => put(sink, cells[j] as SheetCell, p));
  });
  return { found: byItem.size > 0, review };
}

const IDENTITY: ColumnOrder = REQUEST_COLUMNS.map((_, j) => j);
const REQUEST_OWNER = columnOwner;
/** The rows of the group （六）其他处理, which the 2019 template prints as one. */
const OTHER_ROWS = REQUEST_ROWS.flatMap((r, k) => ((r.group as string | null) === OTHER_GROUP ? [k] : []));

/**
 * Whether a document's tables are tab rows of different widths that end every row with its value
 * cells (a browser's copy of a page whose tables have merged cells): every row of its 申请 table
 * that prints a number has, after its label, exactly one one-cell field per column, and there are
 * at least five such rows. A scan's text, where blank cells are lost or kept at random, does not
 * fit; one such document is read as before (fields by order, uncertain where cells are missing).
 */
export function fieldsFit(requests: TableRows | null): boolean {
  if (!requests || requests.certainty !== 'loose') return false;
  let seen = 0;
  for (const row of requests.rows) {
    if (!row.slots.some(nonBlank)) continue;
    if (row.fields?.length !== REQUEST_COLUMNS.length) return false;
    seen++;
  }
  return seen >= 5;
}

/** The printed order of aligned text's request columns, from the header words of its first header page. */
function alignedRequestOrder(table: TableRows, rows: readonly Row[], display?: boolean): ReturnType<typeof alignedOrder> {
  const page = table.headers[0]?.page;
  if (page === undefined) return null;
  const owners = table.headers.map((h) => columnOwner(h.text));
  const centres = (d: boolean) => pageCentres(table, owners, REQUEST_COLUMNS.length, page, d);
  const order = alignedOrder(centres, display);
  if (order === null || order === 'unclear' || inTemplateOrder(order)) return order;
  // An order other than the template's moves every number of the table: it stands only where the
  // page's complete rows stand under it, each number between the header words of the columns
  // either side of its own (text whose lines were re-spaced after pdftotext, its leading spaces
  // trimmed, stacks header words of one line left of another's, in an order the numbers do not
  // follow).
  const complete = rows.filter((r) => r.page === page && r.slots.filter(nonBlank).length === order.length && r.slots.every((s) => s.line === r.line));
  const fits = (d: boolean) => {
    const cs = centres(d);
    if (!cs) return false;
    const at = (k: number) => cs[order[k] as number] ?? null;
    return complete.every((r) => r.slots.filter(nonBlank).every((s, k) => {
      const c = d ? (s.dpos + s.dend) / 2 : (s.pos + s.end) / 2;
      const left = k > 0 ? at(k - 1) : -Infinity, right = k + 1 < order.length ? at(k + 1) : Infinity;
      return left !== null && right !== null && left < c && c < right;
    }));
  };
  const measures = display === undefined ? [false, true] : [display];
  return complete.length > 0 && measures.some(fits) ? order : 'unclear';
}

/** Whether the columns stand in the template's order, some perhaps missing. */
const inTemplateOrder = (order: ColumnOrder) => order.every((j, k) => k === 0 || j > (order[k - 1] as number));

/** A row placed in the printed columns, put back in the template's: a column the report does not print is null with a review entry. */
function toTemplate(placed: Placed[], order: ColumnOrder, line: number): Placed[] {
  if (order === IDENTITY) return placed;
  const out = REQUEST_COLUMNS.map((c): Placed => ({ value: null, line, reason: `原表未列出“${c.short}”栏，此格无数字，请核对` }));
  order.forEach((j, k) => { out[j] = placed[k] as Placed; });
  return out;
}

export function matchRequests(printed: TableRows, sheet: Sheet, display?: boolean, copied = false): TableResult {
  const table: TableRows = { ...printed, rows: splitJoinedLabels(joinWrapped(printed.rows, REQUEST_TARGETS, display), REQUEST_TARGETS, REQUEST_LABELS) };
  const review: ReviewEntry[] = [];
  const sink: Sink = { sheet, review };
  const byRow = assign(table.rows, REQUEST_TARGETS);
  // The header decides the columns wherever it is printed (see columns.ts).
  const rows = byRow.values();
  const verdict = requestColumns(table, rows, table.certainty === 'aligned' ? alignedRequestOrder(table, rows, display) : null);
  const order = verdict.kind === 'order' ? verdict.order : IDENTITY;
  const n = order.length;
  const owner = order === IDENTITY ? columnOwner : (text: string) => order.indexOf(columnOwner(text));
  const anchors = newAnchors(n, display, headerCentres(table, owner, n, rows));
  anchors.rightAligned = copied;
  const totalLast = order[n - 1] === TOTAL_COLUMN;
  const placeRow = (row: Row): Placed[] => (verdict.kind === 'unclear'
    ? blanks(REQUEST_COLUMNS.length, `${verdict.why}，无法确定各数字所属栏目`, row.line)
    : toTemplate(place(row, n, anchors, totalLast), order, row.line));
  // The 2019 template's undivided （六）其他处理: a row whose label is the group itself.
  const otherGroup = GROUPS.indexOf(OTHER_GROUP);
  let undivided: Row | undefined;
  const matched = new Set<Row>();
  for (const row of byRow.values()) matched.add(row);
  for (const row of table.rows) {
    if (matched.has(row) || !row.slots.some(nonBlank)) continue;
    const g = scores(row, GROUP_TARGETS);
    if ((g[otherGroup] ?? 0) >= GROUP_MATCH && g.every((s) => s <= (g[otherGroup] as number))) {
      undivided = row;
      break;
    }
  }
  const useUndivided = undivided && OTHER_ROWS.every((k) => !byRow.has(k));
  /** The table's matched rows, the undivided one too. */
  const matchedRows = useUndivided && undivided ? [...byRow.values(), undivided] : [...byRow.values()];
  cellsOutOfOrder(table, matchedRows.map((r) => [r, n] as const));
  spillDoubts(table, matchedRows, n);
  strayDoubts(table, new Set(matchedRows));
  // Every printed row of the table shows where its page's columns stand.
  for (const row of matchedRows) learn(anchors, row);
  if (table.certainty === 'aligned') {
    anchors.starts = startColumns(table, matchedRows, n);
    anchors.runs = lazyRuns(matchedRows, n, table, owner);
  }
  const undividedCells = useUndivided && undivided ? placeRow(undivided) : null;
  // Rows are placed first and stored after the 总计 column is checked (see uncheckedTotals).
  const placedRows = new Map<string, PlacedRow>();
  REQUEST_ROWS.forEach((r, k) => {
    const row = byRow.get(k);
    const cells = REQUEST_CELLS[k] as SheetCell[];
    if (undividedCells && (r.group as string | null) === OTHER_GROUP) {
      undividedCells.forEach((p, j) => {
        const cell = cells[j] as SheetCell;
        if (p.reason) return put(sink, cell, p);
        if (p.value === 0) return put(sink, cell, p);
        // A blank group cell is certain for the group, not for the three rows it does not print.
        if (p.value === null) {
          return put(sink, cell, { value: null, line: p.line, reason: '原表“其他处理”未分三项，此格空白，各项是否为0请核对' });
        }
        put(sink, cell, {
          value: null, line: p.line,
          reason: `原表“其他处理”未分三项，合计${p.value}无法拆分到各项，请核对`,
        });
      });
      return;
    }
    if (!row) {
      for (const c of cells) missing(review, c, ROW_MISSING, null);
      return;
    }
    const placed = placeRow(row);
    placedRows.set(r.key, { placed, printed: row.slots.some(nonBlank), doubted: row.doubt !== undefined });
  });
  // Worked out when first asked: by the rows the arithmetic may place (on the cells as the layout
  // placed them), else by the 复议诉讼 table (the arithmetic placed none).
  let kept: boolean | undefined;
  const keepsSums = () => (kept ??= requestsKept(certainCells(placedRows)));
  if (order === IDENTITY && verdict.kind !== 'unclear') witnessedRows(placedRows, byRow, keepsSums, (row) => runWays(row, anchors));
  uncheckedTotals(placedRows);
  REQUEST_ROWS.forEach((r, k) => {
    const placed = placedRows.get(r.key)?.placed;
    if (placed) placed.forEach((p, j) => put(sink, (REQUEST_CELLS[k] as SheetCell[])[j] as SheetCell, p));
  });
  return { found: byRow.size > 0 || undivided !== undefined, review, keepsSums };
}

/** A 申请 row as placed: its cells, whether it printed a number, whether its printing none is in doubt (Row.doubt). */
interface PlacedRow {
  placed: Placed[];
  printed: boolean;
  doubted: boolean;
}

/** 申请 cells by template row and column: a number, null for a certain blank, undefined when not known. */
function certainCells(rows: ReadonlyMap<string, { placed: Placed[] }>): (row: number, column: number) => number | null | undefined {
  return (k, j) => {
    const c = rows.get((REQUEST_ROWS[k] as (typeof REQUEST_ROWS)[number]).key)?.placed[j];
    return !c || c.reason !== null ? undefined : c.value;
  };
}

/** Whether a row could not be placed: every cell null with a review entry. */
const unplaced = (placed: readonly Placed[]) => placed.length > 0 && placed.every((p) => p.value === null && p.reason !== null);

/**
 * Rows the layout lets stand in several ways (see arith.ts) placed by the template's arithmetic,
 * where exactly one way satisfies it; a row placed so makes its cells known to the next ones.
 * Only for a report that shows it keeps its sums (requestsKept).
 */
function witnessedRows(
  rows: Map<string, PlacedRow>,
  byRow: { get(target: number): Row | undefined },
  keepsSums: () => boolean,
  layoutWays: (row: Row) => number[][] | null,
): void {
  const pending = new Map<number, NonNullable<ReturnType<typeof waysOf>>>();
  /** Rows out of step, by template row: their numbers are not (all) on their own lines. */
  const tangled = new Map<number, Tangle>();
  REQUEST_ROWS.forEach((r, k) => {
    const row = byRow.get(k);
    const placed = rows.get(r.key)?.placed;
    if (!row || !placed || !unplaced(placed)) return;
    if (row.tangle) {
      tangled.set(k, row.tangle);
      return;
    }
    // A row out of step outside a tangle: the numbers on its line may not be its own.
    if (row.unsure) return;
    const ways = narrowed(waysOf(row, REQUEST_COLUMNS.length), layoutWays(row));
    if (ways) pending.set(k, ways);
  });
  if ((pending.size > 0 || tangled.size > 0) && !keepsSums()) return;
  const cell = certainCells(rows);
  /** Rows placed so far: a tangle tried since then without success is not tried again. */
  let version = 0;
  const tried = new Map<Tangle, number>();
  /** Row k stands as `way`: its cells certain, blanks included. */
  const stand = (k: number, way: Way) => {
    const entry = rows.get((REQUEST_ROWS[k] as (typeof REQUEST_ROWS)[number]).key) as { placed: Placed[] };
    const line = (byRow.get(k) as Row).line;
    entry.placed = way.map((s) => (s ? read(s) : { value: null, reason: null, line }));
    version++;
  };
  /**
   * Two rows out of step (rows.ts Tangle), both matched and neither placed: placed together where
   * every assignment of their numbers that the arithmetic bears out agrees (arith.ts tangledRows).
   * Whether any row was placed.
   */
  const untangle = (): boolean => {
    let placed = false;
    for (const [a, tangle] of tangled) {
      const b = [...tangled.keys()].find((k) => k !== a && tangled.get(k) === tangle);
      if (b === undefined || byRow.get(a) !== tangle.rows[0] || byRow.get(b) !== tangle.rows[1] || tried.get(tangle) === version) continue;
      tried.set(tangle, version);
      const numbers: TangledNumber[] = [...tangle.rows, ...tangle.bare]
        .flatMap((row) => row.slots.filter((s) => s.kind !== 'blank').map((slot) => ({ slot, line: slot.line })))
        .sort((x, y) => x.line - y.line || x.slot.pos - y.slot.pos);
      const ways = tangledRows(a, b, numbers, cell, pending, tangle.rows[1].labels[tangle.rows[1].anchor]?.line ?? tangle.rows[1].line);
      if (ways && standAll(tangled, [[a, ways[0]], [b, ways[1]]])) placed = true;
    }
    return placed;
  };
  /** Rows stand as their ways (undefined: left open) and leave `open`; whether any did. */
  const standAll = (open: Map<number, unknown>, ways: readonly (readonly [number, Way | undefined])[]): boolean => {
    let any = false;
    for (const [k, way] of ways) {
      if (!way) continue;
      stand(k, way);
      open.delete(k);
      any = true;
    }
    return any;
  };
  let changed = pending.size > 0 || tangled.size > 0;
  const budget = { pairs: PAIR_BUDGET };
  while (changed) {
    changed = false;
    changed = untangle() || changed;
    for (const [k, ways] of pending) {
      const way = requestWay(k, ways, cell);
      if (!way) continue;
      stand(k, way);
      pending.delete(k);
      changed = true;
    }
    // Two rows that only a relation they share can place (上年结转 and 结转下年度, both open).
    if (!changed && budget.pairs > 0) {
      const open = [...pending.keys()];
      for (let x = 0; x < open.length && !changed; x++) {
        for (let y = x + 1; y < open.length && !changed; y++) {
          const a = open[x] as number, b = open[y] as number;
          const pair = requestPair(a, pending.get(a) as Way[], b, pending.get(b) as Way[], cell, budget);
          if (pair) changed = standAll(pending, [[a, pair[0]], [b, pair[1]]]);
        }
      }
    }
  }
  // Outcome rows that leave each other's column sums open: placed together where they all agree.
  for (const [k, way] of outcomeRowsTogether(pending, cell)) {
    stand(k, way);
    pending.delete(k);
  }
  // The rest: the cells every way that adds up agrees on (a row's 总计 where any of its other
  // cells may be the blank one); the others keep their review entry.
  for (const [k, ways] of pending) {
    const cells = requestCells(k, ways, cell);
    if (!cells) continue;
    const entry = rows.get((REQUEST_ROWS[k] as (typeof REQUEST_ROWS)[number]).key) as { placed: Placed[] };
    const line = (byRow.get(k) as Row).line;
    entry.placed = entry.placed.map((p, j) => {
      const s = cells[j];
      return s === undefined ? p : s ? read(s) : { value: null, reason: null, line };
    });
  }
}

/**
 * The ways the layout lets a row stand (arith.ts waysOf), kept to those the layout's own rule
 * leaves it (`placements`: the column of each printed number, per placement; null when the rule
 * does not read the row).
 */
function narrowed(ways: Way[] | null, placements: readonly number[][] | null): Way[] | null {
  if (!ways || !placements) return ways;
  const kept = ways.filter((w) => {
    const at = w.flatMap((s, j) => (s ? [j] : []));
    return placements.some((cols) => at.length === cols.length && at.every((j, k) => j === cols[k]));
  });
  return kept.length > 0 ? kept : null;
}

/**
 * Scanned rows' 总计 taken as their rightmost number (see place()) stand only where the 总计
 * column's own arithmetic bears them out: 本年新收 + 上年结转 = 办理结果总计 + 结转下年度, and 办理结果
 * 总计 = the sum of the outcome rows. A row that prints nothing counts 0 (a scan drops blank cells),
 * except 办理结果总计, which is then the outcome rows' sum. When no relation can be worked out, or
 * one fails, every 总计 taken so is null with a review entry: it may be another column's number
 * (a blank 总计 cell leaves 其他 rightmost).
 */
function uncheckedTotals(rows: Map<string, PlacedRow>): void {
  const taken = [...rows.values()].filter((r) => r.placed[TOTAL_COLUMN]?.rightmost);
  if (taken.length === 0 || totalsAddUp(rows)) return;
  for (const r of taken) {
    const cell = r.placed[TOTAL_COLUMN] as Placed;
    r.placed[TOTAL_COLUMN] = {
      value: null, line: cell.line,
      reason: `扫描表格丢失了空白格，此行最右的数字${cell.value}无法用总计栏的勾稽关系核实为总计，请核对`,
    };
  }
}

/** Whether the 总计 column's relations can be worked out and hold (see uncheckedTotals). */
function totalsAddUp(rows: Map<string, PlacedRow>): boolean {
  /** The row's 总计: 0 when it prints nothing, null when not known. */
  const total = (key: string): number | null => {
    const r = rows.get(key);
    if (!r) return null;
    if (r.printed) return r.placed[TOTAL_COLUMN]?.value ?? null;
    // Unless its blank is in doubt (its numbers may be printed elsewhere).
    return r.doubted ? null : 0;
  };
  const outcomes = OUTCOME_ROWS.map(total);
  const sum = outcomes.every((v) => v !== null) ? (outcomes as number[]).reduce((a, b) => a + b, 0) : null;
  const printedTotal = rows.get('processed_total')?.printed ? total('processed_total') : sum;
  if (printedTotal !== null && sum !== null && Math.abs(printedTotal - sum) > 1e-9) return false;
  const [n, c, f] = [total('new'), total('carried_over'), total('carried_forward')];
  if (n === null || c === null || f === null || printedTotal === null) return false;
  return Math.abs(n + c - printedTotal - f) < 1e-9;
}

/** Group headings spanning several columns: not a column's own header. */
const SPANNING = [...APPEAL_GROUPS.flatMap((g) => g.label.split(' / ')), ...REQUEST_COLUMNS.flatMap((c) => c.label.split(' / ').slice(0, -1))]
  .map((t) => bigrams(normLabel(t)));

/** A header word of a group heading spanning several columns (remembered: reports repeat them). */
function spanning(text: string): boolean {
  let v = SPANNING_MEMO.get(text);
  if (v === undefined) {
    const grams = bigrams(normLabel(text));
    v = SPANNING.some((g) => dice(grams, g) >= 0.7);
    if (SPANNING_MEMO.size >= MEMO_LIMIT) SPANNING_MEMO.clear();
    SPANNING_MEMO.set(text, v);
  }
  return v;
}
const SPANNING_MEMO = new Map<string, boolean>();

/** Whether a header word may name one column (not a group heading spanning several). */
const columnWord = (h: TableRows['headers'][number]) => h.text.length <= 6 && !spanning(h.text);

/**
 * Anchors from the column headers, for a table without a complete row (pdftotext appeals row
 * with blank cells): header words of one page clustered by their centre. Used only when the
 * clusters number exactly the columns, in one measure of text columns.
 */
function headerAnchors(table: TableRows, page: number, n: number, display: boolean): Anchors | null {
  const cells = table.headers.filter((h) => h.page === page && columnWord(h));
  const items = cells.map((h) => {
    const pos = display ? h.dpos : h.pos, end = display ? h.dend : h.end;
    return { c: (pos + end) / 2, pos, end };
  }).sort((a, b) => a.c - b.c);
  const clusters: { c: number; pos: number; end: number }[][] = [];
  for (const it of items) {
    const last = clusters[clusters.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && it.c - prev.c <= 2) last.push(it);
    else clusters.push([it]);
  }
  if (clusters.length !== n) return null;
  // Stacked words of one column (结果/维持) share one centre in the measure the text was laid out
  // in; in the other measure the CJK before them shifts each line differently.
  if (clusters.some((cl) => Math.max(...cl.map((x) => x.c)) - Math.min(...cl.map((x) => x.c)) > 1)) return null;
  const anchors = newAnchors(n);
  clusters.forEach((cl, j) => {
    const c = cl.reduce((sum, x) => sum + x.c, 0) / cl.length;
    anchors.spans[j]?.push({ page, pos: c - 0.5, end: c + 0.5, dpos: c - 0.5, dend: c + 0.5 });
  });
  return anchors;
}

/**
 * The measure of aligned text read from column headers, when complete rows cannot tell
 * (textMeasure): stacked header words of a column share one centre only in the measure the text
 * was laid out in. Undefined unless exactly one measure lines the headers up.
 */
export function headerMeasure(requests: TableRows | null, appeals: TableRows | null): boolean | undefined {
  const ok = (display: boolean): boolean => {
    const r = requests?.certainty === 'aligned' && requests.headers[0]
      ? headerCentres(requests, REQUEST_OWNER, REQUEST_COLUMNS.length, [])(requests.headers[0].page, display) !== null : false;
    const a = appeals?.certainty === 'aligned' && appeals.headers[0]
      ? headerAnchors(appeals, appeals.headers[0].page, APPEAL_COLUMNS.length * APPEAL_GROUPS.length, display) !== null : false;
    return r || a;
  };
  const chars = ok(false), display = ok(true);
  return chars === display ? undefined : display;
}

/**
 * Where the column headers put each of the row's values: the column whose header centre is nearest,
 * when it is clearly nearer than its neighbours (within a third of the gap between them), else null
 * for that value. Null when the headers tell nothing: no anchors, the measures disagree, or the
 * values they place are out of order or leave too few columns for the values between them.
 */
function headerPins(row: Row, table: TableRows, n: number, measure?: boolean): (number | null)[] | null {
  const vals = row.slots.filter(nonBlank);
  if (row.certainty !== 'aligned' || vals.length === 0 || vals.length >= n) return null;
  // Header words one space apart on a line are one pdftotext run: only the first stands where its
  // column does, so their centres place nothing (LibreOffice: `维持 纠正 结果 审结    结果 结果 其他
  // 尚未` stacks into fifteen evenly spaced centres that the numbers below do not follow; see
  // headerCentres). Stacked, they still tell the measure (headerMeasure). Each column word counts
  // as a column of its own: 复议诉讼 names three columns 结果维持.
  if (packedHeaders(table, table.headers.map((h, k) => (columnWord(h) ? k : -1)), row.page)) return null;
  const results: (number | null)[][] = [];
  // The document's measure when its tables tell (see textMeasure); else both, which must agree.
  for (const display of measure === undefined ? [false, true] : [measure]) {
    const anchors = headerAnchors(table, row.page, n, display);
    if (!anchors) continue;
    const centres = anchors.spans.map((s) => ((s[0]?.pos ?? 0) + 0.5));
    const pins = vals.map((v) => {
      const c = display ? (v.dpos + v.dend) / 2 : (v.pos + v.end) / 2;
      const d = centres.map((x) => Math.abs(x - c));
      const j = d.indexOf(Math.min(...d));
      const gap = Math.min(j > 0 ? (centres[j] as number) - (centres[j - 1] as number) : Infinity,
        j < n - 1 ? (centres[j + 1] as number) - (centres[j] as number) : Infinity);
      return (d[j] as number) > gap / 3 ? null : j;
    });
    // Pinned values in order, with room for the unpinned ones around them.
    let last = -1, lastK = -1;
    const ordered = [...pins, n].every((j, k) => {
      if (j === null) return true;
      const room = j - last - 1 >= k - lastK - 1;
      [last, lastK] = [j, k];
      return room;
    });
    if (ordered) results.push(pins);
  }
  if (results.length === 0 || (results.length === 2 && results[0]?.join() !== results[1]?.join())) return null;
  return results[0] as (number | null)[];
}

/** Values placed under header centres, when the headers pin every one (`pins`: headerPins). */
function byHeaders(row: Row, pins: readonly (number | null)[] | null, n: number): Placed[] | null {
  if (!pins || pins.includes(null)) return null;
  const vals = row.slots.filter(nonBlank);
  const placed = blanks(n, null, row.line);
  pins.forEach((j, k) => { placed[j as number] = read(vals[k] as Slot); });
  return placed;
}

/**
 * Values placed under left-aligned column headers (w3m and elinks dump a table without borders
 * so: `结果维持 结果纠正 … 总计` over `173      259 …`): the page's one-column header words (not a
 * group heading spanning several) start at exactly as many places as there are columns, and every
 * value starts exactly where one of them starts, left to right, in one measure of text columns.
 * A header wrapped in its cell (`结果维` / `持` in a narrow dump) starts each of its lines where
 * the cell starts, so it adds words but no place. Null otherwise. `owner`: only the header words
 * naming a column count (a table whose label column has a header of its own: 信息内容).
 */
function byHeaderStarts(row: Row, table: TableRows, n: number, owner?: (text: string) => number): Placed[] | null {
  const vals = row.slots.filter(nonBlank);
  if (row.certainty !== 'aligned' || vals.length === 0 || vals.length >= n) return null;
  // With `owner`, the header words that name one of the columns (本年制发件数, not 信息内容).
  const words = table.headers.filter((h) => h.page === row.page && (owner ? owner(h.text) >= 0 : h.text.length <= 6 && !spanning(h.text)));
  for (const display of [true, false]) {
    const starts = [...new Set(words.map((h) => (display ? h.dpos : h.pos)))].sort((a, b) => a - b);
    if (starts.length !== n) continue;
    const cols = vals.map((v) => starts.indexOf(display ? v.dpos : v.pos));
    if (cols.some((j, k) => j < 0 || (k > 0 && j <= (cols[k - 1] as number)))) continue;
    const placed = blanks(n, null, row.line);
    cols.forEach((j, k) => { placed[j] = read(vals[k] as Slot); });
    return withNoise(row, placed);
  }
  return null;
}

/**
 * `keepsSums`: the report's 申请 table shows it keeps the template's sums (arith.ts requestsKept);
 * only then may a group's arithmetic witness where a blank 复议诉讼 cell stands.
 */
export function matchAppeals(table: TableRows, sheet: Sheet, display?: boolean, copied = false, keepsSums: () => boolean = () => false): TableResult {
  const review: ReviewEntry[] = [];
  const sink: Sink = { sheet, review };
  const per = APPEAL_COLUMNS.length;
  const all = per * APPEAL_GROUPS.length;
  // Rows printing values: not a page's running header or footer in the table (`12/5/26, 9:39 AM`,
  // `3/4`), whose slots are all unreadable as cells.
  const withValues = table.rows.filter((r) => r.slots.some((s) => s.kind !== 'blank' && s.kind !== 'odd'));
  const ref = (g: number, c: number): SheetCell => (APPEAL_CELLS[g] as SheetCell[])[c] as SheetCell;
  // The template's appeals table is one row of 15 cells.
  const full = withValues.find((r) => r.slots.filter(nonBlank).length === all)
    ?? withValues.find((r) => (r.certainty === 'exact' || r.certainty === 'kept') && r.slots.length >= all)
    ?? (withValues.length === 1 ? withValues[0] : undefined);
  if (full) {
    cellsOutOfOrder(table, [[full, all]]);
    // A browser's copy (see fieldsFit): each field its column.
    const fields = copied && full.fields?.length === all ? { ...newAnchors(all), rightAligned: true } : undefined;
    const pins = headerPins(full, table, all, display);
    let placed = byHeaders(full, pins, all) ?? byHeaderStarts(full, table, all) ?? place(full, all, fields);
    if (unplaced(placed) && keepsSums()) {
      // The cells every way that adds up agrees on, among the ways that keep each value the
      // headers pin under its column; the others keep their review entry.
      const vals = full.slots.filter(nonBlank);
      const ways = waysOf(full, all)?.filter((w) => !pins || pins.every((j, k) => j === null || w[j] === vals[k]));
      const cells = ways && appealsCells(ways);
      if (cells) placed = cells.map((s, i) => (s === undefined ? placed[i] as Placed : s ? read(s) : { value: null, reason: null, line: full.line }));
    }
    placed.forEach((p, i) => put(sink, ref(Math.floor(i / per), i % per), p));
    return { found: true, review };
  }
  // Some reports print one row per group: 行政复议 / 未经复议直接起诉 / 复议后起诉.
  const byGroup = assign(withValues, APPEAL_TARGETS);
  cellsOutOfOrder(table, [...byGroup.values()].map((r) => [r, per] as const));
  APPEAL_GROUPS.forEach((_, g) => {
    const row = byGroup.get(g);
    if (!row) {
      for (let c = 0; c < per; c++) missing(review, ref(g, c), ROW_MISSING, null);
      return;
    }
    place(row, per).forEach((p, c) => put(sink, ref(g, c), p));
  });
  return { found: byGroup.size > 0, review };
}

/** Review entries for a table the report does not print at all. */
export function tableMissing(section: TableKey, reason: string, cells: readonly CellRef[]): ReviewEntry[] {
  return cells.filter((c) => c.section === section).map((c) => ({ section: c.section, row: c.row, column: c.column, reason, line: null }));
}
