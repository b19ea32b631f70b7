import { describe, expect, it } from 'vitest';
import { ReportError } from '../../server/report/errors.ts';
import { convertWithSoffice } from '../../server/report/readers/legacy.ts';
import { docxFile, reportBlocks, sampleRecord } from './fixtures.ts';
import { HAS_SOFFICE, expectSameRecord, read, tableLines } from './helpers.ts';

describe.skipIf(!HAS_SOFFICE)('Word 97–2003 .doc and WPS .wps through LibreOffice', () => {
  const record = sampleRecord(7);

  for (const [target, name, format] of [['doc', 'report.doc', 'doc'], ['doc', 'report.wps', 'wps']] as const) {
    it(`${name}: converted, tables kept cell for cell, the same record`, async () => {
      const docx = await docxFile(reportBlocks(record));
      const legacy = (await convertWithSoffice(docx, 'docx', target))!;
      const doc = await read(legacy, name);
      expect(doc).toMatchObject({ format, extraction: 'soffice+mammoth', exactCells: true });
      expect(tableLines(doc.text)).toEqual(tableLines((await read(docx, 'report.docx')).text));
      expectSameRecord(doc, record);
    }, 120_000);
  }

});

describe('legacy Word without LibreOffice', () => {
  it('asks for .docx or PDF in Chinese', async () => {
    const before = process.env.NIANBAO_SOFFICE;
    process.env.NIANBAO_SOFFICE = 'off';
    try {
      const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]);
      const err = await read(ole, '报告.wps').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReportError);
      expect((err as ReportError).code).toBe('needs_conversion');
      expect((err as ReportError).message).toMatch(/\.wps.*另存为 \.docx 或 PDF/);
    } finally {
      if (before === undefined) delete process.env.NIANBAO_SOFFICE;
      else process.env.NIANBAO_SOFFICE = before;
    }
  });
});
