/**
 * The PDF reader works in worker threads (PDFium, as WebAssembly): one per core, each bounded in
 * time and memory, so a PDF fails alone with a reason and the next one is read.
 */
import { deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readDocument } from '../../server/report/readers/index.ts';
import { ReportError } from '../../server/report/errors.ts';
import { docxFile, reportBlocks, sampleRecord } from './fixtures.ts';
import { HAS_SOFFICE } from './helpers.ts';
import { convertWithSoffice } from '../../server/report/readers/legacy.ts';
import { pdfThreadsStarted, setPdfWorkerLimits } from '../../server/report/readers/pdf.ts';
import { CORES } from '../../server/report/readers/serial-worker.ts';
import { pdfOf } from './helpers.ts';

/** A one-page PDF with a line of text in a standard font. */
function textPdf(text: string): Buffer {
  const stream = `BT /F1 12 Tf 50 700 Td (${text}) Tj ET`;
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

describe('the PDF worker', () => {
  it.skipIf(!HAS_SOFFICE)('reads a PDF exported from Word', { timeout: 120_000 }, async () => {
    const pdf = (await convertWithSoffice(await docxFile(reportBlocks(sampleRecord(6))), 'docx', 'pdf'))!;
    const doc = await readDocument(pdf, 'report.pdf');
    expect(doc.format).toBe('pdf');
    expect(doc.text).toMatch(/政府信息公开工作年度报告/);
  });

  it('fails a broken PDF with a reason for the clerk, and reads the next one', async () => {
    const broken = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');
    const err = await readDocument(broken, 'broken.pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportError);
    expect((err as ReportError).message).toMatch(/broken\.pdf/);
    const again = await readDocument(broken, 'again.pdf').catch((e: unknown) => e);
    expect((again as ReportError).message).toMatch(/again\.pdf/);
  });

  describe('its threads', () => {
    afterEach(() => setPdfWorkerLimits(null));

    it('read many PDFs at once, no more threads than cores', { timeout: 120_000 }, async () => {
      const before = pdfThreadsStarted();
      const docs = await Promise.all(Array.from({ length: 6 }, (_, i) => readDocument(textPdf(`Annual report number ${i} of the county office`), `${i}.pdf`)));
      expect(docs.map((d) => d.text.trim())).toEqual(Array.from({ length: 6 }, (_, i) => `Annual report number ${i} of the county office`));
      expect(pdfThreadsStarted() - before).toBeLessThanOrEqual(CORES);
    });

    it('a PDF that overfills its thread\'s heap fails with a reason; the next one is read', { timeout: 120_000 }, async () => {
      setPdfWorkerLimits({ memoryMb: 4 });
      const err = await readDocument(textPdf('A report that will not fit in four megabytes'), '很大.pdf').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReportError);
      expect((err as ReportError).message).toMatch(/很大\.pdf.*内存/);
      setPdfWorkerLimits(null);
      expect((await readDocument(textPdf('The next report is read as before'), 'next.pdf')).text.trim()).toBe('The next report is read as before');
    });

    it('a PDF whose page inflates past the thread\'s memory fails as too large; the next one is read', { timeout: 120_000 }, async () => {
      // 100 MB of spaces as a page's content, 100 kB deflated: PDFium must hold it to read the page.
      const body = deflateSync(Buffer.alloc(100 * 1024 * 1024, 0x20));
      const shell = pdfOf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
        `<< /Length ${body.length} /Filter /FlateDecode >>\nstream\nBODY\nendstream`,
      ]);
      const at = shell.indexOf('BODY');
      // The offsets after the stream are off by its length: PDFium rebuilds the cross-reference table.
      const bomb = Buffer.concat([shell.subarray(0, at), body, shell.subarray(at + 4)]);
      setPdfWorkerLimits({ memoryMb: 64 });
      const err = await readDocument(bomb, '很大的页.pdf').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReportError);
      expect((err as ReportError).code).toBe('too_large');
      expect((err as ReportError).message).toMatch(/很大的页\.pdf.*64 MB 的内存上限/);
      const next = await readDocument(textPdf('The next report is read as before'), 'next.pdf');
      expect(next.text.trim()).toBe('The next report is read as before');
    });

    it('a PDF that takes too long is stopped with a reason; the next one is read', { timeout: 120_000 }, async () => {
      setPdfWorkerLimits({ timeoutMs: 1 });
      const err = await readDocument(textPdf('A report that is read too slowly here'), '慢.pdf').catch((e: unknown) => e);
      expect((err as ReportError).message).toMatch(/慢\.pdf.*超时/);
      setPdfWorkerLimits(null);
      expect((await readDocument(textPdf('The next report is read as before'), 'next.pdf')).text.trim()).toBe('The next report is read as before');
    });
  });
});
