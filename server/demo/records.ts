/**
 * Records of a fictional county over five years, deterministic from a seed: mostly small
 * townships with zeros, a few departments with hundreds of requests, some reviews and lawsuits,
 * and a handful of the faults the checks exist for (arithmetic errors, blanks, a late date, a
 * missing year, a missing report, copied text, a corrected re-issue).
 */
import { APPLICANT_COLUMNS, CELLS, OUTCOME_ROWS, SECTIONS, emptyTables, setCell } from '../report/template.ts';
import type { CellRef, ReportRecord, Value } from '../report/template.ts';
import type { LayoutId } from '../report/render.ts';
import { DEMO_COUNTY, DEMO_ORGANS, DEMO_YEARS, demoFullName } from './county.ts';
import type { DemoOrgan } from './county.ts';

export interface DemoReport {
  organ: DemoOrgan;
  year: number;
  fileName: string;
  record: ReportRecord;
  layout: LayoutId;
  renderSeed: number;
  /** Print the title without its year (the file is then refused: 没有找到报告年度). */
  dropYear: boolean;
}

export interface DemoCounty {
  county: string;
  /** Registry lines: county,name,kind,aliases. */
  registry: { county: string; name: string; kind: string; aliases: string[] }[];
  reports: DemoReport[];
}

export interface DemoOptions {
  seed?: number;
  county?: string;
  organs?: readonly DemoOrgan[];
  years?: readonly number[];
  /** Leave out the deliberate faults (the benchmark wants every file to go in). */
  clean?: boolean;
}

/** mulberry32: small, fast and deterministic. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number): boolean => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    /** Roughly Poisson-like counts around `mean`. */
    around: (mean: number): number => {
      if (mean <= 0) return 0;
      if (mean < 5) {
        let n = 0;
        for (let i = 0; i < 8; i++) if (next() < mean / 8) n++;
        return n;
      }
      return Math.max(0, Math.round(mean * (0.7 + next() * 0.6)));
    },
  };
}
type Rng = ReturnType<typeof rng>;

const ref = (section: CellRef['section'], row: string, column: string): CellRef => ({ section, row, column });

/** Split `n` units over weighted bins. */
function spread(r: Rng, n: number, weights: readonly number[]): number[] {
  const out = weights.map(() => 0);
  const sum = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) {
    let x = r.next() * sum;
    let k = 0;
    while (k < weights.length - 1 && x >= weights[k]!) x -= weights[k++]!;
    out[k]!++;
  }
  return out;
}

const APPLICANT_WEIGHTS = [78, 12, 1, 1, 5, 3];
// granted, partially, 8 denied, 3 unable, 5 rejected, 3 other — in OUTCOME_ROWS order.
const OUTCOME_WEIGHTS = [50, 10, 0.5, 0.5, 0.5, 3, 1, 3, 0.5, 1, 16, 2, 1.5, 3, 2, 0.5, 0.5, 0.5, 1, 0.5, 2];

const PROBLEMS = [
  '一是公开内容的深度和广度有待拓展；二是信息更新不够及时。下一步将加强培训，完善审核机制。',
  '政策解读形式较为单一，图解、视频解读偏少。下一步将丰富解读形式，提升解读质量。',
  '依申请公开答复文书规范性有待提高。下一步将统一答复模板，加强法制审核。',
  '基层公开人员变动较频繁，业务能力参差不齐。下一步将定期组织业务培训。',
  '栏目设置与上级要求还有差距，部分栏目内容更新滞后。下一步将对照标准目录逐项梳理。',
];

function requestsAndAppeals(tables: ReportRecord, r: Rng, organ: DemoOrgan, carried: number[]): number[] {
  const newByCol = spread(r, r.around(organ.requests), APPLICANT_WEIGHTS);
  const forward = APPLICANT_COLUMNS.map((_, i) => (organ.requests >= 20 ? Math.min(newByCol[i]! + carried[i]!, r.around(organ.requests * 0.02)) : 0));
  const rows = new Map<string, number[]>();
  rows.set('new', newByCol);
  rows.set('carried_over', carried);
  rows.set('carried_forward', forward);
  const outcomes = OUTCOME_ROWS.map(() => APPLICANT_COLUMNS.map(() => 0));
  APPLICANT_COLUMNS.forEach((_, c) => {
    const processed = newByCol[c]! + carried[c]! - forward[c]!;
    spread(r, processed, OUTCOME_WEIGHTS).forEach((n, k) => { outcomes[k]![c] = n; });
  });
  OUTCOME_ROWS.forEach((row, k) => rows.set(row, outcomes[k]!));
  rows.set('processed_total', APPLICANT_COLUMNS.map((_, c) => outcomes.reduce((s, o) => s + o[c]!, 0)));
  for (const [row, values] of rows) {
    APPLICANT_COLUMNS.forEach((col, c) => setCell(tables, ref('requests', row, col), values[c]!));
    setCell(tables, ref('requests', row, 'total'), values.reduce((a, b) => a + b, 0));
  }
  for (const [group, rate] of [['review', 0.04], ['litigation_direct', 0.02], ['litigation_after_review', 0.008]] as const) {
    const n = r.around(organ.requests * rate);
    const [upheld, corrected, other, pending] = spread(r, n, [6, 1, 1, 2]);
    const cols = { upheld, corrected, other, pending, total: n };
    for (const [col, v] of Object.entries(cols)) setCell(tables, ref('appeals', group, col), v ?? 0);
  }
  return forward;
}

function active(tables: ReportRecord, r: Rng, organ: DemoOrgan, inForce: { n: number }): void {
  for (const f of ['issued', 'repealed', 'in_force']) setCell(tables, ref('active', 'regulations', f), 0);
  const big = organ.kind === 'county_government' || organ.name === '县人民政府办公室';
  const issued = big ? r.int(3, 14) : organ.kind === 'department' ? r.int(0, 3) : 0;
  const repealed = Math.min(inForce.n, big ? r.int(0, 4) : r.int(0, 1));
  inForce.n += issued - repealed;
  setCell(tables, ref('active', 'normative_documents', 'issued'), issued);
  setCell(tables, ref('active', 'normative_documents', 'repealed'), repealed);
  setCell(tables, ref('active', 'normative_documents', 'in_force'), inForce.n);
  setCell(tables, ref('active', 'licensing', 'decisions'), r.around(organ.decisions * 0.6));
  setCell(tables, ref('active', 'punishment', 'decisions'), r.around(organ.decisions * 0.4));
  setCell(tables, ref('active', 'enforcement', 'decisions'), r.around(organ.decisions * 0.02));
  setCell(tables, ref('active', 'fees', 'amount_wan_yuan'), organ.decisions > 300 && r.chance(0.3) ? r.int(1, 90) / 100 : 0);
}

export function generateCounty(options: DemoOptions = {}): DemoCounty {
  const seed = options.seed ?? 2025;
  const county = options.county ?? DEMO_COUNTY;
  const organs = options.organs ?? DEMO_ORGANS;
  const years = options.years ?? DEMO_YEARS;
  const r = rng(seed);
  const reports: DemoReport[] = [];
  const layouts: LayoutId[] = ['rows-tab', 'cells-tab', 'pdf-layout', 'pipe-table', 'cells-blank', 'cells-pipe'];
  for (const organ of organs) {
    let carried = APPLICANT_COLUMNS.map(() => (organ.requests >= 20 ? r.around(organ.requests * 0.02) : 0));
    const inForce = { n: r.int(0, organ.kind === 'county_government' ? 40 : 5) };
    const full = demoFullName(county, organ);
    for (const year of years) {
      const tables = emptyTables() as ReportRecord;
      active(tables, r, organ, inForce);
      carried = requestsAndAppeals(tables, r, organ, carried);
      const printed = options.clean || r.chance(0.75) ? full : full.replace(county, '');
      const day = r.int(5, 28);
      const record: ReportRecord = {
        ...tables,
        organ: printed, year, template: '2021',
        published: `${year + 1}-01-${String(day).padStart(2, '0')}`,
        published_source: r.chance(0.2) ? 'page' : 'report',
        headings: SECTIONS.map((s, i) => ({ no: s.no, title: s.title, line: i + 1 })),
        narrative: {
          overview: `${year}年，${full}深入贯彻《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，全年主动公开政府信息${r.int(12, 400)}条。`,
          problems: r.pick(PROBLEMS),
          other: r.pick(['本年度未收取信息处理费。', '无其他需要报告的事项。', `${year}年度，本机关未收取政府信息公开信息处理费。`]),
        },
      };
      reports.push({
        organ, year, record, layout: r.pick(layouts), renderSeed: r.int(1, 1_000_000), dropYear: false,
        fileName: `${year}/${full}${year}年政府信息公开工作年度报告.txt`,
      });
    }
  }
  if (!options.clean) addFaults(reports, r);
  const registry = organs.filter((o) => !o.unlisted).map((o) => ({
    county, name: r.chance(0.5) ? demoFullName(county, o) : o.name, kind: o.kind, aliases: o.aliases ?? [],
  }));
  return { county, registry, reports };
}

/** The deliberate faults the dashboard should show on a fresh machine. */
function addFaults(reports: DemoReport[], r: Rng): void {
  const towns = reports.filter((x) => x.organ.kind === 'township');
  const busy = reports.filter((x) => x.organ.requests >= 20);
  const pick = (xs: DemoReport[]): DemoReport => r.pick(xs);
  // Arithmetic errors: a total that is not the sum of its row.
  for (const x of [pick(busy), pick(busy), pick(towns)]) {
    const cell = ref('requests', 'new', 'total');
    const v = (x.record.requests.new.total ?? 0) + r.int(1, 12);
    setCell(x.record, cell, v);
  }
  // Blanks: cells left empty (a blank is null, never 0).
  for (const x of [pick(towns), pick(reports)]) {
    x.layout = 'rows-tab';
    setCell(x.record, ref('active', 'fees', 'amount_wan_yuan'), null);
    for (const col of ['upheld', 'corrected', 'other', 'pending', 'total']) setCell(x.record, ref('appeals', 'litigation_after_review', col), null);
  }
  // Text of a scanned table with blanks: the parser cannot place every number and asks for review.
  const scanned = pick(towns);
  scanned.layout = 'scanned';
  setCell(scanned.record, ref('requests', 'granted', 'natural_person'), null);
  setCell(scanned.record, ref('active', 'enforcement', 'decisions'), null);
  // A late report (the deadline is 31 January).
  const late = pick(reports);
  late.record.published = `${late.year + 1}-03-${r.int(10, 28)}`;
  late.record.published_source = 'report';
  // Two townships with word-for-word the same problems text in one year.
  const year = r.pick([...new Set(towns.map((x) => x.year))]);
  const sameYear = towns.filter((x) => x.year === year);
  if (sameYear.length >= 2) sameYear[1]!.record.narrative.problems = sameYear[0]!.record.narrative.problems = '我镇政府信息公开工作虽取得一定成效，但仍存在公开意识不强、公开内容不够全面、公开形式较为单一等问题。下一步，我镇将进一步强化公开意识，拓展公开内容，创新公开形式。';
  // A report whose title lost its year: refused at ingest with the reason.
  pick(towns).dropYear = true;
  // A missing report: a listed organ that did not publish for one year.
  const missing = reports.findIndex((x) => x.organ.kind === 'street' && r.chance(0.5));
  if (missing >= 0) reports.splice(missing, 1);
  // A corrected re-issue: the same organ and year again with one number fixed; it replaces the first.
  const first = pick(busy.filter((x) => reports.includes(x)));
  const fixed = structuredClone(first);
  fixed.record.requests.granted.natural_person = (first.record.requests.granted.natural_person ?? 0) + 1;
  fixed.record.requests.granted.total = (first.record.requests.granted.total ?? 0) + 1;
  fixed.record.requests.processed_total.natural_person = (first.record.requests.processed_total.natural_person ?? 0) + 1;
  fixed.record.requests.processed_total.total = (first.record.requests.processed_total.total ?? 0) + 1;
  fixed.record.requests.new.natural_person = (first.record.requests.new.natural_person ?? 0) + 1;
  fixed.record.requests.new.total = (first.record.requests.new.total ?? 0) + 1;
  fixed.fileName = first.fileName.replace(/\.txt$/, '（更正）.txt');
  reports.splice(reports.indexOf(first) + 1, 0, fixed);
}

/** Every value of a record, for tests: the demo never prints a value it did not generate. */
export function recordValues(record: ReportRecord): Map<string, Value> {
  return new Map(CELLS.map((c) => [c.key, (record[c.section] as unknown as Record<string, Record<string, Value>>)[c.row]![c.column] ?? null]));
}
