import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docxFile, reportBlocks, sampleRecord } from './fixtures.ts';
import { expectSameRecord, read, tableLines } from './helpers.ts';
import { BLANK_TEMPLATE, needsShared } from '../support/shared.ts';

describe('Word .docx', () => {
  const record = sampleRecord(5);

  it('keeps merged header cells (gridSpan, vMerge) in place: text in the first cell, covered cells empty', async () => {
    const doc = await read(await docxFile(reportBlocks(record)), 'report.docx');
    expect(doc).toMatchObject({ format: 'docx', extraction: 'mammoth', exactCells: true });
    const lines = tableLines(doc.text);
    expect(lines.slice(0, 3)).toEqual(['第二十条第（一）项\t\t\t', '信息内容\t本年制发件数\t本年废止件数\t现行有效件数', expect.stringMatching(/^规章\t/)]);
    expect(lines).toContain('信息内容\t本年处理决定数量\t\t');
    const requestsHead = lines.findIndex((l) => l.startsWith('（本列数据的勾稽关系'));
    expect(lines.slice(requestsHead, requestsHead + 3)).toEqual([
      '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t',
      '\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计',
      '\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t',
    ]);
    expect(lines.at(-3)).toBe('结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t');
  });

  it('round-trips: record -> .docx -> text -> parser -> the same record, blanks included', async () => {
    expectSameRecord(await read(await docxFile(reportBlocks(record)), 'report.docx'), record);
  });

  it('is recognised by its bytes, not its name', async () => {
    expect((await read(await docxFile(reportBlocks(record)), 'report.bin')).format).toBe('docx');
  });
});

describe.skipIf(!needsShared(BLANK_TEMPLATE, 'docx.test'))('the blank national template (../shared)', () => {
  if (!existsSync(BLANK_TEMPLATE)) console.log('../shared/samples/real/template-2021-blank.docx is absent: blank-template test skipped.');

  it('gives the three tables as full grids, U+3000 blanks as empty cells', async () => {
    const doc = await read(readFileSync(BLANK_TEMPLATE), 'template.docx');
    const lines = tableLines(doc.text);
    const widths = lines.map((l) => l.split('\t').length);
    expect(widths.filter((w) => w === 4)).toHaveLength(14);
    expect(widths.filter((w) => w === 10)).toHaveLength(28);
    expect(widths.filter((w) => w === 15)).toHaveLength(4);
    expect(lines.at(-1)).toBe('\t'.repeat(14));
    expect(doc.text).not.toMatch(/\u3000/);
    expect(lines).toContain('\t（三）不予公开\t1.属于国家秘密\t\t\t\t\t\t\t');
  });
});
