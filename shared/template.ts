/**
 * The national template of the annual report (国办公开办函〔2021〕30号), written once.
 *
 * Transcribed from ../shared/form/form.json. Every other part of the product — the parser,
 * the database, the checks, the API, the CSV headers and the web tables — derives its keys,
 * labels and order from the constants here; nothing else spells a template key by hand.
 */

export const TEMPLATE_ID = '国办公开办函〔2021〕30号';

/** The six numbered sections, in order. `key` names the free-text ones. */
export const SECTIONS = [
  { no: '一', title: '总体情况', key: 'overview' },
  { no: '二', title: '主动公开政府信息情况', key: 'active' },
  { no: '三', title: '收到和处理政府信息公开申请情况', key: 'requests' },
  { no: '四', title: '政府信息公开行政复议、行政诉讼情况', key: 'appeals' },
  { no: '五', title: '存在的主要问题及改进情况', key: 'problems' },
  { no: '六', title: '其他需要报告的事项', key: 'other' },
] as const;
export type SectionNo = (typeof SECTIONS)[number]['no'];
/** The free-text sections kept with the record. */
export const NARRATIVE_SECTIONS = ['overview', 'problems', 'other'] as const;
export type NarrativeKey = (typeof NARRATIVE_SECTIONS)[number];

// ---------------------------------------------------------------- 二、主动公开

export const ACTIVE_FIELD_LABELS = {
  issued: '本年制发件数',
  repealed: '本年废止件数',
  in_force: '现行有效件数',
  decisions: '本年处理决定数量',
  amount_wan_yuan: '本年收费金额（单位：万元）',
} as const;
export type ActiveField = keyof typeof ACTIVE_FIELD_LABELS;

export const ACTIVE_ITEMS = [
  { key: 'regulations', label: '规章', article: '第二十条第（一）项', fields: ['issued', 'repealed', 'in_force'] },
  { key: 'normative_documents', label: '行政规范性文件', article: '第二十条第（一）项', fields: ['issued', 'repealed', 'in_force'] },
  { key: 'licensing', label: '行政许可', article: '第二十条第（五）项', fields: ['decisions'] },
  { key: 'punishment', label: '行政处罚', article: '第二十条第（六）项', fields: ['decisions'] },
  { key: 'enforcement', label: '行政强制', article: '第二十条第（六）项', fields: ['decisions'] },
  { key: 'fees', label: '行政事业性收费', article: '第二十条第（八）项', fields: ['amount_wan_yuan'] },
] as const satisfies readonly { key: string; label: string; article: string; fields: readonly ActiveField[] }[];
export type ActiveItemKey = (typeof ACTIVE_ITEMS)[number]['key'];

// ---------------------------------------------------------------- 三、依申请公开

export const REQUEST_COLUMNS = [
  { key: 'natural_person', label: '自然人', short: '自然人' },
  { key: 'commercial', label: '法人或其他组织 / 商业企业', short: '商业企业' },
  { key: 'research', label: '法人或其他组织 / 科研机构', short: '科研机构' },
  { key: 'nonprofit', label: '法人或其他组织 / 社会公益组织', short: '社会公益组织' },
  { key: 'legal_services', label: '法人或其他组织 / 法律服务机构', short: '法律服务机构' },
  { key: 'other_org', label: '法人或其他组织 / 其他', short: '其他' },
  { key: 'total', label: '总计', short: '总计' },
] as const;
export type RequestColumnKey = (typeof REQUEST_COLUMNS)[number]['key'];
/** The six applicant columns whose sum is 总计. */
export const APPLICANT_COLUMNS = REQUEST_COLUMNS.filter((c) => c.key !== 'total').map((c) => c.key);

const G3 = '三、本年度办理结果';
export const REQUEST_ROWS = [
  { key: 'new', group: null, label: '一、本年新收政府信息公开申请数量' },
  { key: 'carried_over', group: null, label: '二、上年结转政府信息公开申请数量' },
  { key: 'granted', group: G3, label: '（一）予以公开' },
  { key: 'partially_granted', group: G3, label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）' },
  { key: 'denied_state_secret', group: '（三）不予公开', label: '1.属于国家秘密' },
  { key: 'denied_prohibited_by_law', group: '（三）不予公开', label: '2.其他法律行政法规禁止公开' },
  { key: 'denied_security_stability', group: '（三）不予公开', label: '3.危及“三安全一稳定”' },
  { key: 'denied_third_party', group: '（三）不予公开', label: '4.保护第三方合法权益' },
  { key: 'denied_internal_affairs', group: '（三）不予公开', label: '5.属于三类内部事务信息' },
  { key: 'denied_process_info', group: '（三）不予公开', label: '6.属于四类过程性信息' },
  { key: 'denied_enforcement_file', group: '（三）不予公开', label: '7.属于行政执法案卷' },
  { key: 'denied_admin_query', group: '（三）不予公开', label: '8.属于行政查询事项' },
  { key: 'unable_not_held', group: '（四）无法提供', label: '1.本机关不掌握相关政府信息' },
  { key: 'unable_needs_creation', group: '（四）无法提供', label: '2.没有现成信息需要另行制作' },
  { key: 'unable_unclear', group: '（四）无法提供', label: '3.补正后申请内容仍不明确' },
  { key: 'rejected_petition', group: '（五）不予处理', label: '1.信访举报投诉类申请' },
  { key: 'rejected_duplicate', group: '（五）不予处理', label: '2.重复申请' },
  { key: 'rejected_publication', group: '（五）不予处理', label: '3.要求提供公开出版物' },
  { key: 'rejected_mass_repeated', group: '（五）不予处理', label: '4.无正当理由大量反复申请' },
  { key: 'rejected_confirm_existing', group: '（五）不予处理', label: '5.要求行政机关确认或重新出具已获取信息' },
  { key: 'other_no_correction', group: '（六）其他处理', label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请' },
  { key: 'other_no_fee', group: '（六）其他处理', label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请' },
  { key: 'other_other', group: '（六）其他处理', label: '3.其他' },
  { key: 'processed_total', group: G3, label: '（七）总计' },
  { key: 'carried_forward', group: null, label: '四、结转下年度继续办理' },
] as const;
export type RequestRowKey = (typeof REQUEST_ROWS)[number]['key'];
/** The 21 outcome rows, granted to other_other, whose sum is processed_total. */
export const OUTCOME_ROWS: readonly RequestRowKey[] = REQUEST_ROWS.slice(2, 23).map((r) => r.key);

// ---------------------------------------------------------------- 四、复议诉讼

export const APPEAL_GROUPS = [
  { key: 'review', label: '行政复议', short: '行政复议' },
  { key: 'litigation_direct', label: '行政诉讼 / 未经复议直接起诉', short: '未经复议直接起诉' },
  { key: 'litigation_after_review', label: '行政诉讼 / 复议后起诉', short: '复议后起诉' },
] as const;
export type AppealGroupKey = (typeof APPEAL_GROUPS)[number]['key'];

export const APPEAL_COLUMNS = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
] as const;
export type AppealColumnKey = (typeof APPEAL_COLUMNS)[number]['key'];

// ---------------------------------------------------------------- the record

export type Value = number | null;
export type ActiveTable = { [I in (typeof ACTIVE_ITEMS)[number] as I['key']]: { [F in I['fields'][number]]: Value } };
export type RequestsTable = Record<RequestRowKey, Record<RequestColumnKey, Value>>;
export type AppealsTable = Record<AppealGroupKey, Record<AppealColumnKey, Value>>;

/** The three statistical tables, as in form.json's record_shape. */
export interface Tables {
  active: ActiveTable;
  requests: RequestsTable;
  appeals: AppealsTable;
}

/** What the parser reads from one report. */
export interface ReportRecord extends Tables {
  /** The issuing organ as printed in the title. */
  organ: string;
  year: number;
  /** YYYY-MM-DD: printed at the end of the report, else the web page's 发布时间, else null. */
  published: string | null;
  /** Where `published` came from. */
  published_source: 'report' | 'page' | null;
  /** Which national template the tables follow. */
  template: '2021' | '2019';
  /** The numbered section headings found, in the order they appear. */
  headings: { no: SectionNo; title: string; line: number }[];
  /** The free-text sections 一, 五 and 六 (null when absent). */
  narrative: Record<NarrativeKey, string | null>;
}

export type TableKey = keyof Tables;

/** One number of the template: its table, row and column. For `active`, row = item, column = field. */
export interface CellRef {
  section: TableKey;
  row: string;
  column: string;
}

/** A cell the parser could not read with certainty; the value is null and a person must look. */
export interface ReviewEntry extends CellRef {
  /** Why, in words a clerk understands (Chinese). */
  reason: string;
  /** 1-based line of the extracted text the cell came from (null when no line can be named). */
  line: number | null;
}

/**
 * Is this cell an amount of money (收费金额, in 万元, with decimals) rather than a count? Sums of
 * amounts are kept to `AMOUNT_DIGITS` decimals (one 分 is 0.000001 万元), so that adding up
 * 0.3 + 1.4 gives 1.7 whichever database adds them and in whatever order.
 */
export function isAmount(c: Pick<CellRef, 'column'>): boolean {
  return c.column === 'amount_wan_yuan';
}
export const AMOUNT_DIGITS = 6;

/** Every cell of the template in canonical order, with its Chinese labels. */
export interface CellDef extends CellRef {
  /** `section.row.column`, the stable key used in the database, the API and CSV. */
  key: string;
  sectionLabel: string;
  rowLabel: string;
  columnLabel: string;
  /** A short, unique Chinese header for wide CSV files. */
  header: string;
}

const SECTION_LABEL: Record<TableKey, string> = {
  active: '主动公开',
  requests: '依申请公开',
  appeals: '复议诉讼',
};

function buildCells(): CellDef[] {
  const cells: CellDef[] = [];
  for (const item of ACTIVE_ITEMS) {
    for (const field of item.fields) {
      const columnLabel = ACTIVE_FIELD_LABELS[field];
      cells.push({
        section: 'active', row: item.key, column: field, key: `active.${item.key}.${field}`,
        sectionLabel: SECTION_LABEL.active, rowLabel: item.label, columnLabel,
        header: `${item.label}·${columnLabel}`,
      });
    }
  }
  for (const row of REQUEST_ROWS) {
    for (const col of REQUEST_COLUMNS) {
      const rowLabel = row.group && row.group !== G3 ? `${row.group}${row.label}` : row.label;
      cells.push({
        section: 'requests', row: row.key, column: col.key, key: `requests.${row.key}.${col.key}`,
        sectionLabel: SECTION_LABEL.requests, rowLabel, columnLabel: col.short,
        header: `申请·${rowLabel}·${col.short}`,
      });
    }
  }
  for (const group of APPEAL_GROUPS) {
    for (const col of APPEAL_COLUMNS) {
      cells.push({
        section: 'appeals', row: group.key, column: col.key, key: `appeals.${group.key}.${col.key}`,
        sectionLabel: SECTION_LABEL.appeals, rowLabel: group.short, columnLabel: col.label,
        header: `${group.short}·${col.label}`,
      });
    }
  }
  return cells;
}

/** All 200 cells of the template, in the template's reading order. */
export const CELLS: readonly CellDef[] = buildCells();
const CELL_BY_KEY = new Map(CELLS.map((c) => [c.key, c]));

export function cellKey(ref: CellRef): string {
  return `${ref.section}.${ref.row}.${ref.column}`;
}

export function cellDef(key: string): CellDef | undefined {
  return CELL_BY_KEY.get(key);
}

/** The three tables with every cell null. */
export function emptyTables(): Tables {
  const active = {} as Record<string, Record<string, Value>>;
  for (const item of ACTIVE_ITEMS) active[item.key] = Object.fromEntries(item.fields.map((f) => [f, null]));
  const requests = {} as Record<string, Record<string, Value>>;
  for (const row of REQUEST_ROWS) requests[row.key] = Object.fromEntries(REQUEST_COLUMNS.map((c) => [c.key, null]));
  const appeals = {} as Record<string, Record<string, Value>>;
  for (const g of APPEAL_GROUPS) appeals[g.key] = Object.fromEntries(APPEAL_COLUMNS.map((c) => [c.key, null]));
  return { active, requests, appeals } as unknown as Tables;
}

/** Read one cell of a record's tables. */
export function getCell(tables: Tables, ref: CellRef): Value {
  const row = (tables[ref.section] as Record<string, Record<string, Value>>)[ref.row];
  const v = row?.[ref.column];
  return v === undefined ? null : v;
}

/** The value of the cell with this key (`requests.new.total`); null for a blank or an unknown key. */
export function valueAt(tables: Tables, key: string): Value {
  const def = CELL_BY_KEY.get(key);
  return def ? getCell(tables, def) : null;
}

/** Write one cell of a record's tables (the ref must be a template cell). */
export function setCell(tables: Tables, ref: CellRef, value: Value): void {
  const row = (tables[ref.section] as Record<string, Record<string, Value>>)[ref.row];
  if (!row || !(ref.column in row)) throw new Error(`not a template cell: ${cellKey(ref)}`);
  row[ref.column] = value;
}

/** The tables as a flat map from cell key to value, in template order. */
export function flattenTables(tables: Tables): Map<string, Value> {
  return new Map(CELLS.map((c) => [c.key, getCell(tables, c)]));
}
