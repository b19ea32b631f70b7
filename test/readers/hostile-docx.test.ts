/**
 * Hostile zip-based documents: a zip bomb (a 438 KB .docx whose document.xml inflates to
 * hundreds of megabytes), a package whose directory lies about its sizes, too many entries, and a
 * reader that dies or hangs. Each fails alone, as a ReportError a clerk can read, and the next
 * document is read as usual.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ReportError } from '../../server/report/errors.ts';
import { setDocxWorkerLimits } from '../../server/report/readers/docx.ts';
import { ZIP_LIMITS } from '../../server/report/readers/zip-guard.ts';
import { docxFile, reportBlocks, sampleRecord } from './fixtures.ts';
import { read } from './helpers.ts';
import { bombDocumentXml, buildZip, replaceDocumentXml, unzipEntries } from './zip-tools.ts';

async function failure(bytes: Buffer, name: string): Promise<ReportError> {
  const err = await read(bytes, name).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ReportError);
  expect((err as ReportError).message).toContain(name);
  return err as ReportError;
}

const good = () => docxFile(reportBlocks(sampleRecord(3)));

describe('zip bombs and lying packages', () => {
  afterEach(() => setDocxWorkerLimits(null));

  it('a .docx whose document.xml inflates to 200 MB is refused from its directory, without inflating it', { timeout: 60_000 }, async () => {
    const bomb = await replaceDocumentXml(await good(), { bombBytes: 200 * 1024 * 1024 });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const heapBefore = process.memoryUsage().heapUsed;
    const err = await failure(bomb, '炸弹.docx');
    expect(err.code).toBe('too_large');
    expect(err.message).toMatch(/解压后/);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    // The next document reads as usual.
    expect((await read(await good(), 'next.docx')).format).toBe('docx');
  });

  it('a .docx whose directory understates document.xml is stopped while inflating', { timeout: 60_000 }, async () => {
    const bomb = await bombDocumentXml(120 * 1024 * 1024);
    const liar = await replaceDocumentXml(await good(), { name: 'word/document.xml', ...bomb, declaredSize: 4096 });
    const err = await failure(liar, '说谎.docx');
    expect(err.code).toBe('unsupported_format');
    expect((await read(await good(), 'next.docx')).format).toBe('docx');
  });

  it('a high compression ratio alone is refused (a small bomb under the size limit)', async () => {
    const bomb = await replaceDocumentXml(await good(), { bombBytes: 20 * 1024 * 1024 });
    const err = await failure(bomb, '压缩比.docx');
    expect(err.message).toMatch(/压缩比/);
  });

  it('too many entries is refused', async () => {
    const entries = await unzipEntries(await good());
    const many = [...entries, ...Array.from({ length: ZIP_LIMITS.maxEntries }, (_, i) => ({ name: `word/media/x${i}.bin`, data: Buffer.from('x') }))];
    const err = await failure(buildZip(many), '很多.docx');
    expect(err.message).toMatch(/个内部文件/);
  });

  it('duplicate entry names are refused', async () => {
    const entries = await unzipEntries(await good());
    const doc = entries.find((e) => e.name === 'word/document.xml')!;
    const err = await failure(buildZip([...entries, { name: doc.name, data: Buffer.from('<w:document/>') }]), '重名.docx');
    expect(err.code).toBe('unsupported_format');
  });
});

describe('the Word worker', () => {
  afterEach(() => setDocxWorkerLimits(null));

  it('a reader that runs out of memory fails its file with a reason; the next file starts a new worker', { timeout: 60_000 }, async () => {
    // A document under the size limits but too big for a tiny heap: many distinct paragraphs.
    const paragraphs = Array.from({ length: 60_000 }, (_, i) => `<w:p><w:r><w:t>第${i}段 ${(i * 7919).toString(36)} 文字</w:t></w:r></w:p>`).join('');
    const xml = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}</w:body></w:document>`);
    const heavy = await replaceDocumentXml(await good(), { name: 'word/document.xml', data: xml });
    setDocxWorkerLimits({ memoryMb: 48 });
    const err = await failure(heavy, '很大.docx');
    expect(err.message).toMatch(/内存/);
    setDocxWorkerLimits(null);
    expect((await read(await good(), 'next.docx')).format).toBe('docx');
  });

  it('a reader that takes too long is stopped with a reason; the next file is read', { timeout: 60_000 }, async () => {
    setDocxWorkerLimits({ timeoutMs: 1 });
    const err = await failure(await good(), '慢.docx');
    expect(err.message).toMatch(/超时/);
    setDocxWorkerLimits(null);
    expect((await read(await good(), 'next.docx')).format).toBe('docx');
  });
});
