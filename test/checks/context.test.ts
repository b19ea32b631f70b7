import { describe, expect, it } from 'vitest';
import { contextFromRecord, guessOrganKind } from '../../server/checks/context.ts';
import { generatedRecord, review } from './helpers.ts';

describe('context from a parsed record (CLI path)', () => {
  it('guesses the organ kind from the printed name, unknown when unsure', () => {
    expect(guessOrganKind('勍香镇')).toBe('township');
    expect(guessOrganKind('西交口乡人民政府')).toBe('township');
    expect(guessOrganKind('城关街道办事处')).toBe('street');
    expect(guessOrganKind('金乡县人民政府')).toBe('county_government');
    expect(guessOrganKind('金乡县人民政府办公室')).toBe('department');
    expect(guessOrganKind('县教育局')).toBe('department');
    expect(guessOrganKind('某某')).toBe('unknown');
  });

  it('carries review entries as cell keys and keeps the record\'s narrative and headings', () => {
    const ctx = contextFromRecord(generatedRecord(), [review('requests.new.total', '列无法确定', 12)]);
    expect(ctx.review).toEqual([{ key: 'requests.new.total', reason: '列无法确定', line: 12 }]);
    expect(ctx.headings.map((h) => h.no).join('')).toBe('一二三四五六');
    expect(ctx.organKind).toBe('township');
  });
});
