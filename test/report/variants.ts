/**
 * Distinct-value mutation tests of the parser: does it ever give a silently wrong number?
 *
 * 1. Value assignment: every printed cell of a record gets a value no other cell has (base + the
 *    cell's index in CELLS; the fee a decimal), keeping the record's blanks. A number read into the
 *    wrong column can never pass as right, and `got` names the cell it really came from. (In the
 *    layout that drops blanks, a 申请 row printing any number also prints its 总计, as real reports
 *    do and as the parser's rule for such rows assumes.)
 * 2. Mutations: named variations seen in real reports, applied to a rendering (render.ts) either
 *    through RenderOptions.mutations (whatever changes a table's structure or its column widths)
 *    or as a function over the rendered text (same-width character swaps in the tables).
 * 3. Oracle, per cell: the right value, or null with a review entry. Never another number; never
 *    null without review where the source printed something. A blank the source left in a certain
 *    column may come back null without review (layouts that keep blanks; where blanks are dropped,
 *    only when the rest of its row came back right). A column the source does not print at all
 *    must come back null. Each cell counts as wrong, silent (null), flagged or right.
 *
 * Script mode: `npx tsx test/report/variants.ts --report [--runs N] [--seed N] [--examples N]`
 * prints mutation x layout -> wrong / silent / flagged / right, and failing examples per class.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { parseText, type ParseResult } from '../../server/report/parse.ts';
import { LAYOUTS, layoutInfo, renderText, type LayoutId, type RenderMutations } from '../../server/report/render.ts';
import {
  ACTIVE_ITEMS, APPEAL_COLUMNS, APPEAL_GROUPS, APPLICANT_COLUMNS, CELLS, REQUEST_COLUMNS, REQUEST_ROWS, SECTIONS,
  cellKey, emptyTables, getCell, setCell,
  type CellRef, type ReportRecord, type Value,
} from '../../server/report/template.ts';
import { printTotalWhenAny, recordArb } from './arbitraries.ts';

// ---------------------------------------------------------------- small deterministic random

export interface Rng {
  next(): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function makeRng(seed: number): Rng {
  let a = (seed ^ 0x2545f491) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, chance: (p) => next() < p, pick: (items) => items[Math.floor(next() * items.length)] as never };
}

// ---------------------------------------------------------------- 1. distinct values

/** Value bases: every value lies in [base, base + 199], never a year (2021-2026) or a page number. */
const BASES = [1000, 3000, 5000, 7000] as const;
const FEE_FRACTIONS = [0.5, 0.25, 0.75] as const;
const CELL_INDEX = new Map(CELLS.map((c, i) => [c.key, i]));

/** A copy of `record` whose every non-null cell holds a value no other cell holds. */
export function distinctValues(record: ReportRecord, seed: number): ReportRecord {
  const out: ReportRecord = structuredClone(record);
  const base = BASES[seed % BASES.length] as number;
  const frac = FEE_FRACTIONS[Math.floor(seed / BASES.length) % FEE_FRACTIONS.length] as number;
  CELLS.forEach((c, i) => {
    if (getCell(record, c) === null) return;
    const isFee = c.section === 'active' && c.column === 'amount_wan_yuan';
    setCell(out, c, isFee ? base + i + frac : base + i);
  });
  return out;
}

// ---------------------------------------------------------------- 2. mutations

export interface Mutation {
  id: string;
  /** The mutation class: one `describe` per class in variants.test.ts. */
  cls: string;
  /** What real reports do, in a line. */
  title: string;
  /** The layouts where the mutation means something (default: all eight). */
  layouts?: readonly LayoutId[];
  /** Changes to the distinct-valued record (what the source prints). */
  record?: (record: ReportRecord) => void;
  /** Options for render.ts, drawn with the run's own generator. */
  render?: (rng: Rng) => RenderMutations;
  /** A change of the rendered text, where that is sound (same-width swaps inside the tables). */
  text?: (text: string) => string;
}

const ALL = LAYOUTS.map((l) => l.id);
const TEXT_LAYOUTS_WITH_BREAKS: readonly LayoutId[] = ['cells-tab', 'rows-tab', 'cells-pipe', 'cells-blank', 'pdf-layout'];

const FOOTNOTES = ['①', '*', '¹', '注', '（注）'] as const;
const FULL = '０１２３４５６７８９';

/** Thousands groups in the integer part of a number written with ASCII or full-width digits. */
function groupThousands(text: string, sep: string): string {
  return text.replace(/^([0-9０-９]+)/, (digits) => {
    const chars = [...digits];
    let out = '';
    chars.forEach((ch, i) => {
      if (i > 0 && (chars.length - i) % 3 === 0) out += sep;
      out += ch;
    });
    return out;
  });
}

const isFeeRef = (ref: CellRef | null) => ref?.section === 'active' && ref.column === 'amount_wan_yuan';

/** A per-number transformation applied to a share of the numbers (one choice per number). */
function someNumbers(rate: number, f: (text: string, ref: CellRef | null, rng: Rng) => string) {
  return (rng: Rng): RenderMutations => ({ cellText: (text, ref) => (rng.chance(rate) ? f(text, ref, rng) : text) });
}

const WITHOUT_TOTAL_REQ = REQUEST_COLUMNS.map((c) => c.key).filter((k) => k !== 'total');
const WITHOUT_TOTAL_APP = APPEAL_COLUMNS.map((c) => c.key).filter((k) => k !== 'total');
const ORG = APPLICANT_COLUMNS.filter((k) => k !== 'natural_person');

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Label enumerators: （一） (一) 1. 1、 三、 … at the start of a row label. */
const ENUMERATOR = /^\s*(?:[（(][一二三四五六七八九十][）)]|[一二三四五六七八九十]、|\d{1,2}\s*[.、．])\s*/;

/** Simplified -> traditional, for the characters of the tables' labels (one common choice each). */
const TRADITIONAL: Record<string, string> = Object.fromEntries([...(
  '总總计計请請处處开開无無国國复複议議讼訟诉訴维維纠糾结結织織业業构構务務费費规規范範许許罚罰强強现現废廢发發'
  + '属屬过過转轉办辦执執询詢项項补補访訪举舉报報认認获獲缴繳纳納况況区區这這关關系係于於单單万萬条條险險稳穩'
  + '权權类類内內数數间間决決审審后後经經问問题題个個对對应應实實际際护護营營团團体體组組设設与與为為录錄门門'
  + '据據机機会會确確当當继繼续續额額没沒级級论論质質导導责責产產书書号號'
)].reduce<[string, string][]>((pairs, ch, i, all) => (i % 2 === 0 ? [...pairs, [ch, all[i + 1] as string]] : pairs), []));

const HEADING_LINES = new Set(SECTIONS.map((s) => `${s.no}、${s.title}`));

/** Apply `f` to the lines of the three tables (heading 二 to heading 五), headings excluded. */
function inTables(text: string, f: (line: string) => string): string {
  const lines = text.split('\n');
  const bare = (l: string) => l.replace(/^[\s\f]+/, '');
  const from = lines.findIndex((l) => bare(l).startsWith(`${SECTIONS[1].no}、${SECTIONS[1].title}`));
  const to = lines.findIndex((l) => bare(l).startsWith(`${SECTIONS[4].no}、${SECTIONS[4].title}`));
  if (from < 0 || to < from) return text;
  for (let i = from + 1; i < to; i++) {
    const l = lines[i] as string;
    if (!HEADING_LINES.has(bare(l).trim())) lines[i] = f(l);
  }
  return lines.join('\n');
}

export const MUTATIONS: readonly Mutation[] = [
  { id: 'none', cls: 'baseline', title: 'no mutation: distinct values only' },

  { id: 'footnote', cls: 'footnote', title: 'footnote marks after numbers: 27① 27* 27¹ 27注 27（注）',
    render: someNumbers(0.3, (t, _ref, rng) => t + rng.pick(FOOTNOTES)) },

  { id: 'thousands-comma', cls: 'separators', title: 'thousands separator 1,234',
    render: () => ({ cellText: (t) => groupThousands(t, ',') }) },
  { id: 'thousands-space', cls: 'separators', title: 'space as thousands separator 1 234',
    render: () => ({ cellText: (t) => groupThousands(t, ' ') }) },
  { id: 'fullwidth-digits', cls: 'separators', title: 'full-width digits １２３',
    render: () => ({ cellText: (t) => t.replace(/[0-9]/g, (d) => FULL[Number(d)] as string) }) },

  { id: 'units', cls: 'units', title: 'units in cells: fee 12.5万元, counts 27件',
    render: () => ({ cellText: (t, ref) => t + (isFeeRef(ref) ? '万元' : '件') }) },

  { id: 'columns-org-first', cls: 'column-order', title: '法人或其他组织 columns before 自然人 (header too)',
    render: () => ({ requestColumns: [...ORG, 'natural_person', 'total'] }) },
  { id: 'columns-total-first', cls: 'column-order', title: '总计 as the first column (header too)',
    render: () => ({ requestColumns: ['total', ...APPLICANT_COLUMNS] }) },
  { id: 'columns-org-shuffled', cls: 'column-order', title: 'the five 法人或其他组织 columns in another order',
    render: (rng) => {
      let org = shuffled(ORG, rng);
      if (org.join() === ORG.join()) org = [...ORG].reverse();
      return { requestColumns: ['natural_person', ...org, 'total'] };
    } },

  { id: 'no-total-column', cls: 'totals', title: 'no 总计 column at all (申请 and 复议诉讼 tables)',
    render: () => ({ requestColumns: WITHOUT_TOTAL_REQ, appealColumns: WITHOUT_TOTAL_APP }) },
  { id: 'blank-total-column', cls: 'totals', title: '总计 column present, its cells blank',
    record: (r) => {
      for (const row of REQUEST_ROWS) setCell(r, { section: 'requests', row: row.key, column: 'total' }, null);
      for (const g of APPEAL_GROUPS) setCell(r, { section: 'appeals', row: g.key, column: 'total' }, null);
    } },

  { id: 'short-rows', cls: 'short-rows', title: 'a row under a merged group label printed one (empty) cell short',
    layouts: ['cells-tab', 'rows-tab', 'pipe-table', 'exact-grid'],
    render: () => ({ shortRows: 0.6 }) },

  { id: 'wrapped-labels', cls: 'wrapped-labels', title: 'row labels wrapped every 8 characters (rows-tab: the row splits)',
    layouts: TEXT_LAYOUTS_WITH_BREAKS,
    render: () => ({ wrapLabels: 8 }) },

  { id: 'page-break', cls: 'page-breaks', title: 'the 申请 table breaks across a page, header not repeated',
    layouts: ['pdf-layout'], render: () => ({ pageBreak: 'plain' }) },
  { id: 'page-break-header', cls: 'page-breaks', title: 'the 申请 table breaks across a page, header repeated',
    layouts: ['pdf-layout'], render: () => ({ pageBreak: 'repeat-header' }) },

  { id: 'traditional', cls: 'traditional', title: 'traditional characters in the tables (總計 申請 處理 公開 …)',
    text: (text) => inTables(text, (l) => l.replace(/./gu, (ch) => TRADITIONAL[ch] ?? ch)) },

  { id: 'heji', cls: 'heji', title: '合计 instead of 总计',
    text: (text) => inTables(text, (l) => l.replace(/总计/g, '合计')) },

  { id: 'no-enumerators', cls: 'no-enumerators', title: 'labels without （一） 1. 三、',
    render: () => ({ labelText: (t, role) => (role === 'label' ? t.replace(ENUMERATOR, '') : t) }) },

  { id: 'form-2019', cls: 'form-2019', title: 'the 2019 form (国办公开办函〔2019〕60号)',
    record: (r) => { r.template = '2019'; } },
];

export function mutation(id: string): Mutation {
  const m = MUTATIONS.find((x) => x.id === id);
  if (!m) throw new Error(`unknown mutation: ${id}`);
  return m;
}

export function layoutsOf(m: Mutation): readonly LayoutId[] {
  return m.layouts ?? ALL;
}

// ---------------------------------------------------------------- 3. the oracle

export interface Counts { wrong: number; silent: number; flagged: number; right: number }

export interface Failure {
  kind: 'wrong' | 'silent';
  key: string;
  expected: Value;
  got: Value;
  /** For a wrong number: the cell whose (distinct) value it is, if any. */
  gotIs: string | null;
  line: number | null;
  source: string;
}

export interface VariantResult {
  counts: Counts;
  /** The parser's refusal (no record), else null. */
  refused: string | null;
  failures: Failure[];
  text: string;
}

/** What the source shows for a cell. */
interface Truth {
  /** The value the parser must give, when it gives a number. */
  value: Value;
  /** The source prints something for this cell (a number, or the 2019 form's undivided sum). */
  printed: boolean;
  /** The source has no place for this cell (a column it does not print, a cell not in its form). */
  omitted: boolean;
}

const OTHER_GROUP = REQUEST_ROWS.find((r) => r.key === 'other_other')?.group;
const OTHER_ROWS = new Set<string>(REQUEST_ROWS.filter((r) => r.group === OTHER_GROUP).map((r) => r.key));

/** The template rows as printed lines of cells (the appeals table prints its 15 cells on one row). */
const ROWS: string[][] = [
  ...ACTIVE_ITEMS.map((item) => item.fields.map((f) => `active.${item.key}.${f}`)),
  ...REQUEST_ROWS.map((r) => REQUEST_COLUMNS.map((c) => `requests.${r.key}.${c.key}`)),
  APPEAL_GROUPS.flatMap((g) => APPEAL_COLUMNS.map((c) => `appeals.${g.key}.${c.key}`)),
];
const ROW_OF = new Map(ROWS.flatMap((row) => row.map((k) => [k, row] as const)));

function truths(record: ReportRecord, mut: RenderMutations): Map<string, Truth> {
  const form2019 = record.template === '2019';
  const reqCols = new Set<string>(mut.requestColumns ?? REQUEST_COLUMNS.map((c) => c.key));
  const appCols = new Set<string>(mut.appealColumns ?? APPEAL_COLUMNS.map((c) => c.key));
  const out = new Map<string, Truth>();
  for (const c of CELLS) {
    const value = getCell(record, c);
    let t: Truth = { value, printed: value !== null, omitted: false };
    if (c.section === 'requests' && !reqCols.has(c.column)) t = { value: null, printed: false, omitted: true };
    else if (c.section === 'appeals' && !appCols.has(c.column)) t = { value: null, printed: false, omitted: true };
    else if (form2019 && c.section === 'active' && c.column !== 'decisions') t = { value: null, printed: false, omitted: true };
    else if (form2019 && c.section === 'requests' && OTHER_ROWS.has(c.row)) {
      // One printed cell (the sum of the three rows) stands for three: printed when the sum is.
      const parts = [...OTHER_ROWS].map((row) => getCell(record, { section: 'requests', row, column: c.column }));
      t = { value, printed: parts.some((v) => v !== null), omitted: false };
    }
    out.set(c.key, t);
  }
  return out;
}

const valueOwner = (record: ReportRecord): Map<number, string> => {
  const m = new Map<number, string>();
  for (const c of CELLS) {
    const v = getCell(record, c);
    if (v !== null) m.set(v, c.key);
  }
  return m;
};

/**
 * Render `record` (its blanks kept, its values made distinct) in `layout` with `mutation`, parse,
 * and judge every cell. Deterministic for (record, layout, mutation, seed).
 */
export function runVariant(record: ReportRecord, layout: LayoutId, m: Mutation | string, seed: number): VariantResult {
  const mut = typeof m === 'string' ? mutation(m) : m;
  const info = layoutInfo(layout);
  // Where blanks are dropped, a 申请 row that prints any number prints its 总计 too, as real
  // reports do (the parser's rule for such rows; see oracle.ts). Breaking that rule is the job of
  // the blank-total-column and no-total-column mutations.
  const pattern = info.blanks === 'dropped' ? structuredClone(record) : record;
  if (pattern !== record) printTotalWhenAny(pattern);
  const source = distinctValues(pattern, seed);
  mut.record?.(source);
  const rng = makeRng(seed);
  const renderMut: RenderMutations = mut.render?.(rng) ?? {};
  // Record the printed text of every cell (for the failing cell's source line).
  const printedText = new Map<string, string>();
  const inner = renderMut.cellText;
  const options = {
    seed,
    cellLines: new Map<string, number>(),
    mutations: {
      ...renderMut,
      cellText: (text: string, ref: CellRef | null, value: number) => {
        const out = inner ? inner(text, ref, value) : text;
        if (ref) printedText.set(cellKey(ref), out);
        return out;
      },
    },
  };
  let text = renderText(source, layout, options);
  if (mut.text) text = mut.text(text);
  const result = parseText(text, { exactCells: info.exactCells });
  return judge(source, layout, renderMut, text, result, printedText, options.cellLines);
}

/**
 * The oracle: judge a parse `result` of `text`, the rendering of `source` (distinct values, after
 * the mutation's record change) in `layout` with render mutations `renderMut`.
 */
export function judge(
  source: ReportRecord, layout: LayoutId, renderMut: RenderMutations, text: string, result: ParseResult,
  printedText: ReadonlyMap<string, string> = new Map(), cellLines: ReadonlyMap<string, number> = new Map(),
): VariantResult {
  const info = layoutInfo(layout);
  const counts: Counts = { wrong: 0, silent: 0, flagged: 0, right: 0 };
  if (result.record === null) return { counts, refused: result.error ?? 'no record', failures: [], text };
  const parsed = result.record;
  const truth = truths(source, renderMut);
  const reviewed = new Set(result.review.map(cellKey));
  const owner = valueOwner(source);
  const dropped = info.blanks === 'dropped';
  const verdict = new Map<string, 'right' | 'wrong' | 'flagged' | 'silent' | 'blank'>();
  for (const c of CELLS) {
    const t = truth.get(c.key) as Truth;
    const got = getCell(parsed, c);
    if (got !== null) verdict.set(c.key, got === t.value ? 'right' : 'wrong');
    else if (reviewed.has(c.key)) verdict.set(c.key, 'flagged');
    else if (t.omitted) verdict.set(c.key, 'right');
    else if (t.printed) verdict.set(c.key, 'silent');
    else verdict.set(c.key, 'blank');
  }
  const lines = text.split('\n');
  const failures: Failure[] = [];
  for (const c of CELLS) {
    let v = verdict.get(c.key);
    if (v === 'blank') {
      // A blank in a certain column may stay unreviewed. Where blanks are dropped, it is certain
      // only when every printed cell of its row came back right (the 2019 form's 主动公开 rows
      // always print other numbers, so a blank 处理决定数量 there is never certain).
      const row = ROW_OF.get(c.key) ?? [c.key];
      const form2019Active = source.template === '2019' && c.section === 'active';
      const certain = !dropped || (!form2019Active && row.every((k) => !truth.get(k)?.printed || verdict.get(k) === 'right'));
      v = certain ? 'right' : 'silent';
    }
    counts[v as keyof Counts]++;
    if (v === 'wrong' || v === 'silent') {
      const got = getCell(parsed, c);
      const printed = printedText.get(c.key) ?? (source.template === '2021' ? String(getCell(source, c) ?? '') : '');
      const line = sourceLine(printed || undefined, cellLines.get(c.key) ?? result.lines[c.key] ?? null, lines);
      failures.push({
        kind: v, key: c.key, expected: truth.get(c.key)?.value ?? null, got,
        gotIs: got === null ? null : owner.get(got) ?? null,
        line, source: line === null ? '' : (lines[line - 1] ?? ''),
      });
    }
  }
  return { counts, refused: null, failures, text };
}

/**
 * The 1-based line printing a cell: the line holding its printed text (as a whole number) at or
 * just after the renderer's line, else the first such line of the tables, else the renderer's line.
 */
function sourceLine(printed: string | undefined, hint: number | null, lines: string[]): number | null {
  if (printed) {
    const esc = printed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`(?<![0-9０-９.,])${esc}(?![0-9０-９])`);
    const has = (i: number) => re.test(lines[i] ?? '');
    if (hint !== null) for (let d = 0; d < 4; d++) if (has(hint - 1 + d)) return hint + d;
    const bare = (l: string) => l.replace(/^[\s\f]+/, '');
    const from = lines.findIndex((l) => bare(l).startsWith(`${SECTIONS[1].no}、`));
    const at = lines.findIndex((_l, i) => i > from && has(i));
    if (at >= 0) return at + 1;
  }
  return hint;
}

// ---------------------------------------------------------------- inputs

export interface Sample {
  name: string;
  record: ReportRecord;
  seed: number;
}

const SEEDS_DIR = join(import.meta.dirname, '../../../shared/samples/seeds');

/** The five seed records (../shared/samples/seeds/*.expected.json), nulls kept; [] when absent. */
export function seedRecords(): Sample[] {
  if (!existsSync(SEEDS_DIR)) return [];
  return readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.expected.json')).sort().map((f, i) => {
    const e = JSON.parse(readFileSync(join(SEEDS_DIR, f), 'utf8')) as Record<string, unknown>;
    const record: ReportRecord = {
      ...emptyTables(), organ: String(e.organ), year: Number(e.year),
      published: (e.published as string | null) ?? null, published_source: e.published ? 'report' : null,
      template: '2021', headings: [], narrative: { overview: null, problems: null, other: null },
    };
    for (const c of CELLS) {
      const v = (e[c.section] as Record<string, Record<string, Value>> | undefined)?.[c.row]?.[c.column];
      setCell(record, c, v ?? null);
    }
    return { name: `seed ${f.slice(0, 3)}`, record, seed: 101 + i * 7 };
  });
}

export const DEFAULT_SEED = 20251203;
/** Generated records per mutation x layout by default (besides the five seeds). */
export const DEFAULT_RUNS = 25;

/** The five seeds, then `runs` generated records (realistic and adversarial), from a fixed seed. */
export function samples(runs: number, seed = DEFAULT_SEED): Sample[] {
  const arb = fc.tuple(
    fc.oneof({ weight: 2, arbitrary: recordArb({ kind: 'realistic' }) }, { weight: 1, arbitrary: recordArb({ kind: 'adversarial' }) }),
    fc.nat(),
  );
  const generated = runs > 0 ? fc.sample(arb, { seed, numRuns: runs }) : [];
  return [...seedRecords(), ...generated.map(([record, s], i) => ({ name: `generated #${i}`, record, seed: s }))];
}

export interface Tally {
  mutation: string;
  layout: LayoutId;
  counts: Counts;
  runs: number;
  refused: number;
  /** Failing renderings: the sample, then its first failing cells. */
  examples: { sample: string; seed: number; refused: string | null; failures: Failure[] }[];
}

/** Run every sample through one mutation x layout. */
export function tally(m: Mutation, layout: LayoutId, inputs: readonly Sample[], keep = 3): Tally {
  const t: Tally = { mutation: m.id, layout, counts: { wrong: 0, silent: 0, flagged: 0, right: 0 }, runs: 0, refused: 0, examples: [] };
  for (const s of inputs) {
    const r = runVariant(s.record, layout, m, s.seed);
    t.runs++;
    for (const k of ['wrong', 'silent', 'flagged', 'right'] as const) t.counts[k] += r.counts[k];
    if (r.refused) t.refused++;
    if ((r.refused || r.failures.length) && t.examples.length < keep) {
      t.examples.push({ sample: s.name, seed: s.seed, refused: r.refused, failures: r.failures.slice(0, 6) });
    }
  }
  return t;
}

export const passes = (t: Tally): boolean => t.counts.wrong === 0 && t.counts.silent === 0 && t.refused === 0;

export function formatCounts(t: Tally): string {
  return `wrong ${t.counts.wrong}, silent-null ${t.counts.silent}, flagged ${t.counts.flagged}, right ${t.counts.right}`
    + `${t.refused ? `, refused ${t.refused}/${t.runs}` : ''} (${t.runs} renderings)`;
}

export function formatFailure(f: Failure): string {
  const got = f.got === null ? 'null (no review)' : `${f.got}${f.gotIs ? ` (= ${f.gotIs})` : ' (no cell has it)'}`;
  return `${f.kind.padEnd(6)} ${f.key}: expected ${f.expected ?? 'null'}, got ${got}; line ${f.line ?? '?'}: ${JSON.stringify(f.source)}`;
}

export function formatExamples(t: Tally, cells = 3): string[] {
  return t.examples.flatMap((e) => [
    `  ${t.mutation} x ${t.layout}, ${e.sample} (render seed ${e.seed})${e.refused ? `: REFUSED: ${e.refused}` : ''}`,
    ...e.failures.slice(0, cells).map((f) => `    ${formatFailure(f)}`),
  ]);
}

// ---------------------------------------------------------------- script mode

function main(argv: string[]): void {
  const arg = (name: string, dflt: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  const runs = arg('--runs', Number(process.env.VARIANTS_RUNS ?? DEFAULT_RUNS));
  const seed = arg('--seed', DEFAULT_SEED);
  const perClass = arg('--examples', 4);
  const only = argv.includes('--mutation') ? argv[argv.indexOf('--mutation') + 1] : null;
  const inputs = samples(runs, seed);
  const started = Date.now();
  const tallies: Tally[] = [];
  for (const m of MUTATIONS) {
    if (only && m.id !== only) continue;
    for (const layout of layoutsOf(m)) tallies.push(tally(m, layout, inputs));
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`variants: ${inputs.length} records (5 seeds + ${runs} generated, seed ${seed}) per mutation x layout; ${secs} s`);
  console.log('cell: wrong/silent-null/flagged/right (+R refused renderings); "-" = not applicable\n');
  const ids = LAYOUTS.map((l) => l.id);
  const cellOf = (t: Tally | undefined) => (t ? `${t.counts.wrong}/${t.counts.silent}/${t.counts.flagged}/${t.counts.right}${t.refused ? `+${t.refused}R` : ''}${passes(t) ? '' : ' ✗'}` : '-');
  const w0 = Math.max(...MUTATIONS.map((m) => m.id.length)) + 1;
  const cols = ids.map((id) => Math.max(id.length, ...tallies.filter((t) => t.layout === id).map((t) => cellOf(t).length)));
  console.log(['mutation'.padEnd(w0), ...ids.map((id, i) => id.padEnd(cols[i] as number))].join(' | '));
  console.log(['-'.repeat(w0), ...cols.map((w) => '-'.repeat(w))].join('-|-'));
  for (const m of MUTATIONS) {
    if (only && m.id !== only) continue;
    const row = ids.map((id, i) => cellOf(tallies.find((t) => t.mutation === m.id && t.layout === id)).padEnd(cols[i] as number));
    console.log([m.id.padEnd(w0), ...row].join(' | '));
  }
  console.log('\nfailing examples per class (cell, expected, got, source line):');
  for (const cls of [...new Set(MUTATIONS.map((m) => m.cls))]) {
    const failing = tallies.filter((t) => mutation(t.mutation).cls === cls && !passes(t));
    if (failing.length === 0) {
      if (tallies.some((t) => mutation(t.mutation).cls === cls)) console.log(`\n[${cls}] all pass`);
      continue;
    }
    console.log(`\n[${cls}] failing: ${failing.map((t) => `${t.mutation} x ${t.layout}`).join(', ')}`);
    for (const t of failing.slice(0, perClass)) console.log(formatExamples(t, 3).join('\n'));
  }
  console.log('\nknown-failure keys (for variants.test.ts):');
  console.log(JSON.stringify(tallies.filter((t) => !passes(t)).map((t) => `${t.mutation} x ${t.layout}`)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes('--report')) {
  main(process.argv.slice(2));
}
