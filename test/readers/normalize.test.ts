/**
 * Radicals and compatibility ideographs in extracted text (server/report/normalize.ts), and their
 * normalisation at the reader boundary for every format.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeText } from '../../server/report/normalize.ts';
import { parseText } from '../../server/report/parse.ts';
import { readPdf } from '../../server/report/readers/pdf.ts';
import { renderText } from '../../server/report/render.ts';
import { docxFile, htmlPage, reportBlocks, sampleRecord } from './fixtures.ts';
import { HAS_SOFFICE, expectSameRecord, read } from './helpers.ts';

/** Ordinary ideograph -> the Kangxi radical whose NFKC it is (⼈ for 人), with the ones the tests need from the supplement. */
const TO_RADICAL = (() => {
  const map = new Map<string, string>();
  for (let c = 0x2f00; c <= 0x2fd5; c++) {
    const radical = String.fromCharCode(c);
    map.set(radical === '⼾' ? '户' : radical.normalize('NFKC'), radical);
  }
  for (const [plain, radical] of [['民', '⺠'], ['青', '⻘'], ['长', '⻓'], ['门', '⻔'], ['见', '⻅'], ['车', '⻋'], ['马', '⻢'], ['风', '⻛'], ['页', '⻚'], ['贝', '⻉'], ['母', '⺟'], ['龟', '⻳']]) {
    map.set(plain as string, radical as string);
  }
  return map;
})();

/** Text as a Chromium-printed PDF with Noto CJK names it: every ideograph that has a radical written as that radical. */
function radicalise(s: string): string {
  return [...s].map((ch) => TO_RADICAL.get(ch) ?? ch).join('');
}

describe('normalizeText', () => {
  it('returns the very string when nothing is to be replaced', () => {
    const s = '青禾县人民政府2024年政府信息公开工作年度报告\n规章\t0\t1\t２７①\n';
    expect(normalizeText(s)).toBe(s);
    expect(normalizeText('')).toBe('');
  });

  it('replaces Kangxi radicals by NFKC, one character at a time', () => {
    expect(normalizeText('⻘⽲县⼈⺠政府')).toBe('青禾县人民政府');
    expect(normalizeText('⼀、总体情况')).toBe('一、总体情况');
    expect(normalizeText('⼯作年度报告')).toBe('工作年度报告');
    // Every Kangxi radical becomes an ordinary CJK ideograph.
    for (let c = 0x2f00; c <= 0x2fd5; c++) {
      const got = normalizeText(String.fromCharCode(c));
      expect(got.length, `U+${c.toString(16)}`).toBe(1);
      expect(got.charCodeAt(0) >= 0x4e00 && got.charCodeAt(0) <= 0x9fff, `U+${c.toString(16)} -> ${got}`).toBe(true);
    }
  });

  it('writes ⼾ as the simplified 户 that simplified-Chinese fonts draw, not NFKC\'s 戶', () => {
    expect(normalizeText('⽤⼾')).toBe('用户');
  });

  it('replaces the supplement radicals that stand for one ordinary ideograph', () => {
    expect(normalizeText('⺠⻓⻔⻅⻆⻋⻘⻝⻢⻛⻜⻄⻤⻬⻮⻰⻳⺟⻩⻚⻉⻥⻦⻨')).toBe('民长门见角车青食马风飞西鬼齐齿龙龟母黄页贝鱼鸟麦');
    expect(normalizeText('⺅⺡⺘⺾⻌⻈⺰⻐⻠⻖⺉⺭⻂')).toBe('亻氵扌艹辶讠纟钅饣阝刂礻衤');
    // ⺫ is the net form (罒), not 目.
    expect(normalizeText('⺫')).toBe('罒');
  });

  it('leaves supplement radicals with no single ideograph as they are', () => {
    for (const ch of ['⺀', '⺌', '⺍', '⺗', '⺝', '⺼', '⺶', '⺷']) expect(normalizeText(ch)).toBe(ch);
  });

  it('replaces CJK compatibility ideographs by NFKC, the unified ones in that block stay', () => {
    expect(normalizeText('\uf900\uf901')).toBe('\u8c48\u66f4'); // 豈更
    expect(normalizeText('\ufa0e')).toBe('\ufa0e'); // 﨎 is a unified ideograph
    expect(normalizeText('x\u{2f800}y')).toBe('x\u4e3dy'); // compatibility supplement: 丽
    expect(normalizeText('\ud87e')).toBe('\ud87e'); // a lone surrogate is left alone
  });

  it('never applies NFKC to anything else: circled numbers, full-width digits and marks stay', () => {
    const s = '⼈数27①，全⾓２０２４年（⼀）：Ⅳ ㈠ ﹣';
    expect(normalizeText(s)).toBe('人数27①，全角２０２４年（一）：Ⅳ ㈠ ﹣');
  });
});

describe('radicals in every reader\'s text are normalised', () => {
  const record = sampleRecord(7, { organ: '青禾县人民政府' });

  it('a text file: the same text and the same record as the plain one; the file bytes are not changed by reading', async () => {
    const plain = renderText(record, 'rows-tab');
    const odd = radicalise(plain);
    expect(odd).not.toBe(plain);
    expect(parseText(odd).error).not.toBeNull(); // what happened before
    const bytes = Buffer.from(odd, 'utf8');
    const copy = Buffer.from(bytes);
    const doc = await read(bytes, '⻘⽲县.txt');
    expect(bytes.equals(copy)).toBe(true);
    expect(doc.text).toBe((await read(plain, 'plain.txt')).text);
    expect(doc.text).toMatch(/青禾县人民政府.*2024.*年政府信息\s*公开工作年度报告/);
    expectSameRecord(doc, record);
  });

  it('a footnote mark 27① stays as printed in a normalised text', async () => {
    const doc = await read(`⻘⽲县⼈⺠政府2024年政府信息公开⼯作年度报告\n注：本年共27①件。\n`, 'a.txt');
    expect(doc.text).toBe('青禾县人民政府2024年政府信息公开工作年度报告\n注：本年共27①件。\n');
  });

  it('a web page: title, 发布⽇期 line and tables read as from the plain page', async () => {
    const plainPage = htmlPage(reportBlocks(record), { date: '2025-01-20', siteName: '青禾县人民政府' });
    const doc = await read(radicalise(plainPage), 'page.html');
    const plainDoc = await read(plainPage, 'page.html');
    expect(doc.text).toBe(plainDoc.text);
    const got = expectSameRecord(doc, record);
    expect(got.published).toBe('2025-01-20');
  });

  it('a .docx', async () => {
    const blocks = reportBlocks(record).map((b) => (b.kind === 'p' ? { ...b, text: radicalise(b.text) } : b));
    const doc = await read(await docxFile(blocks), 'report.docx');
    expect(doc.text).not.toMatch(/[\u2e80-\u2fdf]/);
    expectSameRecord(doc, record);
  });
});

describe.skipIf(!HAS_SOFFICE)('legacy formats through LibreOffice', () => {
  it('an .rtf whose text is in radicals reads in ordinary ideographs', async () => {
    // RTF writes characters beyond Latin-1 as \uN? (N signed 16-bit decimal).
    const rtfText = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 128 ? c : `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}?`)).join('');
    const rtf = `{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Noto Sans CJK SC;}}\\f0 ${rtfText('⻘⽲县⼈⺠政府2024年政府信息公开⼯作年度报告')}\\par ${rtfText('⼀、总体情况')}\\par}`;
    const doc = await read(rtf, 'report.rtf');
    expect(doc.format).toBe('rtf');
    expect(doc.text).toContain('青禾县人民政府2024年政府信息公开工作年度报告\n一、总体情况');
  }, 120_000);
});

const CHROMIUM = '/usr/bin/chromium';
const NOTO = ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc'].some(existsSync);
const HAS_CHROMIUM_NOTO = existsSync(CHROMIUM) && NOTO;
if (!HAS_CHROMIUM_NOTO) {
  const why = 'chromium (/usr/bin/chromium) or fonts-noto-cjk is not installed: the Chromium-printed PDF test is skipped (apt-get install chromium fonts-noto-cjk).';
  if (process.env.CI === 'true') throw new Error(`normalize.test: ${why}`);
  console.log(why);
}

describe.skipIf(!HAS_CHROMIUM_NOTO)('a PDF printed by Chromium with Noto CJK fonts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-chromium-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const record = sampleRecord(8, { organ: '青禾县人民政府' });

  it('names ideographs by radicals in its text layer, and reads as the record all the same', async () => {
    const page = htmlPage(reportBlocks(record), { date: '2025-01-20', siteName: '青禾县人民政府' })
      .replace('</head>', '<style>body{font-family:"Noto Sans CJK SC","Noto Serif CJK SC",sans-serif} td{border:1px solid #000}</style></head>');
    const html = join(dir, 'page.html');
    const pdfPath = join(dir, 'out.pdf');
    writeFileSync(html, page);
    execFileSync(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--no-pdf-header-footer', `--user-data-dir=${join(dir, 'profile')}`, `--print-to-pdf=${pdfPath}`, html,
    ], { stdio: 'ignore', timeout: 120_000 });
    const bytes = readFileSync(pdfPath);
    const raw = (await readPdf(bytes, 'out.pdf')).lines.join('\n');
    // The premise (Chromium/Skia + Noto as installed here): the raw text layer holds radicals.
    if (!/[\u2e80-\u2fdf]/.test(raw)) console.log('normalize.test: this Chromium wrote no radicals in its PDF; the round trip is still checked');
    const doc = await read(bytes, 'out.pdf');
    expect(doc.format).toBe('pdf');
    expect(doc.text).not.toMatch(/[\u2e80-\u2fdf]/);
    expect(doc.text).toContain('青禾县人民政府2024年政府信息公开工作年度报告');
    const got = expectSameRecord(doc, record);
    expect(got.published).toBe('2025-01-20');
  }, 180_000);
});
