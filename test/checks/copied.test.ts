import { describe, expect, it } from 'vitest';
import { copiedFromPeers, copiedFromPreviousYear } from '../../server/checks/copied.ts';
import { containment, estimateJaccard, jaccard, normaliseForSimilarity, shingles, sketch } from '../../server/checks/similarity.ts';
import type { CountyReport } from '../../server/checks/types.ts';
import { ctxOf, generatedRecord } from './helpers.ts';

const LAST_YEAR = [
  '2023年，东风镇坚持以公开为常态、不公开为例外，围绕镇党委、镇政府中心工作，扎实推进政务公开。',
  '一是加强组织领导，成立政务公开工作领导小组，明确专人负责信息发布和审核。',
  '二是拓宽公开渠道，充分利用政府网站、公开栏和微信公众号发布惠民政策和重点工作进展。',
  '三是强化监督考核，将政务公开纳入年度目标考核，定期通报。',
].join('');
const FRESH = [
  '今年我镇重点做了三件事：建设村级便民服务站十二个，把低保、医保、养老资格认证等事项搬到群众家门口办理；',
  '推出“帮办代办”队伍，为老年人上门代办证件；对征地补偿资金逐村张榜，接受群众监督。',
].join('');

const narr = (overview: string) => ({ overview, problems: '问题：宣传不够。措施：加强宣传。', other: '本年度未收取信息处理费。' });

describe('copied text', () => {
  it('similarity measures behave as documented', () => {
    const a = shingles(normaliseForSimilarity('一二三四五六七八九十'), 3);
    const b = shingles(normaliseForSimilarity('一二三四五六七八九十甲乙丙丁'), 3);
    expect(containment(a, b)).toBe(1);
    expect(jaccard(a, b)).toBeCloseTo(8 / 12);
    expect(normaliseForSimilarity('2024年 东风镇，推进公开。', ['东风镇'])).toBe('年推进公开');
  });

  it('the sketch estimate used to screen pairs stays close to the exact Jaccard', () => {
    const x = shingles(normaliseForSimilarity(LAST_YEAR + FRESH), 5);
    const y = shingles(normaliseForSimilarity(LAST_YEAR + FRESH.slice(0, 40)), 5);
    expect(Math.abs(estimateJaccard(sketch(x), sketch(y)) - jaccard(x, y))).toBeLessThan(0.15);
    expect(estimateJaccard(sketch(x), sketch(x))).toBe(1);
  });

  it('copy.previous_year: this year repeats last year\'s text with only the year changed', () => {
    const prev = ctxOf(generatedRecord({ year: 2023, narrative: narr(LAST_YEAR) }));
    const cur = ctxOf(generatedRecord({ narrative: narr(LAST_YEAR.replace('2023', '2024')) }));
    const flags = copiedFromPreviousYear(cur, prev);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.message).toMatch(/^本年报告正文（总体情况、存在的问题、其他事项）有 100% 与本单位2023年报告相同/);
    expect(flags[0]!.detail).toMatchObject({ matchedYear: 2023, containment: 1 });
  });

  it('copy.previous_year: a rewritten report is not flagged', () => {
    const prev = ctxOf(generatedRecord({ year: 2023, narrative: narr(LAST_YEAR) }));
    const cur = ctxOf(generatedRecord({ narrative: narr(FRESH) }));
    expect(copiedFromPreviousYear(cur, prev)).toEqual([]);
    expect(copiedFromPreviousYear(cur, null)).toEqual([]);
  });

  const PROBLEMS = '一是政府信息主动公开意识还需进一步提升；二是信息公开的深度和广度不够；三是政府信息公开整体工作水平仍需提升。下一步，我们将加强业务学习和培训，提升公开平台运营水平。';
  const report = (id: number, organ: string, problems: string): CountyReport => ({
    reportId: id, organId: id * 10, organ, organKind: 'township', problems, values: {},
  });

  it('copy.peer_problems: two townships with the same problems text (only the name swapped) flag each other', () => {
    const reports = [
      report(1, '东风镇', `东风镇${PROBLEMS}`),
      report(2, '红旗乡', `红旗乡${PROBLEMS}`),
      report(3, '前进镇', `前进镇${FRESH}`),
    ];
    const flags = copiedFromPeers(reports);
    expect(flags.map((f) => f.organId)).toEqual([10, 20]);
    expect(flags[0]!.message).toBe('“五、存在的主要问题及改进情况”与同县同年度“红旗乡”的报告完全相同（相似度 100%）');
    expect(flags[0]!.detail).toMatchObject({ matches: [{ reportId: 2, organ: '红旗乡', similarity: 1 }] });
  });

  it('copy.peer_problems: different texts, or very short ones like “无”, are not flagged', () => {
    expect(copiedFromPeers([report(1, '东风镇', PROBLEMS), report(2, '红旗乡', FRESH)])).toEqual([]);
    expect(copiedFromPeers([report(1, '东风镇', '无。'), report(2, '红旗乡', '无。')])).toEqual([]);
  });
});
