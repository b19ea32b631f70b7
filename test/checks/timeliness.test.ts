import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../server/checks/config.ts';
import { timeliness } from '../../server/checks/timeliness.ts';
import { ctxOf, generatedRecord } from './helpers.ts';

const at = (published: string | null, kind: Parameters<typeof ctxOf>[2], source: 'report' | 'page' = 'report') =>
  timeliness(ctxOf(generatedRecord({ published, published_source: published ? source : null }), [], kind));

describe('timeliness (条例第四十九条)', () => {
  it('a township or department publishing after 31 January is late', () => {
    const flags = at('2025-02-01', 'township');
    expect(flags.map((f) => f.rule)).toEqual(['timeliness.late']);
    expect(flags[0]!.message).toBe('落款日期为 2025-02-01，晚于乡镇的发布期限 2025-01-31（《政府信息公开条例》第四十九条）');
    expect(at('2025-02-01', 'department').map((f) => f.rule)).toEqual(['timeliness.late']);
    expect(at('2025-01-31', 'department')).toEqual([]);
  });

  it('a county people\'s government has until 31 March', () => {
    expect(at('2025-03-31', 'county_government')).toEqual([]);
    expect(at('2025-04-01', 'county_government').map((f) => f.rule)).toEqual(['timeliness.late']);
  });

  it('an organ of unknown kind is held to the later date, never called late on a guess', () => {
    expect(at('2025-03-01', 'unknown')).toEqual([]);
  });

  it('deadlines are configurable per organ kind', () => {
    const config = { ...DEFAULT_CONFIG, deadlines: { ...DEFAULT_CONFIG.deadlines, township: '02-15' } };
    expect(timeliness(ctxOf(generatedRecord({ published: '2025-02-10' }), [], 'township'), config)).toEqual([]);
  });

  it('a date before the reporting year ended is flagged', () => {
    const flags = at('2024-12-20', 'township');
    expect(flags.map((f) => f.rule)).toEqual(['timeliness.early']);
    expect(flags[0]!.message).toContain('早于2024年度结束');
    expect(at('2025-01-01', 'township')).toEqual([]);
  });

  it('no date at all is flagged', () => {
    expect(at(null, 'township').map((f) => f.rule)).toEqual(['timeliness.undated']);
  });

  it('the web page\'s 发布时间 counts, and the message says where the date came from', () => {
    expect(at('2025-01-10', 'township', 'page')).toEqual([]);
    expect(at('2025-02-10', 'township', 'page')[0]!.message).toMatch(/^网页发布时间为 2025-02-10/);
  });
});
