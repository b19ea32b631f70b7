/**
 * fast-check arbitraries for annual-report records (server/report/template.ts ReportRecord).
 *
 * realistic: what township reports look like (mostly zeros, a few columns in the hundreds, the fee
 * with up to two decimals, the odd blank cell, sums that hold or not).
 * adversarial: what stresses a parser (huge numbers, numbers that look like enumerators or years,
 * whole rows or columns blank, fees like 0.01, prose full of numbers).
 */
import fc from 'fast-check';
import {
  APPEAL_COLUMNS, APPEAL_GROUPS, APPLICANT_COLUMNS, CELLS, OUTCOME_ROWS, REQUEST_COLUMNS, REQUEST_ROWS,
  emptyTables, getCell, setCell,
  type CellDef, type NarrativeKey, type ReportRecord, type Value,
} from '../../server/report/template.ts';

export interface RecordArbOptions {
  kind?: 'realistic' | 'adversarial';
  /** Make every sum of the template hold (null counted as 0). Default: either. */
  consistent?: boolean;
  /**
   * Every 申请 row that prints any number also prints its 总计, as real reports do. Needed for the
   * layouts that drop blank cells, where only the rightmost number of a row can be placed.
   */
  totalWhenAny?: boolean;
  /**
   * The old form (国办公开办函〔2019〕60号). Its undivided （六）其他处理 row prints the sum of the
   * three rows, so a column whose printed parts are all 0 has no blank part (the parser reads each
   * as 0): such blanks are made 0.
   */
  template?: ReportRecord['template'];
}

const FEE = { section: 'active', row: 'fees', column: 'amount_wan_yuan' } as const;
const isFee = (c: CellDef) => c.section === FEE.section && c.row === FEE.row && c.column === FEE.column;

// ---------------------------------------------------------------- values

/** Counts in a realistic report: mostly 0, sometimes a handful, rarely blank. */
const quietCount: fc.Arbitrary<Value> = fc.oneof(
  { weight: 80, arbitrary: fc.constant(0) },
  { weight: 10, arbitrary: fc.integer({ min: 1, max: 12 }) },
  { weight: 4, arbitrary: fc.constant(null) },
);
/** Counts in a busy column (natural persons, 行政处罚, …): hundreds. */
const busyCount: fc.Arbitrary<Value> = fc.oneof(
  { weight: 30, arbitrary: fc.constant(0) },
  { weight: 40, arbitrary: fc.integer({ min: 1, max: 60 }) },
  { weight: 25, arbitrary: fc.integer({ min: 61, max: 999 }) },
  { weight: 5, arbitrary: fc.constant(null) },
);
/** 万元 with at most two decimals, written as a JavaScript number prints it (12.5, 0.35, 7545). */
const feeValue = (max: number): fc.Arbitrary<Value> => fc.oneof(
  { weight: 50, arbitrary: fc.constant(0) },
  { weight: 35, arbitrary: fc.integer({ min: 1, max: max * 100 }).map((c) => c / 100) },
  { weight: 10, arbitrary: fc.integer({ min: 1, max }) },
  { weight: 5, arbitrary: fc.constant(null) },
);

/** Numbers a parser may mistake for something else: enumerators (1. 2. 3、), years, page numbers. */
const nastyCount: fc.Arbitrary<Value> = fc.oneof(
  { weight: 20, arbitrary: fc.constant(null) },
  { weight: 20, arbitrary: fc.constant(0) },
  { weight: 15, arbitrary: fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 8, 20, 2023, 2024, 2025, 100, 10) },
  { weight: 25, arbitrary: fc.integer({ min: 1, max: 999 }) },
  { weight: 20, arbitrary: fc.integer({ min: 1000, max: 9_999_999 }) },
);
const nastyFee: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null), fc.constant(0), fc.constantFrom(0.01, 0.1, 0.5, 96171.6, 7545, 1.05, 10.1),
  fc.integer({ min: 1, max: 99_999_999 }).map((c) => c / 100),
  fc.integer({ min: 1, max: 999_999 }).map((c) => c / 10),
);

// ---------------------------------------------------------------- organs, dates, prose

const KNOWN_ORGANS = [
  '勍香镇', '平昌关镇', '石家庄镇人民政府', '金乡县羊山镇人民政府', '西交口乡人民政府',
  '淮安市洪泽区人民政府', '城关街道办事处', '高家堡镇', '马庄乡', '龙泉驿区人民政府办公室',
];
const PLACE_CHARS = [...'东西南北安平和兴隆泉山河湾桥庄店集坪岭沟川塘溪林阳宁清丰永福新城关台岗'];
const SUFFIXES = ['镇', '乡', '镇人民政府', '乡人民政府', '街道办事处', '区人民政府', '县人民政府'];

export const organArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...KNOWN_ORGANS),
  fc.tuple(fc.array(fc.constantFrom(...PLACE_CHARS), { minLength: 2, maxLength: 3 }), fc.constantFrom(...SUFFIXES))
    .map(([chars, suffix]) => chars.join('') + suffix),
  fc.tuple(fc.array(fc.constantFrom(...PLACE_CHARS), { minLength: 2, maxLength: 2 }), fc.array(fc.constantFrom(...PLACE_CHARS), { minLength: 2, maxLength: 3 }))
    .map(([county, town]) => `${county.join('')}县${town.join('')}镇人民政府`),
);

const isoDate = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Year, printed or page date, and where it came from; reports come out in Jan–Mar of the next year. */
const datingArb = fc.tuple(
  fc.integer({ min: 2021, max: 2025 }),
  fc.integer({ min: 1, max: 3 }),
  fc.integer({ min: 1, max: 28 }),
  fc.constantFrom('report', 'report', 'report', 'page', 'page', null),
).map(([year, m, d, source]) => ({
  year,
  published: source === null ? null : isoDate(year + 1, m, d),
  published_source: source as ReportRecord['published_source'],
}));

const NUMBERY_PROSE = [
  '全年共收到政府信息公开申请12件，其中予以公开9件，部分公开1件，不予公开2件。',
  '（一）主动公开情况。全年主动公开政府信息356条，其中规章0件，行政规范性文件4件。',
  '2024年，本机关办理行政复议案件0件，行政诉讼案件1件。',
  '本年度收取信息处理费0元。',
  '一是加强组织领导；二是完善制度建设；三是强化监督考核。',
];

const narrativeArb = (kind: 'realistic' | 'adversarial'): fc.Arbitrary<Record<NarrativeKey, string | null>> => {
  const text = kind === 'realistic'
    ? fc.constantFrom(null, null, null, NUMBERY_PROSE.slice(0, 2).join('\n'))
    : fc.oneof(fc.constant(null), fc.array(fc.constantFrom(...NUMBERY_PROSE), { minLength: 1, maxLength: 4 }).map((p) => p.join('\n')));
  return fc.record({ overview: text, problems: text, other: text });
};

// ---------------------------------------------------------------- records

/** Where the hundreds are: natural persons and totals of the 申请 table, 许可 and 处罚. */
const BUSY = new Set([
  'requests.*.natural_person', 'requests.*.total', 'active.licensing.decisions', 'active.punishment.decisions',
]);

/** The arbitrary for one cell's value. */
function cellValueArb(cell: CellDef, kind: 'realistic' | 'adversarial'): fc.Arbitrary<Value> {
  if (isFee(cell)) return kind === 'adversarial' ? nastyFee : feeValue(9999);
  if (kind === 'adversarial') return nastyCount;
  if (BUSY.has(cell.key) || BUSY.has(`${cell.section}.*.${cell.column}`)) return busyCount;
  return quietCount;
}

const sumOf = (values: Value[]): Value =>
  values.every((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0);

/** Rewrite totals so that every sum of the template holds (null counted as 0). */
export function makeConsistent(record: ReportRecord): void {
  const req = (row: string, column: string) => ({ section: 'requests' as const, row, column });
  for (const col of REQUEST_COLUMNS) {
    const processed = sumOf(OUTCOME_ROWS.map((r) => getCell(record, req(r, col.key))));
    setCell(record, req('processed_total', col.key), processed);
    // 新收 + 结转 = 办理 + 结转下年: derive 新收, or raise 上年结转 when that would go below zero.
    const forward = getCell(record, req('carried_forward', col.key)) ?? 0;
    const over = getCell(record, req('carried_over', col.key)) ?? 0;
    const need = (processed ?? 0) + forward - over;
    if (need >= 0) setCell(record, req('new', col.key), need);
    else {
      setCell(record, req('new', col.key), 0);
      setCell(record, req('carried_over', col.key), (processed ?? 0) + forward);
    }
  }
  for (const row of REQUEST_ROWS) {
    setCell(record, req(row.key, 'total'), sumOf(APPLICANT_COLUMNS.map((c) => getCell(record, req(row.key, c)))));
  }
  for (const g of APPEAL_GROUPS) {
    const parts = APPEAL_COLUMNS.filter((c) => c.key !== 'total').map((c) => getCell(record, { section: 'appeals', row: g.key, column: c.key }));
    setCell(record, { section: 'appeals', row: g.key, column: 'total' }, sumOf(parts));
  }
}

/** Real reports print a row's 总计 whenever they print any number in it. */
export function printTotalWhenAny(record: ReportRecord): void {
  for (const row of REQUEST_ROWS) {
    const ref = { section: 'requests' as const, row: row.key, column: 'total' };
    if (getCell(record, ref) !== null) continue;
    const parts = APPLICANT_COLUMNS.map((c) => getCell(record, { section: 'requests', row: row.key, column: c }));
    if (parts.some((v) => v !== null)) setCell(record, ref, sumOf(parts));
  }
}

/** Blank out whole rows and columns: an adversarial report leaves big parts of a table empty. */
const blankingArb = fc.record({
  rows: fc.subarray(REQUEST_ROWS.map((r) => r.key), { maxLength: 6 }),
  columns: fc.subarray(REQUEST_COLUMNS.map((c) => c.key), { maxLength: 3 }),
  appeals: fc.subarray(APPEAL_GROUPS.map((g) => g.key), { maxLength: 2 }),
});

export function recordArb(options: RecordArbOptions = {}): fc.Arbitrary<ReportRecord> {
  const kind = options.kind ?? 'realistic';
  const cells = fc.tuple(...CELLS.map((c) => cellValueArb(c, kind)));
  return fc.record({
    organ: organArb,
    dating: datingArb,
    cells,
    consistent: options.consistent === undefined ? fc.boolean() : fc.constant(options.consistent),
    blanking: kind === 'adversarial' ? blankingArb : fc.constant({ rows: [], columns: [], appeals: [] }),
    narrative: narrativeArb(kind),
  }).map(({ organ, dating, cells: values, consistent, blanking, narrative }) => {
    const record: ReportRecord = {
      ...emptyTables(), organ, ...dating, template: '2021', headings: [], narrative,
    };
    CELLS.forEach((c, i) => setCell(record, c, values[i] ?? null));
    for (const row of blanking.rows) for (const col of REQUEST_COLUMNS) setCell(record, { section: 'requests', row, column: col.key }, null);
    for (const column of blanking.columns) for (const row of REQUEST_ROWS) setCell(record, { section: 'requests', row: row.key, column }, null);
    for (const row of blanking.appeals) for (const col of APPEAL_COLUMNS) setCell(record, { section: 'appeals', row, column: col.key }, null);
    if (consistent) makeConsistent(record);
    if (options.totalWhenAny) printTotalWhenAny(record);
    if (options.template === '2019') {
      record.template = '2019';
      const others = REQUEST_ROWS.filter((r) => r.group === REQUEST_ROWS.find((x) => x.key === 'other_other')?.group);
      for (const col of REQUEST_COLUMNS) {
        const refs = others.map((r) => ({ section: 'requests' as const, row: r.key, column: col.key }));
        const parts = refs.map((ref) => getCell(record, ref));
        if (parts.some((v) => v !== null) && parts.every((v) => v === null || v === 0)) for (const ref of refs) setCell(record, ref, 0);
      }
    }
    return record;
  });
}

/** A record with every cell set to `value` (e.g. all 0 or all blank), for unit tests. */
export function uniformRecord(value: Value, overrides: Partial<ReportRecord> = {}): ReportRecord {
  const record: ReportRecord = {
    ...emptyTables(), organ: '勍香镇', year: 2024, published: '2025-01-17', published_source: 'report',
    template: '2021', headings: [], narrative: { overview: null, problems: null, other: null }, ...overrides,
  };
  for (const c of CELLS) setCell(record, c, value);
  return record;
}
