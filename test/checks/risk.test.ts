import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../server/checks/config.ts';
import { disclosureRate, reviewCorrection } from '../../server/checks/risk.ts';
import { ctxOf, generatedRecord, withCells } from './helpers.ts';

const requests = (granted: number, partial: number, processed: number) => ctxOf(withCells(generatedRecord(), {
  'requests.granted.total': granted, 'requests.partially_granted.total': partial, 'requests.processed_total.total': processed,
}));

describe('risk indicators', () => {
  it('risk.disclosure_rate: below 40% with at least 30 requests', () => {
    const flags = disclosureRate(requests(8, 3, 30));
    expect(flags).toHaveLength(1);
    expect(flags[0]!.severity).toBe('info');
    expect(flags[0]!.message).toBe('依申请公开率为 36.7%（予以公开 8＋部分公开 3，办理 30 件），低于 40%，建议了解不予公开、无法提供的原因');
  });

  it('risk.disclosure_rate: not with fewer than 30 requests, nor at 40%', () => {
    expect(disclosureRate(requests(1, 0, 29))).toEqual([]);
    expect(disclosureRate(requests(10, 2, 30))).toEqual([]);
  });

  it('risk.disclosure_rate: thresholds are configurable', () => {
    const config = { ...DEFAULT_CONFIG, risk: { ...DEFAULT_CONFIG.risk, disclosureMinRequests: 10 } };
    expect(disclosureRate(requests(1, 0, 10), config)).toHaveLength(1);
  });

  it('risk.review_correction: more than 15% of reviews corrected', () => {
    const high = ctxOf(withCells(generatedRecord(), { 'appeals.review.corrected': 1, 'appeals.review.upheld': 4, 'appeals.review.total': 5 }));
    expect(reviewCorrection(high)[0]!.message).toBe('政府信息公开行政复议纠错率为 20%（结果纠正 1 件，共 5 件），高于 15%');
    const low = ctxOf(withCells(generatedRecord(), { 'appeals.review.corrected': 1, 'appeals.review.upheld': 9, 'appeals.review.total': 10 }));
    expect(reviewCorrection(low)).toEqual([]);
    expect(reviewCorrection(ctxOf(generatedRecord()))).toEqual([]);
  });
});
