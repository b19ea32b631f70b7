/**
 * A pre-pass over a report's lines: tables drawn in ways the row reader cannot read become pipe
 * rows `| a | b |`, which it reads with certainty (every cell in place, see rows.ts).
 *
 * - Box-drawn text tables (`w3m -dump`, `elinks -dump`: `│ ─ ┼ ├ …`; `links -dump` and pandoc
 *   grid tables: `+----+` / `| a |`): a bar separates cells, a rule separates rows. Columns are
 *   the spans between bar positions in DISPLAY columns (a CJK character is two columns in a
 *   terminal dump; links counts characters instead: the measure that lines the bars up best wins).
 *   A cell's text wrapped over several lines is joined per column. A rule that only partly spans
 *   the table leaves the cells above it merged with the cells below (rowspan); a missing bar
 *   merges cells side by side (colspan).
 * - Raw HTML `<table>` blocks in markdown or text (pandoc, PDF-to-markdown converters), read with
 *   the HTML reader (parse5 + expandSpans).
 * - pandoc simple and multiline tables (dashed column rules `-----  ------`).
 *
 * Every table becomes the grid the HTML reader would give: a merged cell's text in its first
 * (top-left) cell, the cells it covers empty, so a number printed once is read once, and every
 * row of a table has as many cells as the grid has columns.
 *
 * Lines keep their numbers: a table row spanning lines i..j becomes ONE pipe line, on the line
 * that prints its numbers (else line i); its other lines and the rule lines become empty strings.
 * The one exception is an HTML table written on fewer lines than it has rows (converters often
 * put the whole `<table>…</table>` on one line): a line holds one row, so rows are added after
 * the table's last line and `origin` maps every line back to its source line (restoreLines).
 */
import { readHtmlBody } from '../readers/html.ts';
import { cellText } from '../readers/grid.ts';

export interface Rewritten {
  lines: string[];
  /**
   * 1-based source line of each line of `lines`, only when lines were added (else null: line i
   * is source line i + 1).
   */
  origin: number[] | null;
}

/**
 * Whether the text may hold a table this pass rewrites: a box-drawing character, `<table`, an
 * ASCII rule `+-` / `+=` / `+:`, or dashes with a gap (`-- -`, a pandoc column rule). One scan.
 */
export function mayHoldTables(text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) {
      if (c >= 0x2500 && c <= 0x257f) return true;
    } else if (c === 43 /* + */) {
      const d = text.charCodeAt(i + 1);
      if (d === 45 || d === 61 || d === 58) return true;
    } else if (c === 60 /* < */) {
      if ((text.charCodeAt(i + 1) | 32) === 116 && text.slice(i + 1, i + 6).toLowerCase() === 'table') return true;
    } else if (c === 45 /* - */) {
      if (text.charCodeAt(i + 1) === 45 && text.charCodeAt(i + 2) === 45 && text.charCodeAt(i + 3) === 32) return true;
    }
  }
  return false;
}

/** Rewrites the tables of `lines` (the text split into lines) into pipe rows; see the module comment. */
export function rewriteTables(lines: string[], text: string): Rewritten {
  if (!mayHoldTables(text)) return { lines, origin: null };
  const out = lines.slice();
  const added = htmlTables(out);
  boxTables(out);
  simpleTables(out);
  if (added.size === 0) return { lines: out, origin: null };
  const final: string[] = [];
  const origin: number[] = [];
  out.forEach((line, i) => {
    final.push(line);
    origin.push(i + 1);
    for (const [row, from] of added.get(i) ?? []) {
      final.push(row);
      origin.push(from + 1);
    }
  });
  return { lines: final, origin };
}

/** What parseReport returns, as far as line numbers go. */
interface WithLines {
  record: { headings: { line: number }[] };
  review: { line: number | null }[];
  lines: Record<string, number>;
}

/** Maps the line numbers of a parse of rewritten lines back to the source lines (see Rewritten.origin). */
export function restoreLines<P extends WithLines>(parsed: P, origin: readonly number[] | null): P {
  if (origin === null) return parsed;
  const back = (line: number) => origin[line - 1] ?? line;
  for (const h of parsed.record.headings) h.line = back(h.line);
  for (const r of parsed.review) if (r.line !== null) r.line = back(r.line);
  for (const key of Object.keys(parsed.lines)) parsed.lines[key] = back(parsed.lines[key] as number);
  return parsed;
}

/** Inline HTML tags (not a table's): pandoc keeps them in markdown where an attribute has no markdown form. */
const INLINE_TAG = /<\/?(?:span|font|b|i|u|s|strong|em|a|sup|sub|small|big|mark|ins|del|br|wbr|o:p)(?:\s[^<>|]*)?\/?>/gi;
/** pandoc markdown's span with attributes: `[规章]{lang="zh-CN"}`. */
const BRACKETED_SPAN = /\[([^[\]\n|]*)\](\{[^{}\n|]*\})/g;

/**
 * The text without inline HTML tags (`<span lang="zh-CN">规章</span>`, written by pandoc from a
 * Word page's HTML) nor pandoc's spans (`[规章]{lang="zh-CN"}`), their text kept. A tag broken over
 * lines (`<span` / `lang="zh-CN">`) keeps its line breaks, so every line keeps its number; on a
 * line that lays columns out by position (a pandoc simple table's row: runs of spaces) the markup
 * becomes spaces, so every word keeps its column. Tables (`<table>`) are read by rewriteTables.
 */
export function withoutInlineTags(text: string): string {
  if (!text.includes('<') && !text.includes(']{')) return text;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.includes('<') || line.includes(']{')) lines[i] = markupOut(line, /\S {2}/.test(line));
  }
  const out = lines.join('\n');
  return out.includes('<') ? out.replace(INLINE_TAG, (tag) => tag.replace(/[^\n]/g, '')) : out;
}

/** One line or cell (no line break in it) without inline markup: deleted, or blanked where columns stand by position. */
function markupOut(text: string, keepColumns: boolean): string {
  let out = text;
  if (out.includes('<')) out = out.replace(INLINE_TAG, (tag) => (keepColumns ? ' '.repeat(tag.length) : ''));
  for (let prev = ''; prev !== out && out.includes(']{');) {
    prev = out;
    out = out.replace(BRACKETED_SPAN, (_, inner: string, attrs: string) => (keepColumns ? ` ${inner}${' '.repeat(attrs.length + 1)}` : inner));
  }
  return out;
}

function pipeRow(cells: readonly string[]): string {
  return `| ${cells.map((c) => markupOut(c, false).trim().replace(/\|/g, '｜')).join(' | ')} |`;
}

const DIGIT = /[0-9０-９]/;

// ---------------------------------------------------------------- HTML <table> blocks

const TABLE_TAG = /<(\/?)table\b/gi;
const TR_TAG = /<tr\b/gi;

/**
 * Each `<table>…</table>` (nested tables inside it included) -> pipe rows. Returns the rows that
 * did not fit on the block's lines: line index -> [row, 0-based source line] to add after it.
 */
function htmlTables(out: string[]): Map<number, [string, number][]> {
  const added = new Map<number, [string, number][]>();
  for (let i = 0; i < out.length; i++) {
    const line = out[i] as string;
    if (!line.includes('<') || !/<table\b/i.test(line)) continue;
    // The block: from the first <table to the </table> that closes it.
    let depth = 0, end = -1, startCol = -1, endCol = -1;
    for (let j = i; j < out.length && end < 0; j++) {
      TABLE_TAG.lastIndex = 0;
      for (let m; (m = TABLE_TAG.exec(out[j] as string));) {
        if (j === i && startCol < 0) {
          if (m[1]) continue;
          startCol = m.index;
        }
        depth += m[1] ? -1 : 1;
        if (depth === 0) {
          end = j;
          const close = (out[j] as string).indexOf('>', m.index);
          endCol = close < 0 ? (out[j] as string).length : close + 1;
          break;
        }
      }
    }
    if (end < 0 || startCol < 0) continue;
    const prefix = stripTags(line.slice(0, startCol));
    const suffix = stripTags((out[end] as string).slice(endCol));
    const source = out.slice(i, end + 1);
    source[source.length - 1] = (source[source.length - 1] as string).slice(0, endCol);
    source[0] = (source[0] as string).slice(startCol);
    const rows = readHtmlBody(source.join('\n')).lines.map((l) => l.split('\t'));
    // The line of each <tr, and the first line from there to the next <tr that prints a digit
    // (outside tags): the row goes on its numbers' line.
    const trLines: number[] = [];
    source.forEach((l, k) => {
      TR_TAG.lastIndex = 0;
      while (TR_TAG.exec(l)) trLines.push(i + k);
    });
    const rowLines = trLines.map((from, k) => {
      const to = Math.min(trLines[k + 1] ?? end, end);
      for (let j = from; j <= to; j++) if (DIGIT.test(stripTags(source[j - i] as string))) return j === to && to !== from && j === trLines[k + 1] ? from : j;
      return from;
    });
    // Text before and after the table on its lines, then the rows, each with the line it came from.
    const seq: [string, number][] = [];
    if (prefix) seq.push([prefix, i]);
    rows.forEach((cells, k) => seq.push([pipeRow(cells), rowLines[k] ?? i]));
    if (suffix) seq.push([suffix, end]);
    for (let k = i; k <= end; k++) out[k] = '';
    if (seq.length <= end - i + 1) {
      // One line each, as near the line they came from as the lines after them allow.
      let prev = i - 1;
      seq.forEach(([text, from], k) => {
        const at = Math.min(Math.max(from, prev + 1), end - (seq.length - 1 - k));
        out[at] = text;
        prev = at;
      });
    } else {
      // Fewer lines than rows: all of them added after the block, each pointing back at its line.
      added.set(end, seq);
    }
    i = end;
  }
  return added;
}

function stripTags(s: string): string {
  return s.replace(/<[^>]*>/g, ' ').replace(/[\s\u3000]+/g, ' ').trim();
}

// ---------------------------------------------------------------- box-drawn tables

/** Horizontal rule characters (no vertical stroke). */
function isHoriz(ch: string): boolean {
  switch (ch) {
    case '─': case '━': case '┄': case '┅': case '┈': case '┉': case '╌': case '╍': case '═':
    case '╴': case '╶': case '╸': case '╺': case '╼': case '╾': case '-': case '=':
      return true;
  }
  return false;
}

function isBoxChar(c: number): boolean {
  return c >= 0x2500 && c <= 0x257f;
}

/** East Asian wide and fullwidth characters (two terminal columns). */
function isWide(c: number): boolean {
  return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) || (c >= 0xac00 && c <= 0xd7a3)
    || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6)
    || (c >= 0xd800 && c <= 0xdbff);
}

/** East Asian ambiguous characters a CJK terminal draws two columns wide (quotes, ·, ①, box lines…). */
function isAmbiguous(c: number): boolean {
  return c === 0xa7 || c === 0xb0 || c === 0xb1 || c === 0xb7 || c === 0xd7 || c === 0xf7
    || (c >= 0x2010 && c <= 0x203f) || (c >= 0x2100 && c <= 0x24ff) || (c >= 0x2500 && c <= 0x25ff)
    || (c >= 0x0391 && c <= 0x03c9) || (c >= 0x0401 && c <= 0x0451);
}

/** How a character's width is counted: display columns, ambiguous ones 1 or 2, or one per character. */
type Measure = 'display' | 'cjk' | 'chars';

/** A line as columns: the character standing at each column ('' where a wide one continues). */
function columnsOf(line: string, measure: Measure): string[] {
  const cols: string[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    let ch = line[i] as string;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < line.length) ch = line.slice(i, ++i + 1);
    if (ch === '\t') {
      // Tabs to the next multiple of 8, as terminals do.
      do cols.push(' '); while (cols.length % 8 !== 0);
      continue;
    }
    cols.push(ch);
    if (measure !== 'chars' && (isWide(c) || (measure === 'cjk' && isAmbiguous(c)))) cols.push('');
  }
  return cols;
}

/** Whether a line is all ASCII rule: `+---+---+`, `|----+----|`, `+   +---+` (pandoc rowspan). */
function isAsciiRule(line: string): boolean {
  return /^\s*[+|][-=:+| ]*[+|]\s*$/.test(line) && /[-=]/.test(line) && line.includes('+');
}

type BoxKind = 'unicode' | 'ascii' | null;

function boxKind(line: string): BoxKind {
  let s = 0;
  while (s < line.length && (line.charCodeAt(s) === 32 || line.charCodeAt(s) === 9 || line.charCodeAt(s) === 0x3000)) s++;
  const c = line.charCodeAt(s);
  if (isBoxChar(c)) {
    // The line's last mark is a box character too (a frame), or it is a rule.
    let e = line.length;
    while (e > s && /\s/.test(line[e - 1] as string)) e--;
    return isBoxChar(line.charCodeAt(e - 1)) && e - s >= 2 ? 'unicode' : null;
  }
  if (c === 43 /* + */ || c === 124 /* | */) {
    let e = line.length;
    while (e > s && /\s/.test(line[e - 1] as string)) e--;
    const last = line.charCodeAt(e - 1);
    if (e - s >= 2 && (last === 43 || last === 124)) return 'ascii';
  }
  return null;
}

/** Box-drawn and ASCII grid tables -> pipe rows, in place. */
function boxTables(out: string[]): void {
  for (let i = 0; i < out.length; i++) {
    const kind = boxKind(out[i] as string);
    if (kind === null) continue;
    let j = i + 1;
    while (j < out.length && boxKind(out[j] as string) === kind) j++;
    const block = out.slice(i, j);
    // Strict: three lines or more, one of them a rule; ASCII needs a `+---+` line (a markdown
    // pipe table has none and is read as it is).
    const hasRule = kind === 'unicode'
      ? block.some((l) => /[─━═┄┅┈┉╌╍]/.test(l))
      : block.some((l) => isAsciiRule(l) && /^\s*\+/.test(l));
    if (block.length >= 3 && hasRule) {
      const rows = readBoxTable(block, kind);
      if (rows) {
        for (let k = i; k < j; k++) out[k] = '';
        for (const [at, cells] of rows) out[i + at] = pipeRow(cells);
      }
    }
    i = j - 1;
  }
}

/** Whether column x of a line is a bar or a junction (`+` only in a rule: `+--`, `-+-`, `+   +`). */
function isBarAt(cols: readonly string[], x: number, asciiRule: boolean): boolean {
  const ch = cols[x];
  if (ch === undefined || ch === '') return false;
  if (ch === '|') return true;
  if (ch === '+') return asciiRule || isHoriz(cols[x - 1] ?? '') || isHoriz(cols[x + 1] ?? '');
  const c = ch.charCodeAt(0);
  return isBoxChar(c) && !isHoriz(ch);
}

/**
 * Reads one box-drawn table: [line index in the block, cells] per row, or null when it is not a
 * table after all (fewer than two columns).
 */
function readBoxTable(block: readonly string[], kind: 'unicode' | 'ascii'): [number, string[]][] | null {
  const rules = block.map((l) => kind === 'ascii' && isAsciiRule(l));
  // The measure under which the bars line up: the one giving the fewest bar positions.
  let best: { cols: string[][]; bounds: number[] } | null = null;
  for (const measure of ['display', 'chars', 'cjk'] as const) {
    const cols = block.map((l) => columnsOf(l, measure));
    const set = new Set<number>();
    cols.forEach((line, k) => { for (let x = 0; x < line.length; x++) if (isBarAt(line, x, rules[k] as boolean)) set.add(x); });
    if (!best || set.size < best.bounds.length) best = { cols, bounds: [...set].sort((a, b) => a - b) };
    if (!block.some((l) => /[^\x00-\x7f]/.test(l))) break; // ASCII only: every measure is the same
  }
  const { cols, bounds } = best as { cols: string[][]; bounds: number[] };
  const width = bounds.length - 1;
  if (width < 2) return null;
  const seg = (k: number, c: number) => (cols[k] as string[]).slice((bounds[c] as number) + 1, bounds[c + 1] as number);
  const isRuleSeg = (k: number, c: number): boolean => {
    const s = seg(k, c);
    if (s.length < (bounds[c + 1] as number) - (bounds[c] as number) - 1 || s.length === 0) return false;
    let horiz = false;
    for (const ch of s) {
      if (isHoriz(ch)) horiz = true;
      else if (ch !== ':' && ch !== '') return false;
    }
    return horiz;
  };
  // Rule lines (a rule in at least one column) and the bands of content lines between them.
  const ruleAt = block.map((_, k) => Array.from({ length: width }, (_, c) => isRuleSeg(k, c)));
  const isRuleLine = ruleAt.map((r) => r.some(Boolean));
  const bands: { from: number; to: number }[] = [];
  for (let k = 0; k < block.length; k++) {
    if (isRuleLine[k]) continue;
    const from = k;
    while (k + 1 < block.length && !isRuleLine[k + 1]) k++;
    bands.push({ from, to: k });
  }
  if (bands.length === 0) return null;
  // Units (band, column), merged into cells.
  const parent = Array.from({ length: bands.length * width }, (_, u) => u);
  const find = (u: number): number => {
    while (parent[u] !== u) u = parent[u] = parent[parent[u] as number] as number;
    return u;
  };
  const union = (a: number, b: number) => {
    const ra = find(a), rb = find(b);
    // The smaller unit (top-left) is the root.
    if (ra !== rb) { if (ra < rb) parent[rb] = ra; else parent[ra] = rb; }
  };
  bands.forEach((band, r) => {
    // Side by side: no bar at the boundary on any of the band's lines.
    for (let c = 1; c < width; c++) {
      let bar = false;
      for (let k = band.from; k <= band.to && !bar; k++) bar = isBarAt(cols[k] as string[], bounds[c] as number, rules[k] as boolean);
      if (!bar) union(r * width + c - 1, r * width + c);
    }
    // Above and below: no rule in the column between this band and the next.
    const next = bands[r + 1];
    if (!next) return;
    for (let c = 0; c < width; c++) {
      let rule = false;
      for (let k = band.to + 1; k < next.from && !rule; k++) rule = (ruleAt[k] as boolean[])[c] as boolean;
      if (!rule) union(r * width + c, (r + 1) * width + c);
    }
  });
  // Each cell's extent, from its units.
  const extent = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
  for (let u = 0; u < parent.length; u++) {
    const root = find(u), r = Math.floor(u / width), c = u % width;
    const e = extent.get(root);
    if (!e) extent.set(root, { r0: r, r1: r, c0: c, c1: c });
    else { e.r0 = Math.min(e.r0, r); e.r1 = Math.max(e.r1, r); e.c0 = Math.min(e.c0, c); e.c1 = Math.max(e.c1, c); }
  }
  const texts = new Map<number, string>();
  const digitLine = new Map<number, number>();
  for (const [root, e] of extent) {
    const parts: string[] = [];
    const left = (bounds[e.c0] as number) + 1, right = bounds[e.c1 + 1] as number;
    for (let k = (bands[e.r0] as { from: number }).from; k <= (bands[e.r1] as { to: number }).to; k++) {
      if (isRuleLine[k] && (ruleAt[k] as boolean[]).slice(e.c0, e.c1 + 1).some(Boolean)) continue;
      const part = (cols[k] as string[]).slice(left, right).join('');
      parts.push(part);
      if (!digitLine.has(root) && DIGIT.test(part)) digitLine.set(root, k);
    }
    texts.set(root, cellText(parts));
  }
  // A cell holding a bar: the bars of its lines do not stand where the table's others do (spaces
  // squeezed after the dump move bars, not rules). Then each line's own bars part its cells.
  for (const t of texts.values()) if (/[│┃|]/.test(t)) return barRows(block, isRuleLine);
  const rows: [number, string[]][] = [];
  bands.forEach((band, r) => {
    const cells: string[] = [];
    let at = -1;
    for (let c = 0; c < width; c++) {
      const u = r * width + c;
      if (find(u) !== u) { cells.push(''); continue; }
      cells.push(texts.get(u) ?? '');
      const d = digitLine.get(u);
      if (at < 0 && d !== undefined && d <= band.to) at = d;
    }
    if (cells.every((t) => t === '')) return;
    rows.push([at < 0 ? band.from : at, cells]);
  });
  return rows;
}

/**
 * A box table whose bars do not line up, read band by band (the lines between two rules): each
 * line parted at its own bars, a cell wrapped over the band's lines joined per place. Null when
 * the lines of a band part into different numbers of cells (nothing tells which go together).
 */
function barRows(block: readonly string[], isRuleLine: readonly boolean[]): [number, string[]][] | null {
  const rows: [number, string[]][] = [];
  for (let k = 0; k < block.length; k++) {
    if (isRuleLine[k]) continue;
    const from = k;
    while (k + 1 < block.length && !isRuleLine[k + 1]) k++;
    const lines = block.slice(from, k + 1).map((l) => l.trim().replace(/^[│┃|]|[│┃|]$/g, '').split(/[│┃|]/));
    const width = (lines[0] as string[]).length;
    if (lines.some((l) => l.length !== width)) return null;
    const cells = Array.from({ length: width }, (_, c) => cellText(lines.map((l) => l[c] as string)));
    if (cells.every((t) => t === '')) continue;
    const digits = lines.findIndex((l) => l.some((t) => DIGIT.test(t)));
    rows.push([from + (digits < 0 ? 0 : digits), cells]);
  }
  return rows;
}

// ---------------------------------------------------------------- pandoc simple and multiline tables

const COLUMN_RULE = /^\s*-{3,}(?: +-{3,})+\s*$/;
const FULL_RULE = /^\s*-{3,}\s*$/;

function isBlankLine(s: string): boolean {
  return s.trim() === '';
}

/** The dash groups of a column rule: [start, end) display columns. */
function ruleGroups(line: string): [number, number][] {
  const cols = columnsOf(line, 'display');
  const groups: [number, number][] = [];
  for (let x = 0; x < cols.length; x++) {
    if (cols[x] !== '-') continue;
    const s = x;
    while (x < cols.length && cols[x] === '-') x++;
    groups.push([s, x]);
  }
  return groups;
}

/** The words of a line, each in the column its span overlaps most (the nearest when none). */
function splitByGroups(line: string, groups: readonly [number, number][]): string[][] {
  const cols = columnsOf(line, 'display');
  const cells: string[][] = groups.map(() => []);
  for (let x = 0; x < cols.length;) {
    while (x < cols.length && /^\s$/.test(cols[x] as string)) x++;
    if (x >= cols.length) break;
    const s = x;
    while (x < cols.length && !/^\s$/.test(cols[x] as string)) x++;
    let bestCol = 0, bestScore = -Infinity;
    groups.forEach(([gs, ge], c) => {
      const overlap = Math.min(ge, x) - Math.max(gs, s);
      const score = overlap > 0 ? overlap : -Math.min(Math.abs(gs - x), Math.abs(s - ge));
      if (score > bestScore) { bestScore = score; bestCol = c; }
    });
    (cells[bestCol] as string[]).push(cols.slice(s, x).join(''));
  }
  return cells;
}

/** pandoc simple tables (a row per line) and multiline tables (rows apart by blank lines) -> pipe rows. */
function simpleTables(out: string[]): void {
  for (let i = 0; i < out.length; i++) {
    const line = out[i] as string;
    if (!line.includes('--') || !COLUMN_RULE.test(line)) continue;
    const groups = ruleGroups(line);
    // Multiline: a full rule above the header; the rows end at a full rule.
    let top = i - 1;
    while (top >= 0 && !isBlankLine(out[top] as string) && !FULL_RULE.test(out[top] as string)) top--;
    const multiline = top >= 0 && FULL_RULE.test(out[top] as string);
    let end = i + 1;
    if (multiline) {
      while (end < out.length && !FULL_RULE.test(out[end] as string)) end++;
      if (end >= out.length) continue;
    } else {
      while (end < out.length && !isBlankLine(out[end] as string) && !COLUMN_RULE.test(out[end] as string)) end++;
    }
    // Row groups: [from, to] line ranges.
    const body: [number, number][] = [];
    for (let k = i + 1; k < end; k++) {
      if (isBlankLine(out[k] as string)) continue;
      const from = k;
      if (multiline) while (k + 1 < end && !isBlankLine(out[k + 1] as string)) k++;
      body.push([from, k]);
    }
    if (body.length < 2) continue;
    const header: [number, number] | null = multiline ? (top + 1 <= i - 1 ? [top + 1, i - 1] : null) : (i > 0 && !isBlankLine(out[i - 1] as string) ? [i - 1, i - 1] : null);
    const rows: [number, string[]][] = [];
    for (const [from, to] of header ? [header, ...body] : body) {
      const parts: string[][][] = [];
      let at = -1;
      for (let k = from; k <= to; k++) {
        const cells = splitByGroups(out[k] as string, groups);
        parts.push(cells);
        if (at < 0 && cells.some((w) => w.some((t) => DIGIT.test(t)))) at = k;
      }
      rows.push([at < 0 ? from : at, groups.map((_, c) => cellText(parts.map((p) => (p[c] as string[]).join(' '))))]);
    }
    const first = header ? header[0] : i;
    const last = multiline ? end : end - 1 + (end < out.length && COLUMN_RULE.test(out[end] as string) ? 1 : 0);
    for (let k = multiline ? top : first; k <= last; k++) out[k] = '';
    for (const [at, cells] of rows) out[at] = pipeRow(cells);
    i = last;
  }
}
