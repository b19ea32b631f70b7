import { describe, expect, it } from 'vitest';
import { appealTotals, balance, processedTotal, rowTotals } from '../../server/checks/arithmetic.ts';
import { checkReport } from '../../server/checks/run.ts';
import { ctxOf, generatedRecord, rules, withCells } from './helpers.ts';

/** Natural persons: 5 new + 1 carried over = 4 granted + 1 secret (5 processed) + 1 carried forward. */
function consistent() {
  const r = generatedRecord();
  for (const col of ['natural_person', 'total']) {
    withCells(r, {
      [`requests.new.${col}`]: 5, [`requests.carried_over.${col}`]: 1, [`requests.granted.${col}`]: 4,
      [`requests.denied_state_secret.${col}`]: 1, [`requests.processed_total.${col}`]: 5, [`requests.carried_forward.${col}`]: 1,
    });
  }
  return withCells(r, { 'appeals.review.upheld': 2, 'appeals.review.total': 2 });
}

describe('arithmetic', () => {
  it('a consistent report raises nothing', () => {
    expect(checkReport(ctxOf(consistent()))).toEqual([]);
  });

  it('arith.balance: new + carried over ≠ processed + carried forward, per column, with both sides', () => {
    const r = withCells(consistent(), { 'requests.carried_forward.natural_person': 2, 'requests.carried_forward.total': 2 });
    const flags = balance(ctxOf(r));
    expect(flags.map((f) => f.subject)).toEqual(['natural_person', 'total']);
    expect(flags[0]!.message).toBe('“一、本年新收政府信息公开申请数量”＋“二、上年结转政府信息公开申请数量”应等于“（七）总计”＋“四、结转下年度继续办理”：自然人列 5+1≠5+2');
    expect(flags[0]!.cells.map((c) => [c.key, c.value])).toEqual([
      ['requests.new.natural_person', 5], ['requests.carried_over.natural_person', 1],
      ['requests.processed_total.natural_person', 5], ['requests.carried_forward.natural_person', 2],
    ]);
  });

  it('arith.balance is silent when a cell it needs is blank (blank is never 0)', () => {
    const r = withCells(consistent(), { 'requests.carried_forward.natural_person': null, 'requests.carried_forward.total': 2 });
    expect(balance(ctxOf(r)).map((f) => f.subject)).toEqual(['total']);
  });

  it('arith.processed: (七)总计 ≠ sum of the 21 outcome rows, printed and expected', () => {
    const r = withCells(consistent(), { 'requests.processed_total.total': 6 });
    const flags = processedTotal(ctxOf(r));
    expect(flags).toHaveLength(1);
    expect(flags[0]!.cells[0]).toMatchObject({ key: 'requests.processed_total.total', value: 6, expected: 5 });
    expect(flags[0]!.message).toContain('总计列印为 6，各项之和为 5');
    expect(processedTotal(ctxOf(consistent()))).toEqual([]);
  });

  it('arith.row_total: 总计 ≠ the six applicant columns', () => {
    const r = withCells(consistent(), { 'requests.granted.total': 3 });
    const flags = rowTotals(ctxOf(r));
    expect(flags.map((f) => f.subject)).toEqual(['granted']);
    expect(flags[0]!.message).toBe('“（一）予以公开”一行的“总计”应等于六类申请人之和：印为 3，六类之和为 4（4+0+0+0+0+0）');
    expect(rowTotals(ctxOf(consistent()))).toEqual([]);
  });

  it('arith.appeals: group total ≠ upheld + corrected + other + pending', () => {
    const r = withCells(consistent(), { 'appeals.litigation_direct.pending': 2 });
    const flags = appealTotals(ctxOf(r));
    expect(flags.map((f) => f.subject)).toEqual(['litigation_direct']);
    expect(flags[0]!.cells[0]).toMatchObject({ key: 'appeals.litigation_direct.total', value: 0, expected: 2 });
    expect(appealTotals(ctxOf(consistent()))).toEqual([]);
  });

  it('every arithmetic flag is an error', () => {
    const r = withCells(consistent(), { 'requests.granted.total': 3, 'appeals.review.total': 9 });
    const flags = checkReport(ctxOf(r)).filter((f) => f.rule.startsWith('arith.'));
    expect(new Set(rules(flags))).toEqual(new Set(['arith.row_total', 'arith.processed', 'arith.appeals']));
    expect(flags.every((f) => f.severity === 'error')).toBe(true);
  });
});
