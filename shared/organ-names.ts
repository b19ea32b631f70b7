/**
 * Organ names, normalised in one place. `金乡县羊山镇人民政府`, `羊山镇人民政府` and `羊山镇` all
 * become {county: 金乡县 (when printed), name: 羊山镇, kind: township}; every lookup, registry
 * import and ingest goes through `parseOrganName` so the same organ always gets the same key.
 */
import type { OrganKind } from './enums.ts';

export interface OrganName {
  /** The county as printed before the organ (金乡县), null when not printed. */
  county: string | null;
  /** The short name used as the key within a county: 羊山镇, 城关街道, 县教育局, 县人民政府. */
  name: string;
  kind: OrganKind;
}

/** Width, spaces and invisible characters removed: the form every comparison starts from. */
export function cleanName(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u200b\u3000]+/g, '')
    .replace(/^[“"'‘《]+|[”"'’》:：]+$/g, '');
}

// A county as printed before an organ: two or more characters then 县/旗, or 区/市 when the
// name in front is not itself part of an organ (开发区, 新区 … are organs, not counties).
const NOT_COUNTY = /(开发|高新|新|园|景|工业|保税|示范|试验|自贸|产业|管理|社)$|^(县|区|市|旗)/;
const PROVINCE = /^.{2,7}?(省|自治区)/;
const PREFECTURE = /^.{2,7}?(市|自治州|地区|盟)(?=.{2,}?(县|区|市|旗))/;
const COUNTY = /^(.{2,7}?(自治县|县|自治旗|旗|区|市))/;

/** The generic level word a county's own organs are called by: 县, 区, 市 or 旗. */
export function countyLevel(county: string | null): string {
  const last = county?.match(/(县|区|市|旗)$/)?.[1];
  return last ?? '县';
}

/** Split a printed county prefix off an organ name; `knownCounty` wins when the name starts with it. */
export function splitCounty(cleaned: string, knownCounty?: string | null): { county: string | null; rest: string } {
  let s = cleaned;
  if (knownCounty) {
    const k = cleanName(knownCounty);
    const at = s.indexOf(k);
    if (at >= 0 && at <= 10 && s.length > at + k.length) return { county: k, rest: s.slice(at + k.length) };
  }
  s = s.replace(PROVINCE, '');
  s = s.replace(PREFECTURE, '');
  const m = s.match(COUNTY);
  if (m) {
    const county = m[1]!;
    const rest = s.slice(county.length);
    const stem = county.slice(0, -1);
    const level = county.slice(-1);
    const plausible = rest.length >= 2 && (level === '县' || level === '旗' || !NOT_COUNTY.test(stem));
    if (plausible && kindOf(rest) !== 'unknown') return { county, rest };
  }
  return { county: null, rest: cleaned };
}

const DEPARTMENT = /(局|委员会|委|办公室|办|中心|院|所|站|队|部|处|署|馆|社|会|厅|室|公司|集团|总队|支队|大队)$/;

/** Kind of an organ from its name without county (乡/镇, 街道, 人民政府, 局/委/办/中心 …). */
export function kindOf(rest: string): OrganKind {
  const s = rest.replace(/(人民政府|政府)$/, '');
  if (/街道(办事处)?$/.test(rest)) return 'street';
  if (/(乡|镇)$/.test(s) && s.length >= 2) return 'township';
  if (/^(县|区|市|旗)?(人民政府|政府)$/.test(rest)) return 'county_government';
  if (DEPARTMENT.test(rest)) return 'department';
  return 'unknown';
}

/**
 * The organ a printed name denotes. `countyHint` (from `--county` or the upload form) is used
 * when no county is printed, and to recognise its own name as a prefix.
 */
export function parseOrganName(printed: string, countyHint?: string | null): OrganName {
  const cleaned = cleanName(printed);
  const hint = countyHint ? cleanName(countyHint) : null;
  const { county: printedCounty, rest } = splitCounty(cleaned, hint);
  const county = printedCounty ?? hint ?? null;
  const kind = kindOf(rest);
  let name = rest;
  if (kind === 'township') name = rest.replace(/(人民政府|政府)$/, '');
  else if (kind === 'street') name = rest.replace(/街道办事处$/, '街道');
  else if (kind === 'county_government') name = `${countyLevel(county)}人民政府`;
  else if (kind === 'department') {
    // 金乡县教育局, 县教育局 and 教育局 of one county are one organ: key them as 县教育局.
    // 市场监督管理局 starts with 市 but is no 市 organ: only the county's own level word is a prefix.
    const level = countyLevel(county);
    name = rest.startsWith(level) ? rest : `${level}${rest}`;
  }
  return { county, name, kind };
}

/** The full name for display when none was printed: county + short name, 人民政府 for towns. */
export function fullName(n: OrganName): string {
  const county = n.county ?? '';
  switch (n.kind) {
    case 'township': return `${county}${n.name}人民政府`;
    case 'street': return `${county}${n.name}办事处`;
    case 'county_government': return n.county ? `${n.county}人民政府` : n.name;
    case 'department': return n.county ? `${n.county}${n.name.slice(1)}` : n.name;
    default: return `${county}${n.name}`;
  }
}
