/**
 * Text primitives shared by every stage: normalisation for matching (never for output), label
 * similarity, and the classification of one printed cell or token.
 */

/**
 * What normLabel does with each UTF-16 code unit, looked up in one table (a loop over it costs a
 * fraction of two global regex replaces on these short strings):
 * - DROPPED: white space (\\s) and punctuation that carries no meaning in a label;
 * - DOT: an enumeration mark written as `1.` once unified (、．。).
 * test/report/primitives.test.ts checks the table against the patterns it stands for.
 */
export const DROPPED = 1, DOT = 2;
const DROP_MARKS = '"\'“”‘’「」『』【】[]{}<>《》,，;；:：!！?？·•‧・_~`^*#>|}';
const DOT_MARKS = '、．。';
/** The white space of \\s (see isSpace). */
const SPACE_RANGES: readonly [number, number][] = [
  [9, 13], [32, 32], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f],
  [0x3000, 0x3000], [0xfeff, 0xfeff],
];

export const LABEL_CHARS: Uint8Array = (() => {
  const t = new Uint8Array(0x10000);
  for (const [lo, hi] of SPACE_RANGES) for (let c = lo; c <= hi; c++) t[c] = DROPPED;
  for (const ch of DROP_MARKS) t[ch.charCodeAt(0)] = DROPPED;
  for (const ch of DOT_MARKS) t[ch.charCodeAt(0)] = DOT;
  return t;
})();

/**
 * The form of a label used for matching: NFKC (full-width -> half-width), no spaces, enumeration
 * marks unified (`1、` `1．` -> `1.`, `（一）` -> `(一)`), decorative punctuation dropped.
 */
export function normLabel(s: string): string {
  let v = NORM_CACHE.get(s);
  if (v === undefined) {
    v = simplified(unifyMarks(nfkc(s)));
    remember(NORM_CACHE, s, v);
  }
  return v;
}

/**
 * Traditional forms of the characters the template's labels, headings and column names use
 * (traditional -> simplified), so a report printed in traditional characters (總計, 申請, 處理,
 * 不予公開, 無法提供, 複議, 訴訟 …) matches the template. Matching only: what is stored and shown
 * is the text as printed.
 */
export const TRADITIONAL_PAIRS =
  '規规條条項项範范許许處处罰罚強强業业費费發发數数廢废現现決决額额單单萬万開开請请結结轉转辦办區区計计這这'
  + '屬属於于國国穩稳護护權权類类內内務务過过執执詢询機机關关無无沒没補补後后確确訪访舉举報报訴诉複复復复當当'
  + '認认獲获繳缴納纳總总縂总繼继續续組组織织構构會会議议訟讼經经維维糾纠審审體体況况動动問问題题進进據据係系'
  + '為为聯联統统資资與与錄录檔档號号個个對对應应實实際际設设';
const SIMPLIFIED = (() => {
  const t = new Uint16Array(0x10000);
  for (let i = 0; i + 1 < TRADITIONAL_PAIRS.length; i += 2) t[TRADITIONAL_PAIRS.charCodeAt(i)] = TRADITIONAL_PAIRS.charCodeAt(i + 1);
  return t;
})();

/** Traditional characters of TRADITIONAL_PAIRS made simplified, and 合计 (a total's other name) 总计. */
function simplified(s: string): string {
  let out: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = SIMPLIFIED[s.charCodeAt(i)] as number;
    if (c === 0) continue;
    out ??= s;
    out = out.slice(0, i) + String.fromCharCode(c) + out.slice(i + 1);
  }
  const v = out ?? s;
  return v.includes('合计') ? v.replaceAll('合计', '总计') : v;
}

/** `s.replace(/[、．。]/g, '.')` with DROPPED characters removed, in one pass; `s` itself when unchanged. */
function unifyMarks(s: string): string {
  let out = '', last = 0;
  for (let i = 0; i < s.length; i++) {
    const rule = LABEL_CHARS[s.charCodeAt(i)] as number;
    if (rule === 0) continue;
    out += s.slice(last, i);
    if (rule === DOT) out += '.';
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

/**
 * Reports repeat the same labels (the template's), so normLabel keeps what it computed. The
 * cache is dropped whole when it grows past CACHE_LIMIT: memory stays bounded over any number
 * of reports at the cost of one refill.
 */
const CACHE_LIMIT = 20000;
const NORM_CACHE = new Map<string, string>();

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (key.length > 200) return;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

/** Characters NFKC changes in these texts: full-width forms, odd spaces, circled numbers. */
const COMPAT = /[\u00a0\u2000-\u206f\u2460-\u24ff\u3000\u3200-\u33ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;

/** NFKC, skipped for the common case of a string it would not change (it is costly). */
export function nfkc(s: string): string {
  return COMPAT.test(s) ? s.normalize('NFKC') : s;
}

/** The set of character bigrams of an already normalised string. */
export function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** Dice coefficient of two bigram sets: 1 for the same label, tolerant of a garbled character. */
export function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const g of small) if (large.has(g)) common++;
  return (2 * common) / (a.size + b.size);
}

export type TokenKind = 'number' | 'dash' | 'odd' | 'blank' | 'text' | 'noise';

export interface Token {
  kind: TokenKind;
  /** The text as printed (trimmed). */
  text: string;
  /** For `number`: the value. */
  value: number;
}

/**
 * A printed number: digits with `,` or a space as thousands separator (`1,234` `1 234`), a
 * decimal part, and the unit its column counts in (件个次项; 万元 for 收费金额, whose column is
 * in 万元). Read after NFKC, so full-width digits are digits.
 */
const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|[1-9]\d{0,2}(?: \d{3})+|\d+)(?:\.\d+)?(?:件|个|次|项|万元)?$/;
/**
 * Footnote marks printed after a number (`27①` `27*` `27¹` `27注` `27（注1）` `27[1]`), matched
 * before NFKC, which would turn ① and ¹ into digits (27① -> 271). They are not part of the number.
 */
const FOOTNOTE_TAIL = /(?:[\u00b2\u00b3\u00b9\u2070-\u2079\u2460-\u24ff\u2776-\u2793*＊※†‡]|[(（]注\d*[)）]|注\d*|\[\d{1,2}\])+$/;
/** Marks written for "nothing" (— - / 无 …); what they read as is ruled in matcher.ts (read()). */
const DASH = /^(?:[-—–―─－‐‑/／\\]+|无|空|null)$/i;
/** Stray marks a scan or a web page leaves in a cell. */
const NOISE = /^[.,、。·•‧・'"`~^*_|!?()（）\[\]}{]+$/;
/**
 * A cell that prints a value this reader cannot read with certainty (`12.5元`, `1,23`, `5-6`,
 * `3 5` in one cell): starts with a digit and holds only digits, separators and units. Never a
 * label enumerator (`3.`), which is text.
 */
const ODD = /^[+-]?\d[\d.,，:：\-~～/ ]*[元万件个次项人份条%]*$/;
const ENUMERATOR = /^\d{1,2}[.、．]$/;

/** The CJK ideographs the NUMBER, FOOTNOTE_TAIL, ODD and DASH patterns allow: 件个次项万元注人份条无空. */
const ALLOWED_IN_CELL = [...'件个次项万元注人份条无空'].map((c) => c.charCodeAt(0));
/** The CJK ideographs a page mark may hold: 第页共. */
const ALLOWED_IN_MARK = [0x7b2c, 0x9875, 0x5171];

/** Whether s[from, to) holds a CJK unified ideograph (one NFKC never changes) not in `allowed`. */
function foreignIdeograph(s: string, allowed: readonly number[], from = 0, to = s.length): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x4e00 && c <= 0x9fff && !allowed.includes(c)) return true;
  }
  return false;
}

/**
 * Hook for the scan reader (readers/ocr/): a cell it could not read with certainty is written as
 * this mark followed by what a clerk must check (`〔识别不确定〕第2页 OCR读作“13”，请对照原件核对`).
 * It is read as a value that needs a person (`odd`), and that text is the review entry's reason.
 */
export const OCR_UNSURE = '〔识别不确定〕';

export function classify(raw: string): Token {
  // String.prototype.trim removes exactly the white space of \s (incl. U+00A0, U+3000).
  const text = raw.trim();
  if (text === '') return { kind: 'blank', text, value: 0 };
  // Most cells are plain ASCII digits: read them without the regexes below.
  if (text.length <= 15) {
    let i = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    if (i === text.length) return { kind: 'number', text, value: Number(text) };
  }
  // A label word starts with a CJK ideograph, which NFKC leaves alone: never a number or a mark.
  const c0 = text.charCodeAt(0);
  if (c0 === 0x3014 && text.startsWith(OCR_UNSURE)) return { kind: 'odd', text, value: 0 };
  if (c0 >= 0x4e00 && c0 <= 0x9fff) return { kind: text === '无' || text === '空' ? 'dash' : 'text', text, value: 0 };
  // Nor is a word holding, anywhere, an ideograph none of the patterns below allows (（一）予以公开):
  // NFKC keeps it.
  if (foreignIdeograph(text, ALLOWED_IN_CELL)) return { kind: 'text', text, value: 0 };
  return classifyValue(text);
}

/** classify() past its shortcuts: `text` is trimmed, not empty, and holds no foreign ideograph. */
function classifyValue(text: string): Token {
  const note = FOOTNOTE_TAIL.exec(text);
  if (note) {
    if (note.index === 0) return { kind: 'noise', text, value: 0 };
    const core = nfkc(text.slice(0, note.index).trim());
    if (NUMBER.test(core)) return { kind: 'number', text, value: numberValue(core) };
    return { kind: ODD.test(core) && !ENUMERATOR.test(core) ? 'odd' : 'text', text, value: 0 };
  }
  const n = nfkc(text);
  if (NUMBER.test(n)) return { kind: 'number', text, value: numberValue(n) };
  if (DASH.test(n)) return { kind: 'dash', text, value: 0 };
  if (NOISE.test(n)) return { kind: 'noise', text, value: 0 };
  if (ODD.test(n) && !ENUMERATOR.test(n)) return { kind: 'odd', text, value: 0 };
  return { kind: 'text', text, value: 0 };
}

/** The value of a string NUMBER matches. */
function numberValue(n: string): number {
  return Number(n.replace(/[, 件个次项万元]/g, ''));
}

/** An enumeration mark at the start of a label as normLabel gives it: `三、` `（二）` `1.` `2、`. */
export const MARKER = /^(?:[(][一二三四五六七八九十]+[)]|[一二三四五六七八九十]+\.|\d+\.)/;

/** A row label begins with an enumeration mark (MARKER). */
export function startsWithMarker(s: string): boolean {
  return MARKER.test(normLabel(s));
}

/** Exactly the white space of the RegExp class \\s (and of String.prototype.trim). */
export function isSpace(c: number): boolean {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  // Past U+3000 (CJK text, full-width forms) only the BOM is white space.
  if (c > 0x3000) return c === 0xfeff;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f
    || c === 0x205f || c === 0x3000;
}

/** White space only: `s.trim() === ''` without building the trimmed string. */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

/** Lines pdftotext prints between table rows that belong to no row: page numbers. */
export function isPageMark(line: string): boolean {
  // Quick refusal: a mark begins (after NFKC) with a digit, a dash or 第; an ASCII character or a
  // CJK ideograph is not changed by NFKC, so any other one of those cannot begin a mark.
  let from = 0, to = line.length;
  while (from < to && isSpace(line.charCodeAt(from))) from++;
  const c0 = line.charCodeAt(from);
  if (c0 < 0x80 ? !((c0 >= 48 && c0 <= 57) || c0 === 45) : c0 >= 0x4e00 && c0 <= 0x9fff && c0 !== 0x7b2c) return false;
  while (to > from && isSpace(line.charCodeAt(to - 1))) to--;
  // A cell of ASCII digits only (most lines that get here) has no dash, 第 or slash: not a mark.
  let digits = from < to;
  for (let i = from; digits && i < to; i++) {
    const c = line.charCodeAt(i);
    digits = c >= 48 && c <= 57;
  }
  if (digits) return false;
  if (foreignIdeograph(line, ALLOWED_IN_MARK, from, to)) return false;
  if (!/\d/.test(line)) return false;
  const s = nfkc(line.replace(/\f/g, '').trim());
  if (s.length > 30) return false;
  return /^[-—–]\s*\d{1,3}\s*[-—–]$/.test(s) || /^第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?$/.test(s) || /^\d{1,3}\s*\/\s*\d{1,3}$/.test(s);
}

const CN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, O: 0, o: 0, '○': 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 二〇二五 -> 2025; 十七 -> 17; 三十一 -> 31. Null when not a Chinese numeral. */
export function chineseNumber(s: string): number | null {
  if (s === '') return null;
  if (/^[〇零○一二三四五六七八九]{4}$/.test(s)) return Number([...s].map((c) => CN_DIGIT[c]).join(''));
  if (s.length === 1 && s !== '十') return CN_DIGIT[s] ?? null;
  const m = /^([一二三]?)(十?)([一二三四五六七八九]?)$/.exec(s);
  if (!m || (m[1] === '' && m[2] === '' && m[3] === '')) return null;
  if (m[1] !== '' && m[2] === '') return null;
  const tens = m[2] === '' ? 0 : m[1] === '' ? 1 : (CN_DIGIT[m[1] as string] ?? 0);
  return tens * 10 + (m[3] === '' ? 0 : (CN_DIGIT[m[3] as string] ?? 0));
}

/** The first full date in `s` as YYYY-MM-DD (Arabic or Chinese numerals), or null. */
export function findDate(s: string): string | null {
  const t = nfkc(s);
  const a = /(\d{4})\s*(?:年|-|\.|\/)\s*(\d{1,2})\s*(?:月|-|\.|\/)\s*(\d{1,2})\s*日?/.exec(t);
  if (a) return isoDate(Number(a[1]), Number(a[2]), Number(a[3]));
  const c = /([〇零○一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,4})\s*日/.exec(t);
  if (c) {
    const y = chineseNumber(c[1] as string);
    const m = chineseNumber(c[2] as string);
    const d = chineseNumber(c[3] as string);
    if (y !== null && m !== null && d !== null) return isoDate(y, m, d);
  }
  return null;
}

function isoDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1990 || y > 2100) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
