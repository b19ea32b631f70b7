import { describe, expect, it } from 'vitest';
import { compareYears, sentences } from '../../web/src/textdiff.ts';

describe('year-on-year narrative comparison', () => {
  it('cuts Chinese text into sentences, keeping their punctuation', () => {
    expect(sentences('一是加强领导。二是完善制度；三是公开平台！\n四 是培训')).toEqual(['一是加强领导。', '二是完善制度；', '三是公开平台！', '四 是培训']);
    expect(sentences(null)).toEqual([]);
  });

  it('tells repeated, number-only, changed, dropped and new sentences apart', () => {
    const prev = '2023年，我局高度重视政务公开。全年主动公开信息12条。存在问题是公开不及时。旧的一句。';
    const cur = '2024年，我局高度重视政务公开。全年主动公开信息15条。存在问题是栏目更新慢。新增一句话。';
    const d = compareYears(prev, cur);
    expect(d.rows.map((r) => r.kind)).toEqual(['numbers', 'numbers', 'changed', 'changed']);
    expect(d.rows[0]).toEqual({ kind: 'numbers', left: '2023年，我局高度重视政务公开。', right: '2024年，我局高度重视政务公开。' });
  });

  it('measures the repeated share of this year\'s text', () => {
    const same = compareYears('甲乙丙丁。戊己庚辛。', '甲乙丙丁。戊己庚辛。');
    expect(same.repeatedShare).toBe(1);
    expect(same.rows.every((r) => r.kind === 'same')).toBe(true);
    const half = compareYears('甲乙丙丁。', '甲乙丙丁。子丑寅卯。');
    expect(half.repeatedShare).toBe(0.5);
    expect(half.rows.map((r) => r.kind)).toEqual(['same', 'added']);
    expect(compareYears('甲。', '').repeatedShare).toBe(0);
    expect(compareYears('甲。乙。', '乙。').rows.map((r) => r.kind)).toEqual(['removed', 'same']);
  });

  it('keeps markup in a sentence as text', () => {
    const d = compareYears('<img src=x onerror=alert(1)>。', '<img src=x onerror=alert(1)>。');
    expect(d.rows[0]!.right).toBe('<img src=x onerror=alert(1)>。');
  });
});
