import { describe, expect, it } from 'vitest';
import { contextFromRecord } from '../../server/checks/context.ts';
import { parseOrganName } from '../../shared/organ-names.ts';
import { generatedRecord, review } from './helpers.ts';

/** The kind `npm run check` gives a lone file's organ (no registry at hand). */
const kindOfLoneFile = (organ: string) => contextFromRecord({ ...generatedRecord(), organ }).organKind;

describe('context from a parsed record (CLI path)', () => {
  it('guesses the organ kind from the printed name, unknown when unsure', () => {
    expect(kindOfLoneFile('勍香镇')).toBe('township');
    expect(kindOfLoneFile('西交口乡人民政府')).toBe('township');
    expect(kindOfLoneFile('城关街道办事处')).toBe('street');
    expect(kindOfLoneFile('金乡县人民政府')).toBe('county_government');
    expect(kindOfLoneFile('金乡县人民政府办公室')).toBe('department');
    expect(kindOfLoneFile('县教育局')).toBe('department');
    expect(kindOfLoneFile('某某')).toBe('unknown');
  });

  it('reads the kind exactly as ingest does (parseOrganName), one definition for both', () => {
    const names = ['勍香镇', '西交口乡人民政府', '城关街道办事处', '城关街道', '金乡县人民政府', '县人民政府', '金乡县人民政府办公室', '县教育局',
      '金乡县市场监督管理局', '青禾县融媒体中心', '金乡县公安局交警大队', '某某', '羊山镇人民政府', '金乡县羊山镇', '鱼台县王鲁镇人民政府', '县档案馆'];
    for (const name of names) expect(kindOfLoneFile(name), name).toBe(parseOrganName(name).kind);
  });

  it('carries review entries as cell keys and keeps the record\'s narrative and headings', () => {
    const ctx = contextFromRecord(generatedRecord(), [review('requests.new.total', '列无法确定', 12)]);
    expect(ctx.review).toEqual([{ key: 'requests.new.total', reason: '列无法确定', line: 12 }]);
    expect(ctx.headings.map((h) => h.no).join('')).toBe('一二三四五六');
    expect(ctx.organKind).toBe('township');
  });
});
