/**
 * The fictional county shown on a fresh machine: 青禾县 and its organs. Every name is made up
 * (no real place); the size says how busy an organ's information-disclosure desk is.
 */
import type { OrganKind } from '../../db/schema.ts';

export interface DemoOrgan {
  /** Short name within the county: 河湾镇, 城关街道, 县自然资源局, 县人民政府. */
  name: string;
  kind: OrganKind;
  /** Typical new requests a year (before noise). */
  requests: number;
  /** Typical administrative licensing / punishment decisions a year. */
  decisions: number;
  /** Registry aliases (older or colloquial names). */
  aliases?: string[];
  /** Met only in reports: the county office's registry does not list it. */
  unlisted?: boolean;
}

export const DEMO_COUNTY = '青禾县';
export const DEMO_YEARS = [2021, 2022, 2023, 2024, 2025] as const;

export const DEMO_ORGANS: readonly DemoOrgan[] = [
  { name: '县人民政府', kind: 'county_government', requests: 40, decisions: 0 },
  { name: '县人民政府办公室', kind: 'department', requests: 12, decisions: 0, aliases: ['县政府办'] },
  { name: '县自然资源局', kind: 'department', requests: 260, decisions: 180, aliases: ['县国土资源局'] },
  { name: '县住房和城乡建设局', kind: 'department', requests: 140, decisions: 320, aliases: ['县住建局'] },
  { name: '县公安局', kind: 'department', requests: 90, decisions: 2400 },
  { name: '县市场监督管理局', kind: 'department', requests: 35, decisions: 900, aliases: ['县市场监管局'] },
  { name: '县教育和体育局', kind: 'department', requests: 18, decisions: 60, aliases: ['县教育局', '县教体局'] },
  { name: '县卫生健康局', kind: 'department', requests: 14, decisions: 420 },
  { name: '县农业农村局', kind: 'department', requests: 8, decisions: 150 },
  { name: '县人力资源和社会保障局', kind: 'department', requests: 22, decisions: 80, aliases: ['县人社局'] },
  { name: '城关街道', kind: 'street', requests: 9, decisions: 0 },
  { name: '东湖街道', kind: 'street', requests: 6, decisions: 0 },
  { name: '南门街道', kind: 'street', requests: 4, decisions: 0 },
  { name: '河湾镇', kind: 'township', requests: 3, decisions: 0 },
  { name: '柳塘镇', kind: 'township', requests: 1, decisions: 0 },
  { name: '石桥镇', kind: 'township', requests: 2, decisions: 0 },
  { name: '杏林镇', kind: 'township', requests: 0.5, decisions: 0 },
  { name: '松岗镇', kind: 'township', requests: 0.3, decisions: 0 },
  { name: '白沙镇', kind: 'township', requests: 1, decisions: 0, aliases: ['白沙乡'] },
  { name: '云岭镇', kind: 'township', requests: 0.2, decisions: 0 },
  { name: '清溪乡', kind: 'township', requests: 0.3, decisions: 0 },
  { name: '麦田乡', kind: 'township', requests: 0.1, decisions: 0 },
  { name: '枫林乡', kind: 'township', requests: 0.2, decisions: 0 },
  { name: '芦苇乡', kind: 'township', requests: 0, decisions: 0 },
  { name: '青禾县经济开发区管理委员会', kind: 'department', requests: 5, decisions: 0, unlisted: true },
];

/** The full name a report prints in its title (县 organs carry the county's name). */
export function demoFullName(county: string, organ: DemoOrgan): string {
  switch (organ.kind) {
    case 'township': return `${county}${organ.name}人民政府`;
    case 'street': return `${county}${organ.name}办事处`;
    case 'county_government': return `${county}人民政府`;
    default: return organ.name.startsWith(county) ? organ.name : `${county}${organ.name.replace(/^县/, '')}`;
  }
}
