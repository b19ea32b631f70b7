/**
 * Text primitives shared by every stage: normalisation for matching (never for output), label
 * similarity, and the classification of one printed cell or token.
 */

/** Punctuation that carries no meaning in a label; removed before comparing. */
const DROP = /[\s\u00a0\u3000"'“”‘’「」『』【】\[\]{}<>《》,，;；:：!！?？·•‧・_~`^*#>|}]/g;

/**
 * The form of a label used for matching: NFKC (full-width -> half-width), no spaces, enumeration
 * marks unified (`1、` `1．` -> `1.`, `（一）` -> `(一)`), decorative punctuation dropped.
 */
export function normLabel(s: string): string {
  let v = NORM_CACHE.get(s);
  if (v === undefined) {
    v = nfkc(s).replace(/[、．。]/g, '.').replace(DROP, '');
    remember(NORM_CACHE, s, v);
  }
  return v;
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

export type TokenKind = 'number' | 'dash' | 'blank' | 'text' | 'noise';

export interface Token {
  kind: TokenKind;
  /** The text as printed (trimmed). */
  text: string;
  /** For `number`: the value. */
  value: number;
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:件|个|次|项)?$/;
/** Marks written for "nothing" (— - / 无 …); what they read as is ruled in matcher.ts (read()). */
const DASH = /^(?:[-—–―─－‐‑/／\\]+|无|空|null)$/i;
/** Stray marks a scan or a web page leaves in a cell. */
const NOISE = /^[.,、。·•‧・'"`~^*_|!?()（）\[\]}{]+$/;

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
  if (c0 >= 0x4e00 && c0 <= 0x9fff) return { kind: text === '无' || text === '空' ? 'dash' : 'text', text, value: 0 };
  const n = nfkc(text);
  if (NUMBER.test(n)) return { kind: 'number', text, value: Number(n.replace(/[,件个次项]/g, '')) };
  if (DASH.test(n)) return { kind: 'dash', text, value: 0 };
  if (NOISE.test(n)) return { kind: 'noise', text, value: 0 };
  return { kind: 'text', text, value: 0 };
}

/** A row label begins with an enumeration mark: `三、` `（二）` `1.` `2、`. */
export function startsWithMarker(s: string): boolean {
  return /^(?:[(][一二三四五六七八九十]+[)]|[一二三四五六七八九十]+\.|\d+\.)/.test(normLabel(s));
}

/** Lines pdftotext prints between table rows that belong to no row: page numbers. */
export function isPageMark(line: string): boolean {
  // Quick refusal: a mark begins (after NFKC) with a digit, a dash or 第; an ASCII character or a
  // CJK ideograph is not changed by NFKC, so any other one of those cannot begin a mark.
  const t = line.trim();
  const c0 = t.charCodeAt(0);
  if (c0 < 0x80 ? !((c0 >= 48 && c0 <= 57) || c0 === 45) : c0 >= 0x4e00 && c0 <= 0x9fff && c0 !== 0x7b2c) return false;
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
