import { describe, expect, it } from 'vitest';
import { heatmapOption } from '../../web/src/charts/heatmap.ts';
import { SEVERITY_COLORS } from '../../web/src/charts/colors.ts';

const LABELS = { error: '错误', warning: '警告', info: '参考' } as const;

describe('heatmap coloured by rule severity', () => {
  // Counts per organ × rule are mostly 1: a count scale paints every cell the same colour.
  const cells = [
    { x: 'arith', y: '甲镇', value: 1 },
    { x: 'copied', y: '甲镇', value: 1 },
    { x: 'outlier', y: '乙镇', value: 1 },
  ];
  const sev = { arith: 'error', copied: 'warning', outlier: 'info' } as const;
  const opt = heatmapOption(['arith', 'copied', 'outlier'], ['甲镇', '乙镇'], cells, undefined, undefined, {
    of: (x) => sev[x as keyof typeof sev], labels: LABELS,
  }) as { visualMap: { type: string; dimension: number; pieces: { value: number; label: string; color: string }[] }; dataset: { source: { rank: number }[] } };

  it('gives one-count cells of different rules different colours', () => {
    expect(opt.visualMap.type).toBe('piecewise');
    const ranks = opt.dataset.source.map((d) => d.rank);
    expect(new Set(ranks).size).toBe(3);
    const colourOf = (rank: number) => opt.visualMap.pieces.find((p) => p.value === rank)?.color;
    expect(ranks.map(colourOf)).toEqual([SEVERITY_COLORS.error, SEVERITY_COLORS.warning, SEVERITY_COLORS.info]);
  });

  it('names the colours in the legend in Chinese', () => {
    expect(opt.visualMap.pieces.map((p) => p.label)).toEqual(['错误', '警告', '参考']);
  });

  it('keeps the count scale when no severity is given', () => {
    const plain = heatmapOption(['a'], ['甲镇'], [{ x: 'a', y: '甲镇', value: 4 }]) as { visualMap: { max: number; type?: string } };
    expect(plain.visualMap.type).toBeUndefined();
    expect(plain.visualMap.max).toBe(4);
  });
});
