/**
 * The template's arithmetic as a witness, never as a guess: a row whose numbers the layout lets
 * stand in several ways (lynx merges a run of blank cells into one empty line and drops the blank
 * cells ending a row; pdftotext closes blank cells up) is placed only when exactly one of the ways
 * satisfies every relation of the template it touches, and every other way breaks one. Where
 * several ways satisfy them, a cell on which they all agree is placed (a 复议诉讼 group that adds up
 * only as printed, beside a group whose blank could be any of four cells; a row's 总计), and the
 * others stay null with their review entry: the truth is one of those ways when the report adds up.
 *
 * Relations: the template's, from shared/relations.ts (a blank cell counts 0 here, as offices
 * leave zeros blank):
 * - 申请: a row's 总计 is the sum of its six applicant columns; in each column, 本年新收 + 上年结转 =
 *   办理结果总计 + 结转下年度, and 办理结果总计 = the sum of the 21 outcome rows;
 * - 复议诉讼: each group's 总计 is the sum of its other four columns.
 * A relation is worked out only when every other cell it holds is known (printed and certain);
 * the others cannot witness. Reports whose values break the arithmetic are never placed so.
 */
import { APPEAL_RELATIONS, BALANCE_RELATIONS, PROCESSED_RELATIONS, ROW_TOTAL_RELATIONS } from '../../../shared/relations.ts';
import type { Relation } from '../../../shared/relations.ts';
import { APPEAL_COLUMNS, APPEAL_GROUPS, REQUEST_COLUMNS, REQUEST_ROWS } from '../template.ts';
import type { ReviewEntry } from '../template.ts';
import type { Row, Slot } from './rows.ts';
import { APPEAL_CELLS, REQUEST_CELLS, type Sheet, type SheetCell } from './sheet.ts';

/** One way to place a row: per column, the slot standing there, or null for a blank cell. */
export type Way = (Slot | null)[];

const MAX_WAYS = 5000;
const nonBlank = (s: Slot) => s.kind !== 'blank';

/**
 * Every way the layout lets the row's numbers stand in `n` columns, or null when the layout says
 * where they stand (or too many ways). Only rows of plain numbers: a dash or an odd cell is
 * reviewed anyway.
 * - lynx (`trailingDropped`): each blank slot is a run of one or more blank cells, and blank cells
 *   may end the row;
 * - aligned and closed text, and lynx's table whose layout it gave up half-way (`shiftedRuns`:
 *   a run of blank cells may leave no trace there): the numbers in order, in any of the columns;
 *   for lynx, with a blank cell wherever the row shows a blank slot (a run that left a trace).
 */
export function waysOf(row: Row, n: number): Way[] | null {
  const vals = row.slots.filter(nonBlank);
  if (vals.length === 0 || vals.length >= n || vals.some((v) => v.kind !== 'number')) return null;
  const out: Way[] = [];
  if (row.trailingDropped) {
    const slots = row.slots;
    const cur: Way = [];
    const walk = (i: number): void => {
      if (out.length > MAX_WAYS || cur.length > n) return;
      if (i === slots.length) {
        out.push([...cur, ...new Array<null>(n - cur.length).fill(null)]);
        return;
      }
      const s = slots[i] as Slot;
      if (s.kind !== 'blank') {
        cur.push(s);
        walk(i + 1);
        cur.pop();
        return;
      }
      for (let len = 1; cur.length + len <= n; len++) {
        for (let k = 0; k < len; k++) cur.push(null);
        walk(i + 1);
        cur.length -= len;
      }
    };
    walk(0);
  } else if (row.certainty === 'aligned' || row.certainty === 'closed' || row.shiftedRuns) {
    // lynx's blank slots (shiftedRuns) each stand for a run of one or more blank cells: before
    // value k (gapBefore[k]; k = vals.length: the row's end) the way must leave a blank cell.
    const gapBefore = new Array<boolean>(vals.length + 1).fill(false);
    if (row.shiftedRuns) {
      let k = 0;
      for (const s of row.slots) if (s.kind === 'blank') gapBefore[k] = true; else k++;
    }
    const cur: Way = [];
    const walk = (k: number): void => {
      if (out.length > MAX_WAYS) return;
      if (cur.length === n) {
        if (k === vals.length && (!gapBefore[k] || cur[n - 1] === null)) out.push([...cur]);
        return;
      }
      if (n - cur.length > vals.length - k) {
        cur.push(null);
        walk(k);
        cur.pop();
      }
      if (k < vals.length && (!gapBefore[k] || (cur.length > 0 && cur[cur.length - 1] === null))) {
        cur.push(vals[k] as Slot);
        walk(k + 1);
        cur.pop();
      }
    };
    walk(0);
  } else return null;
  // One way is the layout's answer only where lynx's blank runs narrowed the ways to it.
  return out.length >= (row.shiftedRuns ? 1 : 2) && out.length <= MAX_WAYS ? out : null;
}

/** A way's values (blank = null). */
const valuesOf = (way: Way): (number | null)[] => way.map((s) => (s ? s.value : null));

/**
 * The one way that satisfies the relations, when exactly one does and every other breaks one;
 * else null. `holds(values)`: true when every relation the row's cells touch and that can be
 * worked out holds, false when one breaks, null when none can be worked out.
 */
function onlyWay(ways: readonly Way[], holds: (values: readonly (number | null)[]) => boolean | null): Way | null {
  const cells = agreedCells(ways, holds);
  return cells && cells.every((s) => s !== undefined) ? (cells as Way) : null;
}

/**
 * Per column, what every way that satisfies the relations puts there (a slot, or null for a
 * blank cell), or undefined where they differ: the cells the arithmetic settles although the row
 * as a whole may stand in several ways (a group of 复议诉讼 that adds up whichever way, beside one
 * where a blank could be any of four cells). Null when no way satisfies them, or when one cannot
 * be worked out. With one satisfying way, that way.
 */
function agreedCells(ways: readonly Way[], holds: (values: readonly (number | null)[]) => boolean | null): (Slot | null | undefined)[] | null {
  let agreed: (Slot | null | undefined)[] | null = null;
  for (const way of ways) {
    const values = valuesOf(way);
    const ok = holds(values);
    if (ok === null) return null;
    if (!ok) continue;
    if (!agreed) agreed = [...way];
    else agreed.forEach((s, j) => { if (s !== undefined && (s?.value ?? null) !== values[j]) agreed![j] = undefined; });
  }
  return agreed;
}

/** A relation of shared/relations.ts with its cells as [row, column] indexes into a table's grid. */
interface IndexedRelation {
  left: readonly (readonly [number, number])[];
  right: readonly (readonly [number, number])[];
}

function indexed(relations: readonly Relation[], at: (key: string) => readonly [number, number]): IndexedRelation[] {
  return relations.map((r) => ({ left: r.left.map(at), right: r.right.map(at) }));
}

/**
 * Whether a relation holds, a blank counting 0: true or false, or null when one of its cells is
 * not known (undefined), so it cannot witness.
 */
function holdsWith(rel: IndexedRelation, at: (row: number, column: number) => number | null | undefined): boolean | null {
  let left = 0;
  let right = 0;
  for (const [row, j] of rel.left) { const x = at(row, j); if (x === undefined) return null; left += x ?? 0; }
  for (const [row, j] of rel.right) { const x = at(row, j); if (x === undefined) return null; right += x ?? 0; }
  return left === right;
}

const APPEAL_GROUP = new Map<string, number>(APPEAL_GROUPS.map((g, k) => [g.key, k]));
const APPEAL_COLUMN = new Map<string, number>(APPEAL_COLUMNS.map((c, k) => [c.key, k]));
const APPEALS = indexed(APPEAL_RELATIONS, (key) => {
  const [, group, column] = key.split('.') as [string, string, string];
  return [APPEAL_GROUP.get(group) as number, APPEAL_COLUMN.get(column) as number];
});

/**
 * 复议诉讼: the cells of the 15-cell row that every way whose three groups each add up to their 总计
 * agrees on (undefined where they differ; see agreedCells), or null.
 */
export function appealsCells(ways: readonly Way[]): (Slot | null | undefined)[] | null {
  const per = APPEAL_COLUMNS.length;
  return agreedCells(ways, (v) => APPEALS.every((rel) => holdsWith(rel, (g, j) => v[g * per + j] ?? null) !== false));
}

const REQUEST_ROW = new Map<string, number>(REQUEST_ROWS.map((r, k) => [r.key, k]));
const REQUEST_COLUMN = new Map<string, number>(REQUEST_COLUMNS.map((c, k) => [c.key, k]));
/** A 申请 cell key (`requests.row.column`) as [row, column] of the table's grid. */
const requestCell = (key: string): readonly [number, number] => {
  const [, row, column] = key.split('.') as [string, string, string];
  return [REQUEST_ROW.get(row) as number, REQUEST_COLUMN.get(column) as number];
};
const PROCESSED = indexed(PROCESSED_RELATIONS, requestCell);
const REQUESTS = [...indexed([...ROW_TOTAL_RELATIONS, ...BALANCE_RELATIONS], requestCell), ...PROCESSED];
/** Per template row, the relations holding one of its cells. */
const TOUCHING = REQUEST_ROWS.map((_, k) => REQUESTS.filter((rel) => [...rel.left, ...rel.right].some(([row]) => row === k)));

/**
 * 申请: the one way of row `r` (template row index, template columns) that satisfies the relations
 * it touches (row 总计; 新收 + 结转 = 办理结果总计 + 结转下年度; 办理结果总计 = the outcome rows), given
 * the other rows' cells: a number, null for a certain blank, undefined when not known.
 */
export function requestWay(r: number, ways: readonly Way[], cell: (row: number, column: number) => number | null | undefined): Way | null {
  return onlyWay(ways, requestHolds(r, cell));
}

/** 申请: the cells of row `r` that every way satisfying the relations agrees on (see agreedCells). */
export function requestCells(r: number, ways: readonly Way[], cell: (row: number, column: number) => number | null | undefined): (Slot | null | undefined)[] | null {
  return agreedCells(ways, requestHolds(r, cell));
}

/**
 * 申请: whether the report shows that it keeps the template's sums, so that the arithmetic may
 * witness its other rows: no relation the certain cells work out breaks, and at least two hold
 * with a number other than 0 in them. A report that breaks one (a blank 总计 beside numbers, totals
 * that do not add up), or that shows too little to tell, is not witnessed: with small numbers a
 * way often adds up by chance (`0 0 4 4 8`: 8 = 0 + 0 + 4 + 4, where 8 is 其他 and 总计 is blank).
 */
export function requestsKept(cell: (row: number, column: number) => number | null | undefined): boolean {
  let held = 0;
  for (const rel of REQUESTS) {
    const h = holdsWith(rel, cell);
    if (h === false) return false;
    if (h && [...rel.left, ...rel.right].some(([row, j]) => (cell(row, j) ?? 0) !== 0)) held++;
  }
  return held >= MIN_HELD;
}

/** Relations that must hold, with a number other than 0, before the arithmetic witnesses (see requestsKept). */
const MIN_HELD = 2;

function requestHolds(r: number, cell: (row: number, column: number) => number | null | undefined) {
  const relations = TOUCHING[r] as readonly IndexedRelation[];
  return (v: readonly (number | null)[]): boolean => {
    const at = (row: number, j: number): number | null | undefined => (row === r ? (v[j] ?? null) : cell(row, j));
    return relations.every((rel) => holdsWith(rel, at) !== false);
  };
}

/** Hard limit on the pairs of ways tried for two rows (see requestPair)… */
const MAX_PAIRS = 5_000;
/** …and for all the rows of one table together (`budget`). */
export const PAIR_BUDGET = 20_000;

/**
 * 申请: two rows that no relation places alone but that share one (上年结转 and 结转下年度, each
 * column's 本年新收 + 上年结转 = 办理结果总计 + 结转下年度), placed together: every pair of their ways
 * that satisfies the relations either touches, given the other rows' cells. Per row, the one way
 * every such pair gives it, or undefined where the pairs differ; null when the rows share no
 * relation, no pair satisfies them, or there are too many pairs to try (for the two rows, or
 * for what is left of the table's `budget`, which it takes them from).
 */
export function requestPair(
  a: number, waysA: readonly Way[], b: number, waysB: readonly Way[], cell: (row: number, column: number) => number | null | undefined,
  budget: { pairs: number },
): [Way | undefined, Way | undefined] | null {
  const shared = (TOUCHING[a] as readonly IndexedRelation[]).some((rel) => [...rel.left, ...rel.right].some(([row]) => row === b));
  const pairs = waysA.length * waysB.length;
  if (!shared || pairs > MAX_PAIRS || pairs > budget.pairs) return null;
  budget.pairs -= pairs;
  const relations = [...new Set([...(TOUCHING[a] as IndexedRelation[]), ...(TOUCHING[b] as IndexedRelation[])])];
  const valuesB = waysB.map(valuesOf);
  let found: [Way, Way] | null = null;
  let sameA = true, sameB = true;
  for (const wa of waysA) {
    const va = valuesOf(wa);
    valuesB.forEach((vb, i) => {
      const at = (row: number, j: number): number | null | undefined => (row === a ? (va[j] ?? null) : row === b ? (vb[j] ?? null) : cell(row, j));
      if (!relations.every((rel) => holdsWith(rel, at) !== false)) return;
      const wb = waysB[i] as Way;
      if (!found) found = [wa, wb];
      else {
        if (sameA && valuesOf(found[0]).join() !== va.join()) sameA = false;
        if (sameB && valuesOf(found[1]).join() !== vb.join()) sameB = false;
      }
    });
  }
  if (!found) return null;
  const [fa, fb] = found as [Way, Way];
  return [sameA ? fa : undefined, sameB ? fb : undefined];
}

/** Hard limit on the steps taken when rows are placed together (see outcomeRowsTogether). */
const MAX_JOINT_STEPS = 200_000;

/** The outcome rows (办理结果 (一)–(七)'s parts), as template row indexes. */
const OUTCOME_INDEXES = new Set(PROCESSED[0]?.right.map(([row]) => row));

/**
 * 申请: outcome rows no relation places alone (with two or more of them unplaced, no column's
 * 办理结果总计 sum can be worked out for one row), placed together. Column by column, each pending
 * row puts its next number there or leaves the cell blank, and the column's outcome cells must add
 * up to its 办理结果总计; at the end every relation the rows touch (their 总计) must hold. A row is
 * placed when every assignment that does so gives it the same way; none is placed when there is no
 * assignment, or too many to try. The truth is one of the assignments when the report's numbers
 * add up, so a row they all agree on stands as printed.
 *
 * Only when every pending row is an outcome row and each column's 办理结果总计 and its other
 * outcome cells are known. `pending`: template row index -> its ways; `cell` as for requestWay.
 */
export function outcomeRowsTogether(pending: ReadonlyMap<number, readonly Way[]>, cell: (row: number, column: number) => number | null | undefined): Map<number, Way> {
  const out = new Map<number, Way>();
  if (pending.size < 2 || [...pending.keys()].some((row) => !OUTCOME_INDEXES.has(row))) return out;
  // What each column's pending cells must add up to.
  const targets: number[] = [];
  for (const rel of PROCESSED) {
    const [[totalRow, j]] = rel.left as [readonly [number, number]];
    const total = cell(totalRow, j);
    if (total === undefined) return out;
    let rest = total ?? 0;
    for (const [row, col] of rel.right) {
      if (pending.has(row)) continue;
      const v = cell(row, col);
      if (v === undefined) return out;
      rest -= v ?? 0;
    }
    if (rest < 0) return out;
    targets.push(rest);
  }
  const rows = [...pending.keys()];
  // A column's sum is cut short once it passes its target: only for counts, never below 0.
  if (rows.some((row) => (pending.get(row) as readonly Way[]).some((w) => w.some((s) => s !== null && s.value < 0)))) return out;
  const relations = [...new Set(rows.flatMap((row) => TOUCHING[row] as IndexedRelation[]))];
  const fixed = new Map<number, (number | null)[]>();
  const at = (row: number, j: number): number | null | undefined => {
    const v = fixed.get(row);
    return v ? (v[j] ?? null) : cell(row, j);
  };
  const agreed: (string | null | undefined)[] = rows.map(() => undefined);
  const first: Way[] = [];
  let steps = 0;
  let solutions = 0;
  /** Column j, each row's ways still possible; false when the budget ran out. */
  const columns = (j: number, ways: readonly (readonly Way[])[]): boolean => {
    if (j === targets.length) {
      rows.forEach((row, k) => fixed.set(row, valuesOf((ways[k] as readonly Way[])[0] as Way)));
      const ok = relations.every((rel) => holdsWith(rel, at) !== false);
      fixed.clear();
      if (!ok) return true;
      solutions++;
      ways.forEach((w, k) => {
        const key = valuesOf(w[0] as Way).join();
        if (agreed[k] === undefined) first[k] = w[0] as Way;
        agreed[k] = agreed[k] === undefined || agreed[k] === key ? key : null;
      });
      return true;
    }
    // Each row's choices here: the distinct values its ways put in column j.
    const options = ways.map((ws) => {
      const byValue = new Map<number | null, Way[]>();
      for (const w of ws) {
        const v = w[j]?.value ?? null;
        const list = byValue.get(v);
        if (list) list.push(w);
        else byValue.set(v, [w]);
      }
      return [...byValue];
    });
    const chosen: Way[][] = [];
    const pick = (k: number, sum: number): boolean => {
      if (++steps > MAX_JOINT_STEPS) return false;
      if (sum > (targets[j] as number)) return true;
      if (k === options.length) return sum !== targets[j] || columns(j + 1, chosen);
      for (const [v, ws] of options[k] as [number | null, Way[]][]) {
        chosen[k] = ws;
        if (!pick(k + 1, sum + (v ?? 0))) return false;
      }
      return true;
    };
    return pick(0, 0);
  };
  if (!columns(0, rows.map((row) => pending.get(row) as readonly Way[])) || solutions === 0) return out;
  rows.forEach((row, k) => {
    if (agreed[k] !== null) out.set(row, first[k] as Way);
  });
  return out;
}

/** Hard limit on the steps taken to place two rows out of step (see tangledRows)… */
const MAX_TANGLE_STEPS = 100_000;
/** …and on the combined ways of the other open rows their relations hold. */
const MAX_OTHER_WAYS = 64;

/** A number of two rows out of step: its slot and the line it is printed on. */
export interface TangledNumber {
  slot: Slot;
  line: number;
}

/**
 * 申请: two rows out of step (pdftotext printed some of a row's numbers on the next row's line and
 * the rest on lines of numbers alone below; rows.ts Tangle), placed together. `numbers`: every
 * number the two rows and the lines below print, line by line, left to right. Each goes to one of
 * the two rows and one column, such that on each line the columns never go back (two numbers of
 * the same column on one line are the two rows'), no cell gets two numbers, and no number of the
 * lower row stands above its label's line (`lowerLine`). Nothing else is assumed of the lines: a
 * row's 总计 may print alone below the other row's. Of those assignments, the ones that satisfy
 * every relation either row touches, given the other rows' cells, are the candidates: per row,
 * the one way every candidate gives it, or undefined where they differ; null when there is none,
 * too many to try, or a relation cannot be worked out: with the numbers of two rows to share out,
 * every sum they enter must witness. A cell of another row not known yet is one of that row's
 * ways (`open`), each tried in turn.
 */
export function tangledRows(
  a: number, b: number, numbers: readonly TangledNumber[], cell: (row: number, column: number) => number | null | undefined,
  open: ReadonlyMap<number, readonly Way[]> = new Map(), lowerLine = 0,
): [Way | undefined, Way | undefined] | null {
  const n = REQUEST_COLUMNS.length;
  if (numbers.length === 0 || numbers.length > 2 * n || numbers.some((x) => x.slot.kind !== 'number')) return null;
  const relations = [...new Set([...(TOUCHING[a] as IndexedRelation[]), ...(TOUCHING[b] as IndexedRelation[])])];
  // Rows not placed yet that a relation holds: each of their ways is tried with each assignment.
  const others: [number, (number | null)[][]][] = [];
  for (const rel of relations) {
    for (const [row, j] of [...rel.left, ...rel.right]) {
      if (row === a || row === b || cell(row, j) !== undefined || others.some(([k]) => k === row)) continue;
      const ways = open.get(row);
      if (!ways) return null;
      others.push([row, ways.map(valuesOf)]);
    }
  }
  if (others.reduce((p, [, ws]) => p * ws.length, 1) > MAX_OTHER_WAYS) return null;
  const ways: [(Slot | null)[], (Slot | null)[]] = [new Array<Slot | null>(n).fill(null), new Array<Slot | null>(n).fill(null)];
  const chosen = new Map<number, (number | null)[]>();
  const at = (row: number, j: number): number | null | undefined => (row === a ? (ways[0][j]?.value ?? null) : row === b ? (ways[1][j]?.value ?? null)
    : chosen.has(row) ? (chosen.get(row)![j] ?? null) : cell(row, j));
  /** Whether some way of the other open rows makes every relation hold. */
  const holdsSomeWay = (k: number): boolean => {
    if (k === others.length) return relations.every((rel) => holdsWith(rel, at) === true);
    const [row, ws] = others[k] as [number, (number | null)[][]];
    for (const w of ws) {
      chosen.set(row, w);
      if (holdsSomeWay(k + 1)) {
        chosen.delete(row);
        return true;
      }
    }
    chosen.delete(row);
    return false;
  };
  let found: [string, string] | null = null;
  let firstWays: [Way, Way] | null = null;
  let sameA = true, sameB = true;
  let steps = 0;
  /** Per number, the row it goes to (0: upper, 1: lower), one choice of rows at a time. */
  const rowOf = new Array<0 | 1>(numbers.length).fill(0);
  /** Number i goes to its row in a column at or right of `from` (its line's last column so far). */
  const place = (i: number, from: number): boolean => {
    if (++steps > MAX_TANGLE_STEPS) return false;
    if (i === numbers.length) {
      if (!holdsSomeWay(0)) return true;
      const key: [string, string] = [valuesOf(ways[0]).join(), valuesOf(ways[1]).join()];
      if (!found) {
        found = key;
        firstWays = [[...ways[0]], [...ways[1]]];
      } else {
        if (key[0] !== found[0]) sameA = false;
        if (key[1] !== found[1]) sameB = false;
      }
      return true;
    }
    const { slot, line } = numbers[i] as TangledNumber;
    const r = rowOf[i] as 0 | 1;
    const next = numbers[i + 1];
    for (let j = from; j < n; j++) {
      if (ways[r][j]) continue;
      ways[r][j] = slot;
      const ok = place(i + 1, next && next.line === line ? j : 0);
      ways[r][j] = null;
      if (!ok) return false;
    }
    return true;
  };
  /**
   * Whether numbers can be one row: none or all 0, or one of them (its 总计) is the sum of the
   * others. A necessary condition of the row's 总计 relation, cheap enough to try every choice of rows.
   */
  const oneRow = (values: readonly number[]): boolean => {
    if (values.length > n) return false;
    let sum = 0;
    for (const v of values) sum += v;
    return values.length === 0 ? true : values.includes(sum / 2);
  };
  const choices = 2 ** numbers.length;
  let okp = true;
  for (let mask = 0; mask < choices && okp; mask++) {
    const upper: number[] = [], lower: number[] = [];
    let fits = true;
    numbers.forEach((x, i) => {
      const r = ((mask >> i) & 1) as 0 | 1;
      rowOf[i] = r;
      // The lower row's numbers are not above its own label's line.
      if (r === 1 && x.line < lowerLine) fits = false;
      (r === 0 ? upper : lower).push(x.slot.value);
    });
    if (!fits || !oneRow(upper) || !oneRow(lower)) continue;
    okp = place(0, 0);
  }
  if (!okp || !found || !firstWays) return null;
  const [wa, wb] = firstWays as [Way, Way];
  return [sameA ? wa : undefined, sameB ? wb : undefined];
}

/**
 * Whether the arithmetic witnesses one cell of a table (`section`, the grid's row and column: a
 * 复议诉讼 group and column): a relation holding it can be worked out and holds, and none that can
 * be worked out breaks. `at` as for requestWay.
 */
export function cellWitnessed(section: 'requests' | 'appeals', row: number, column: number, at: (row: number, column: number) => number | null | undefined): boolean {
  const relations = (section === 'requests' ? TOUCHING[row] as readonly IndexedRelation[] : APPEALS)
    .filter((rel) => [...rel.left, ...rel.right].some(([r, j]) => r === row && j === column));
  let held = false;
  for (const rel of relations) {
    const h = holdsWith(rel, at);
    if (h === false) return false;
    if (h) held = true;
  }
  return held;
}

/**
 * Whether the arithmetic witnesses a reading that joined numbers (wraps.ts): every joined number
 * (`line`: 1-based, `value`) stands in a cell of the table read and not reviewed, and each such
 * cell is witnessed (cellWitnessed) by the sheet's other cells known (read and not reviewed; a
 * blank counts 0).
 */
export function joinWitnessed(section: 'requests' | 'appeals', sheet: Sheet, review: readonly ReviewEntry[], joined: readonly { line: number; value: number }[]): boolean {
  const reviewed = new Set(review.map((r) => `${r.section}.${r.row}.${r.column}`));
  const grid = section === 'requests' ? REQUEST_CELLS : APPEAL_CELLS;
  const known = (c: SheetCell | undefined) => c !== undefined && sheet.lines[c.index] !== 0 && !reviewed.has(c.key);
  const at = (row: number, j: number): number | null | undefined => {
    const c = grid[row]?.[j];
    return known(c) ? sheet.values[(c as SheetCell).index] as number | null : undefined;
  };
  return joined.every(({ line, value }) => grid.some((cells, row) => cells.some((c, j) =>
    known(c) && sheet.lines[c.index] === line && sheet.values[c.index] === value && cellWitnessed(section, row, j, at))));
}
