/**
 * Compatibility code points in extracted text, replaced by the ordinary ideographs they stand for.
 *
 * PDFs printed by Chromium (Skia) with Noto Sans/Serif CJK or Source Han fonts name a glyph the
 * font shares between a radical and an ideograph by the radical's code point: `⻘⽲县⼈⺠政府` is
 * what the reader gets for 青禾县人民政府. Titles, headings and labels then match nothing. Other
 * tools write CJK Compatibility Ideographs (U+F900–U+FAFF, e.g. 﨟) for ordinary ones.
 *
 * - Kangxi Radicals (U+2F00–U+2FD5): NFKC of the one character (⼈ -> 人), except ⼾ whose NFKC is
 *   the traditional 戶 while simplified-Chinese fonts draw it as 户 (the glyph they share);
 * - CJK Radicals Supplement (U+2E80–U+2EF3): NFKC names only ⺟ and ⻳, so SUPPLEMENT is an explicit
 *   table of the radicals that stand for one ordinary ideograph: every one Chromium produced when
 *   printing all of U+4E00–U+9FFF in Noto Sans CJK SC and Noto Serif CJK SC (checked with pdfjs),
 *   plus ⻄ 西. Radicals with several possible ideographs (⺌ ⺍ 小, ⺗ 心, ⺝ ⺼ 月/肉, ⺶ ⺷ 羊 …)
 *   are left as they are;
 * - CJK Compatibility Ideographs (U+F900–U+FAFF) and their supplement (U+2F800–U+2FA1F): NFKC of the
 *   one character (the twelve unified ones in that block, 﨎 …, stay).
 *
 * The whole text is never NFKC-normalised: that would also turn a footnote mark `27①` into `271`
 * and change full-width digits and punctuation the parser reads as printed.
 */

/** CJK Radicals Supplement -> the ideograph its glyph is drawn as (see above). */
const SUPPLEMENT: Readonly<Record<string, string>> = {
  '⺂': '乛', '⺃': '乚', '⺅': '亻', '⺉': '刂', '⺎': '兀', '⺏': '尣', '⺐': '尢', '⺒': '巳',
  '⺓': '幺', '⺔': '彑', '⺕': '彐', '⺖': '忄', '⺘': '扌', '⺙': '攵', '⺛': '旡', '⺞': '歺',
  '⺟': '母', '⺠': '民', '⺡': '氵', '⺣': '灬', '⺤': '爫', '⺦': '丬', '⺨': '犭',
  // ⺫ is the net form of 目 used atop 罗/罪; its ideograph is 罒, not 目.
  '⺫': '罒', '⺭': '礻', '⺯': '糹', '⺰': '纟', '⺱': '罓', '⺹': '耂', '⺺': '肀', '⺾': '艹',
  '⻁': '虎', '⻂': '衤', '⻃': '覀', '⻄': '西', '⻅': '见', '⻆': '角', '⻈': '讠', '⻉': '贝',
  '⻋': '车', '⻌': '辶', '⻐': '钅', '⻑': '長', '⻒': '镸', '⻓': '长', '⻔': '门', '⻖': '阝',
  '⻘': '青', '⻙': '韦', '⻚': '页', '⻛': '风', '⻜': '飞', '⻝': '食', '⻟': '飠', '⻠': '饣',
  '⻢': '马', '⻣': '骨', '⻤': '鬼', '⻥': '鱼', '⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄',
  '⻪': '黾', '⻫': '斉', '⻬': '齐', '⻮': '齿', '⻯': '竜', '⻰': '龙', '⻱': '龜', '⻲': '亀',
  '⻳': '龟',
};

/** Kangxi radicals whose NFKC is not the glyph simplified-Chinese fonts share with them. */
const KANGXI_OVERRIDES: Readonly<Record<string, string>> = { '⼾': '户' };

const LOW = 0x2e80;
const HIGH = 0x2fdf;
const COMPAT_LOW = 0xf900;
const COMPAT_HIGH = 0xfaff;
/** High surrogate of U+2F800–U+2FA1F (CJK Compatibility Ideographs Supplement). */
const COMPAT_SUPPLEMENT_HIGH = 0xd87e;

/** Replacement of each code unit of U+2E80–U+2FDF and U+F900–U+FAFF; undefined when it stays. */
const REPLACE: (string | undefined)[] = (() => {
  const table: (string | undefined)[] = [];
  for (let c = LOW; c <= HIGH; c++) {
    const ch = String.fromCharCode(c);
    const to = c < 0x2f00 ? SUPPLEMENT[ch] : (KANGXI_OVERRIDES[ch] ?? ch.normalize('NFKC'));
    if (to !== undefined && to !== ch) table[c - LOW] = to;
  }
  for (let c = COMPAT_LOW; c <= COMPAT_HIGH; c++) {
    const ch = String.fromCharCode(c);
    const to = ch.normalize('NFKC');
    if (to !== ch) table[HIGH - LOW + 1 + c - COMPAT_LOW] = to;
  }
  return table;
})();

function replacement(c: number): string | undefined {
  if (c >= LOW && c <= HIGH) return REPLACE[c - LOW];
  if (c >= COMPAT_LOW && c <= COMPAT_HIGH) return REPLACE[HIGH - LOW + 1 + c - COMPAT_LOW];
  return undefined;
}

/** Whether code unit c may start a replaced character (cheap range test, most text fails the first). */
function candidate(c: number): boolean {
  return c >= LOW && (c <= HIGH || c === COMPAT_SUPPLEMENT_HIGH || (c >= COMPAT_LOW && c <= COMPAT_HIGH));
}

/**
 * `s` with radicals and compatibility ideographs replaced by ordinary ideographs (see the module
 * comment); `s` itself when it holds none, found by one scan of its code units.
 */
export function normalizeText(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n && !candidate(s.charCodeAt(i))) i++;
  if (i === n) return s;
  let out = '';
  let last = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!candidate(c)) continue;
    if (c === COMPAT_SUPPLEMENT_HIGH) {
      const cp = s.codePointAt(i) as number;
      if (cp < 0x2f800 || cp > 0x2fa1f) continue;
      const ch = String.fromCodePoint(cp);
      const to = ch.normalize('NFKC');
      if (to !== ch) {
        out += s.slice(last, i) + to;
        last = i + 2;
      }
      i++;
      continue;
    }
    const to = replacement(c);
    if (to === undefined) continue;
    out += s.slice(last, i) + to;
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}
