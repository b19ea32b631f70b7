import { describe, expect, it } from 'vitest';
import { carryContinuity, inForceContinuity } from '../../server/checks/continuity.ts';
import { ctxOf, generatedRecord, withCells } from './helpers.ts';

describe('continuity between years', () => {
  it('continuity.carry: last year\'s 结转下年 differs from this year\'s 上年结转, per column', () => {
    const prev = ctxOf(withCells(generatedRecord({ year: 2023 }), { 'requests.carried_forward.natural_person': 3, 'requests.carried_forward.total': 3 }));
    const cur = ctxOf(withCells(generatedRecord(), { 'requests.carried_over.natural_person': 1, 'requests.carried_over.total': 3 }));
    const flags = carryContinuity(cur, prev);
    expect(flags.map((f) => f.subject)).toEqual(['natural_person']);
    expect(flags[0]!.message).toBe('2023年报告“四、结转下年度继续办理”为 3，本年“二、上年结转政府信息公开申请数量”为 1（自然人列），两者应相等');
    expect(flags[0]!.cells[0]).toMatchObject({ key: 'requests.carried_over.natural_person', value: 1, expected: 3 });
  });

  it('continuity.carry: matching years, or no previous report, or a gap year raise nothing', () => {
    expect(carryContinuity(ctxOf(generatedRecord()), ctxOf(generatedRecord({ year: 2023 })))).toEqual([]);
    expect(carryContinuity(ctxOf(generatedRecord()), null)).toEqual([]);
    const old = ctxOf(withCells(generatedRecord({ year: 2022 }), { 'requests.carried_forward.total': 5 }));
    expect(carryContinuity(ctxOf(generatedRecord()), old)).toEqual([]);
  });

  it('continuity.in_force: last year\'s in force + issued − repealed ≠ in force', () => {
    const prev = ctxOf(withCells(generatedRecord({ year: 2023 }), { 'active.normative_documents.in_force': 10 }));
    const cur = ctxOf(withCells(generatedRecord(), {
      'active.normative_documents.issued': 2, 'active.normative_documents.repealed': 1, 'active.normative_documents.in_force': 4,
    }));
    const flags = inForceContinuity(cur, prev);
    expect(flags.map((f) => f.subject)).toEqual(['normative_documents']);
    expect(flags[0]!.message).toBe('“行政规范性文件”：2023年“现行有效件数”10＋本年“本年制发件数”2－“本年废止件数”1＝11，本年印为 4');
    const ok = ctxOf(withCells(generatedRecord(), {
      'active.normative_documents.issued': 2, 'active.normative_documents.repealed': 1, 'active.normative_documents.in_force': 11,
    }));
    expect(inForceContinuity(ok, prev)).toEqual([]);
  });
});
