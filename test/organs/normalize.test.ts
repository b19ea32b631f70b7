import { describe, expect, it } from 'vitest';
import { parseOrganName } from '../../shared/organ-names.ts';

describe('parseOrganName', () => {
  it.each([
    ['金乡县羊山镇人民政府', null, { county: '金乡县', name: '羊山镇', kind: 'township' }],
    ['羊山镇人民政府', '金乡县', { county: '金乡县', name: '羊山镇', kind: 'township' }],
    ['羊山镇', '金乡县', { county: '金乡县', name: '羊山镇', kind: 'township' }],
    ['羊山镇', null, { county: null, name: '羊山镇', kind: 'township' }],
    ['西交口乡人民政府', null, { county: null, name: '西交口乡', kind: 'township' }],
    ['山东省济宁市金乡县羊山镇人民政府', null, { county: '金乡县', name: '羊山镇', kind: 'township' }],
    ['青禾县城关街道办事处', null, { county: '青禾县', name: '城关街道', kind: 'street' }],
    ['城关街道', '青禾县', { county: '青禾县', name: '城关街道', kind: 'street' }],
    ['青禾县人民政府', null, { county: '青禾县', name: '县人民政府', kind: 'county_government' }],
    ['青禾县教育局', null, { county: '青禾县', name: '县教育局', kind: 'department' }],
    ['县教育局', '青禾县', { county: '青禾县', name: '县教育局', kind: 'department' }],
    ['教育局', '青禾县', { county: '青禾县', name: '县教育局', kind: 'department' }],
    ['青禾县人民政府办公室', null, { county: '青禾县', name: '县人民政府办公室', kind: 'department' }],
    ['青禾县政务服务中心', null, { county: '青禾县', name: '县政务服务中心', kind: 'department' }],
    ['任城区卫生健康局', null, { county: '任城区', name: '区卫生健康局', kind: 'department' }],
    ['经济开发区管理委员会', '青禾县', { county: '青禾县', name: '县经济开发区管理委员会', kind: 'department' }],
    ['县城市管理局', '青禾县', { county: '青禾县', name: '县城市管理局', kind: 'department' }],
    [' 羊 山 镇 ', '金乡县', { county: '金乡县', name: '羊山镇', kind: 'township' }],
  ] as const)('%s (county %s)', (printed, hint, want) => {
    expect(parseOrganName(printed, hint)).toEqual(want);
  });
});

describe('departments whose name starts with a level word', () => {
  it('keeps 市场监督管理局 whole', () => {
    expect(parseOrganName('青禾县市场监督管理局', null)).toEqual({ county: '青禾县', name: '县市场监督管理局', kind: 'department' });
    expect(parseOrganName('县市场监督管理局', '青禾县')).toEqual({ county: '青禾县', name: '县市场监督管理局', kind: 'department' });
    expect(parseOrganName('市场监督管理局', '青禾县').name).toBe('县市场监督管理局');
  });
});
