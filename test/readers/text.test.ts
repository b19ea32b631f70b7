import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ReportError } from '../../server/report/errors.ts';
import { renderText } from '../../server/report/render.ts';
import { expectSameRecord, read } from './helpers.ts';
import { sampleRecord } from './fixtures.ts';

const TEXT = '勍香镇2024年政府信息公开工作年度报告\n一、总体情况\n本年新收申请 3 件。\n发布时间：2025-01-17\n';

describe('text encodings', () => {
  const cases: [string, Buffer, string][] = [
    ['UTF-8', Buffer.from(TEXT, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), 'utf-8-bom'],
    ['GBK', iconv.encode(TEXT, 'gbk'), 'gb18030'],
    ['GB18030', iconv.encode(`${TEXT}𠀀\n`, 'gb18030'), 'gb18030'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT, 'utf-16le')]), 'utf-16le'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, 'utf-16be')]), 'utf-16be'],
    ['UTF-16LE without BOM', iconv.encode(TEXT, 'utf-16le'), 'utf-16le'],
  ];
  for (const [name, bytes, encoding] of cases) {
    it(`decodes ${name}`, async () => {
      const doc = await read(bytes, 'report.txt');
      expect(doc.format).toBe('txt');
      expect(doc.extraction).toBe(encoding);
      expect(doc.text.startsWith(TEXT)).toBe(true);
      expect(doc.exactCells).toBe(false);
    });
  }

  it('keeps line numbers when Windows line ends are normalised', async () => {
    const doc = await read(iconv.encode(TEXT.replace(/\n/g, '\r\n'), 'gbk'), 'report.txt');
    expect(doc.text).toBe(TEXT);
  });

  it('a GBK report round-trips through the parser', async () => {
    const record = sampleRecord(2, { organ: '勍香镇' });
    const doc = await read(iconv.encode(renderText(record, 'cells-tab'), 'gbk'), '勍香镇.txt');
    expect(doc.extraction).toBe('gb18030');
    expectSameRecord(doc, record);
  });
});

describe('files that are not reports', () => {
  async function failure(bytes: Buffer, name: string): Promise<ReportError> {
    const err = await read(bytes, name).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportError);
    return err as ReportError;
  }

  it('refuses binary junk with a Chinese message', async () => {
    const junk = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 256));
    const err = await failure(junk, 'x.txt');
    expect(err.code).toBe('binary');
    expect(err.message).toMatch(/不是文字文件/);
  });

  it('refuses an empty file', async () => {
    expect((await failure(Buffer.alloc(0), 'x.txt')).code).toBe('empty');
  });

  it('reads an image as an image, whatever its name (a broken one is refused with the reason)', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]);
    const err = await failure(png, 'report.pdf');
    expect(err.code).toBe('unsupported_format');
    expect(err.message).toMatch(/图片文件“report.pdf”已损坏/);
  });

  it('refuses a zip that is not a Word file', async () => {
    // An empty zip archive: just the end-of-central-directory record.
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26)]);
    const err = await failure(zip, 'report.docx');
    expect(err.code).toBe('unsupported_format');
  });
});
