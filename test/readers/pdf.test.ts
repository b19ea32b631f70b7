import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportError } from '../../server/report/errors.ts';
import { convertWithSoffice } from '../../server/report/readers/legacy.ts';
import { parseText } from '../../server/report/parse.ts';
import { CELLS, getCell, type ReportRecord } from '../../server/report/template.ts';
import { docxFile, reportBlocks, sampleRecord } from './fixtures.ts';
import { HAS_SOFFICE, expectSameRecord, pdfOf, read, tableLines } from './helpers.ts';
import { needsShared } from '../support/shared.ts';

const SAMPLES = new URL('../../../shared/samples/real/', import.meta.url);

/** A well-formed PDF whose only page draws a filled box and holds no text: what a scan looks like to us. */
function pdfWithoutText(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
  ];
  const stream = '0.5 g 50 50 495 742 re f';
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  return pdfOf(objects);
}

describe('PDF without a text layer', () => {
  it('asks for OCR instead of giving an empty record', async () => {
    const err = await read(pdfWithoutText(), 'scan.pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportError);
    expect((err as ReportError).code).toBe('needs_ocr');
    expect((err as ReportError).message).toMatch(/扫描件.*OCR/);
  });

  it('says a broken PDF is broken', async () => {
    const err = await read(Buffer.from('%PDF-1.4\ngarbage'), 'x.pdf').catch((e: unknown) => e);
    expect((err as ReportError).code).toBe('unsupported_format');
  });
});

/** A PDF of one page per entry: the text of that page in a standard font ('' for a blank page). */
function pagesPdf(texts: readonly string[]): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', ''];
  const kids: string[] = [];
  for (const text of texts) {
    const page = objects.length + 1;
    kids.push(`${page} 0 R`);
    const stream = text ? `BT /F1 12 Tf 50 700 Td (${text}) Tj ET` : '';
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${page + 1} 0 R /Resources << /Font << /F1 ${page + 2} 0 R >> >> >>`);
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${texts.length} >>`;
  return pdfOf(objects);
}

describe('looking for scanned pages', () => {
  let dir = '';
  let path: string | undefined;
  const probe = () => join(dir, 'called');
  beforeAll(() => {
    // A pdfimages ahead of poppler's on the PATH, that only notes it was called (then lists no image).
    dir = mkdtempSync(join(tmpdir(), 'nianbao-probe-'));
    writeFileSync(join(dir, 'pdfimages'), `#!/bin/sh\ntouch '${probe()}'\necho 'page num type'\necho '----'\n`, { mode: 0o755 });
    path = process.env.PATH;
    process.env.PATH = `${dir}:${path ?? ''}`;
  });
  afterAll(() => {
    process.env.PATH = path;
    rmSync(dir, { recursive: true, force: true });
  });

  it('costs no subprocess when every page has a text layer', async () => {
    const doc = await read(pagesPdf(['Annual report of the township government, page one', 'and its page two, with more text on it']), 'text.pdf');
    expect(doc.text).toMatch(/page two/);
    expect(existsSync(probe())).toBe(false);
  });

  it('asks poppler about a page without text (a blank page, or a scan)', async () => {
    const doc = await read(pagesPdf(['Annual report of the township government, page one', '']), 'blank-page.pdf');
    expect(doc.text).toMatch(/page one/);
    expect(doc.extraction).toBe('pdfium');
    expect(existsSync(probe())).toBe(true);
  });
});

describe.skipIf(!HAS_SOFFICE)('PDF made by LibreOffice from a .docx (tables over a page break)', () => {
  const record = sampleRecord(6);
  let docxText = '';
  let pdf: Buffer;

  beforeAll(async () => {
    // Filler paragraphs push the 申请 table over the end of a page.
    const docx = await docxFile(reportBlocks(record, { fillerBeforeRequests: 30 }));
    docxText = (await read(docx, 'report.docx')).text;
    pdf = (await convertWithSoffice(docx, 'docx', 'pdf'))!;
  }, 120_000);

  it('really splits the 申请 table over two pages', () => {
    // Poppler, not the reader under test, says where the pages break (pages end with a form feed).
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-split-'));
    try {
      writeFileSync(join(dir, 'report.pdf'), pdf);
      const pages = execFileSync('pdftotext', [join(dir, 'report.pdf'), '-'], { encoding: 'utf8' }).split('\f').map((p) => p.replace(/\s/g, ''));
      const pageOf = (needle: string) => pages.findIndex((text) => text.includes(needle));
      const start = pageOf('本年新收政府信息公开申请数量');
      const end = pageOf('结转下年度继续办理');
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end).toBeGreaterThan(start);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rebuilds every table row of the .docx, blank cells and merged cells in place', async () => {
    const doc = await read(pdf, 'report.pdf');
    expect(doc).toMatchObject({ format: 'pdf', extraction: 'pdfium-grid', exactCells: true });
    expect(tableLines(doc.text)).toEqual(tableLines(docxText));
  });

  it('round-trips: record -> .docx -> PDF -> text -> parser -> the same record', async () => {
    expectSameRecord(await read(pdf, 'report.pdf'), record);
  });
});

const REAL = ['hongze-2023', 'hongze-2024', 'huaian-2024'];
const haveReal = needsShared(SAMPLES, 'pdf.test') && REAL.some((n) => existsSync(new URL(`${n}.expected.json`, SAMPLES)));
if (!haveReal) console.log('../shared/samples/real is absent: real-PDF tests skipped.');

describe.skipIf(!haveReal)('real PDFs (../shared/samples/real)', () => {
  for (const name of REAL) {
    const pdfPath = new URL(`${name}.pdf`, SAMPLES);
    const expectedPath = new URL(`${name}.expected.json`, SAMPLES);
    it.skipIf(!existsSync(pdfPath) || !existsSync(expectedPath))(`${name}: no wrong number, and every cell not sent to review is right`, async () => {
      const doc = await read(readFileSync(pdfPath), `${name}.pdf`);
      expect(doc.exactCells).toBe(true);
      expect(doc.text).not.toMatch(/^- \d+ -$/m);
      const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as ReportRecord;
      const parsed = parseText(doc.text, { exactCells: true });
      expect(parsed.error).toBeNull();
      const got = parsed.record!;
      expect(got.organ).toBe(expected.organ);
      const inReview = new Set(parsed.review.map((r) => `${r.section}.${r.row}.${r.column}`));
      const wrong = CELLS.filter((c) => getCell(got, c) !== null && getCell(got, c) !== getCell(expected, c)).map((c) => c.key);
      expect(wrong).toEqual([]);
      // The Hongze reports print （六）其他处理 as ONE undivided row (see the samples' README): how
      // its three template rows are filled is the parser's decision, not the reader's.
      const undivided = name.startsWith('hongze') ? /^requests\.other_/ : /^$/;
      const missed = CELLS.filter((c) => !inReview.has(c.key) && !undivided.test(c.key) && getCell(got, c) !== getCell(expected, c)).map((c) => c.key);
      expect(missed).toEqual([]);
    });
  }
});
