/**
 * The PDF reader works in a worker thread: pdfjs's polyfills stay there, so this thread keeps V8's
 * own built-ins (several times faster for the parser and the JSON of every API answer). This file
 * must not import pdfjs itself.
 */
// First: captures the built-ins before the modules below are loaded.
import { NATIVES } from './natives.ts';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../server/report/readers/index.ts';
import { ReportError } from '../../server/report/errors.ts';
import { docxFile, reportBlocks, sampleRecord } from './fixtures.ts';
import { HAS_SOFFICE } from './helpers.ts';
import { convertWithSoffice } from '../../server/report/readers/legacy.ts';

describe('the PDF worker', () => {
  it.skipIf(!HAS_SOFFICE)('reads a PDF and leaves this thread\'s built-ins native', { timeout: 120_000 }, async () => {
    const pdf = (await convertWithSoffice(await docxFile(reportBlocks(sampleRecord(6))), 'docx', 'pdf'))!;
    const doc = await readDocument(pdf, 'report.pdf');
    expect(doc.format).toBe('pdf');
    expect(doc.text).toMatch(/政府信息公开工作年度报告/);
    // Identity, not toString: core-js makes its replacements print as `[native code]`.
    expect(Array.prototype.push).toBe(NATIVES.push);
    expect(JSON.stringify).toBe(NATIVES.stringify);
    expect(JSON.parse).toBe(NATIVES.parse);
    expect(Function.prototype.toString).toBe(NATIVES.toString);
  });

  it('fails a broken PDF with a reason for the clerk, and reads the next one', async () => {
    const broken = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');
    const err = await readDocument(broken, 'broken.pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportError);
    expect((err as ReportError).message).toMatch(/broken\.pdf/);
    const again = await readDocument(broken, 'again.pdf').catch((e: unknown) => e);
    expect((again as ReportError).message).toMatch(/again\.pdf/);
  });
});
