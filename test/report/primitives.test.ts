/**
 * The parser's fast primitives against the plain definitions they replace (regexes, trim, building
 * objects key by key): same answers, for every UTF-16 code unit where that is checkable and for
 * random strings over the characters that matter otherwise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newSheet, setSheet, SHEET_CELLS, sheetCell, sheetLines, sheetTables } from '../../server/report/parser/sheet.ts';
import { classify, DOT, DROPPED, isBlank, isPageMark, isSpace, LABEL_CHARS, nfkc, normLabel, TRADITIONAL_PAIRS } from '../../server/report/parser/text.ts';
import { CELLS, emptyTables, setCell } from '../../server/report/template.ts';

const DROP = /[\s\u00a0\u3000"'“”‘’「」『』【】\[\]{}<>《》,，;；:：!！?？·•‧・_~`^*#>|}]/g;

/** normLabel as it was written with regexes. */
const TRAD = new Map([...TRADITIONAL_PAIRS].flatMap((c, i, all) => (i % 2 === 0 ? [[c, all[i + 1] as string]] : [])));
const normLabelRef = (s: string) => [...nfkc(s).replace(/[、．。]/g, '.').replace(DROP, '')].map((c) => TRAD.get(c) ?? c).join('').replace(/合计/g, '总计');

/** isPageMark and classify as they were before their shortcuts. */
function isPageMarkRef(line: string): boolean {
  const t = line.trim();
  const c0 = t.charCodeAt(0);
  if (c0 < 0x80 ? !((c0 >= 48 && c0 <= 57) || c0 === 45) : c0 >= 0x4e00 && c0 <= 0x9fff && c0 !== 0x7b2c) return false;
  if (!/\d/.test(line)) return false;
  const s = nfkc(line.replace(/\f/g, '').trim());
  if (s.length > 30) return false;
  return /^[-—–]\s*\d{1,3}\s*[-—–]$/.test(s) || /^第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?$/.test(s) || /^\d{1,3}\s*\/\s*\d{1,3}$/.test(s);
}

function classifyRef(raw: string): { kind: string; text: string; value: number } {
  const text = raw.trim();
  if (text === '') return { kind: 'blank', text, value: 0 };
  if (/^\d{1,15}$/.test(text)) return { kind: 'number', text, value: Number(text) };
  const c0 = text.charCodeAt(0);
  if (c0 >= 0x4e00 && c0 <= 0x9fff) return { kind: text === '无' || text === '空' ? 'dash' : 'text', text, value: 0 };
  if (/[\u4e00-\u9fff]/.test(text.replace(/[件个次项万元注人份条无空]/g, ''))) return { kind: 'text', text, value: 0 };
  const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|[1-9]\d{0,2}(?: \d{3})+|\d+)(?:\.\d+)?(?:件|个|次|项|万元)?$/;
  const ODD = /^[+-]?\d[\d.,，:：\-~～/ ]*[元万件个次项人份条%]*$/;
  const value = (n: string) => Number(n.replace(/[, 件个次项万元]/g, ''));
  const oddOrText = (n: string) => (ODD.test(n) && !/^\d{1,2}[.、．]$/.test(n) ? 'odd' : 'text');
  const note = /(?:[²³¹⁰-⁹\u2460-\u24ff\u2776-\u2793*＊※†‡]|[(（]注\d*[)）]|注\d*|\[\d{1,2}\])+$/.exec(text);
  if (note) {
    if (note.index === 0) return { kind: 'noise', text, value: 0 };
    const core = nfkc(text.slice(0, note.index).trim());
    return NUMBER.test(core) ? { kind: 'number', text, value: value(core) } : { kind: oddOrText(core), text, value: 0 };
  }
  const n = nfkc(text);
  if (NUMBER.test(n)) return { kind: 'number', text, value: value(n) };
  if (/^(?:[-—–―─－‐‑/／\\]+|无|空|null)$/i.test(n)) return { kind: 'dash', text, value: 0 };
  if (/^[.,、。·•‧・'"`~^*_|!?()（）\[\]}{]+$/.test(n)) return { kind: 'noise', text, value: 0 };
  return { kind: oddOrText(n), text, value: 0 };
}

/** Characters that steer these functions: digits (also full-width), marks, white space, CJK (allowed or not), compatibility forms. */
const ALPHABET = [
  ...'0123456789０１２３', ...'-—–―─－‐‑/／\\.,、。．·•|!?()（）[]{}"\'“”「」【】《》<>:：;；*#_~`^', ' ', '\t', '\f', '\u00a0', '\u3000', '\u2028', '\ufeff',
  ...'第页共件个次项无空null', ...'一二三十予以公开申请行政处罚总计', ...'總計開請處合複', '①', '㈠', '⼀', '豈', '\ud83d', '\ude00',
];
const text = (maxLength: number) => fc.array(fc.constantFrom(...ALPHABET), { maxLength }).map((cs) => cs.join(''));
/** Strings built from the pieces of page marks and printed numbers, so that real ones come up often. */
const pieces = (list: readonly string[], maxLength: number) => fc.array(fc.constantFrom(...list), { maxLength }).map((cs) => cs.join(''));
const MARK_PIECES = ['第', '页', '共', '1', '23', '５', ' ', '\u3000', '\f', '，', ',', '-', '—', '–', '/', '／', '予', 'a'];
const CELL_PIECES = ['1', '23', '234', ',', '.', '5', '件', '个', '项', '-', '—', '＋', '+', '无', '空', 'null', 'NULL', '／', '·', '(', '）', '予', ' ', '１', '①', '¹', '*', '注', '万元', '元', '[1]'];
const runs = { numRuns: 20000, seed: 4242 };

describe('text primitives', () => {
  it('isSpace is the white space of \\s, for every code unit; isBlank is trim() === ""', () => {
    for (let c = 0; c < 0x10000; c++) expect(isSpace(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)));
    fc.assert(fc.property(text(6), (s) => isBlank(s) === (s.trim() === '')), runs);
  });

  it('LABEL_CHARS drops and unifies exactly the characters the label patterns name, for every code unit', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      const rule = LABEL_CHARS[c];
      expect(rule === DROPPED, c.toString(16)).toBe(new RegExp(DROP.source).test(ch));
      expect(rule === DOT, c.toString(16)).toBe(/[、．。]/.test(ch));
    }
  });

  it('normLabel is NFKC, 、．。 -> ., punctuation and white space dropped', () => {
    fc.assert(fc.property(text(12), (s) => normLabel(s) === normLabelRef(s)), runs);
  });

  it('isPageMark and classify answer as their plain definitions', () => {
    fc.assert(fc.property(fc.oneof(text(10), pieces(MARK_PIECES, 10)), (s) => isPageMark(s) === isPageMarkRef(s)), runs);
    fc.assert(fc.property(fc.oneof(text(8), pieces(CELL_PIECES, 6)), (s) => {
      expect(classify(s)).toEqual(classifyRef(s));
    }), runs);
    // The shapes that must keep being recognised.
    for (const mark of ['- 3 -', '第 2 页', '第2页，共5页', '3/5', ' 第 1 页 ']) expect(isPageMark(mark), mark).toBe(true);
    expect(classify('1,234件')).toEqual({ kind: 'number', text: '1,234件', value: 1234 });
    expect(classify('无').kind).toBe('dash');
  });

  it('reads footnote marks, separators and units as printed around a number, never into it', () => {
    // NFKC would make ① and ¹ digits: 27① must not become 271.
    for (const s of ['27①', '27*', '27¹', '27注', '27（注1）', '27[1]', '27※']) expect(classify(s), s).toMatchObject({ kind: 'number', value: 27 });
    expect(classify('1 234')).toMatchObject({ kind: 'number', value: 1234 });
    expect(classify('１,２３４')).toMatchObject({ kind: 'number', value: 1234 });
    expect(classify('12.5万元')).toMatchObject({ kind: 'number', value: 12.5 });
    // A lone mark is no number; a value printed in a form this reader cannot be sure of is odd.
    for (const s of ['①', '¹', '*']) expect(classify(s).kind, s).toBe('noise');
    for (const s of ['12.5元', '5-6', '1,23', '3 5']) expect(classify(s).kind, s).toBe('odd');
    for (const s of ['3.', '1.属于国家秘密', '2、重复申请']) expect(classify(s).kind, s).toBe('text');
  });
});

describe('sheet', () => {
  const values = fc.array(fc.option(fc.integer({ min: 0, max: 999 }), { nil: null }), { minLength: CELLS.length, maxLength: CELLS.length });
  const read = fc.array(fc.boolean(), { minLength: CELLS.length, maxLength: CELLS.length });

  it('builds the same tables and cell lines as writing them cell by cell in template order', () => {
    fc.assert(fc.property(values, read, fc.boolean(), (vs, rd, all) => {
      const sheet = newSheet();
      const tables = emptyTables();
      const lines: Record<string, number> = {};
      CELLS.forEach((c, i) => {
        if (!all && !rd[i]) return;
        const cell = sheetCell(c.section, c.row, c.column);
        setSheet(sheet, cell, vs[i] ?? null, i + 1);
        setCell(tables, c, vs[i] ?? null);
        lines[c.key] = i + 1;
      });
      expect(JSON.stringify(sheetTables(sheet))).toBe(JSON.stringify(tables));
      expect(JSON.stringify(sheetLines(sheet))).toBe(JSON.stringify(lines));
    }), { numRuns: 200, seed: 7 });
  });

  it('has every template cell, in order, and no other', () => {
    expect(SHEET_CELLS.map((c) => c.key)).toEqual(CELLS.map((c) => c.key));
    expect(() => sheetCell('requests', 'new', 'nope')).toThrow();
  });
});
