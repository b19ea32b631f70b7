/**
 * 整改通知: an organ's flags of a year in plain words, with the cells and numbers each is about.
 * One structure, written by the server as .docx and drawn by the web as a printable page.
 */
import { SEVERITY_LABEL } from './enums.ts';
import type { Severity } from './enums.ts';
import { cellDef } from './template.ts';

export interface NoticeFlag {
  severity: Severity;
  title: string;
  message: string;
  cells: readonly { key: string; value: number | null; expected?: number | null }[];
  /** 'confirmed' flags were checked by a person; 'open' ones wait for the organ's answer. */
  state: string;
}

export interface NoticeItem {
  heading: string;
  message: string;
  /** One line per cell: where it is in the template and what it holds. */
  cells: string[];
}

export interface Notice {
  title: string;
  addressee: string;
  intro: string;
  items: NoticeItem[];
  closing: string;
  signature: string;
  date: string;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const CN_NUMBERS = '一二三四五六七八九十';

/** （一）…（十）, then (11), (12)…: enough for any report's flags. */
export function itemNumber(i: number): string {
  if (i < 10) return `（${CN_NUMBERS[i]}）`;
  return `（${i + 1}）`;
}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? '空白' : v.toLocaleString('zh-CN', { maximumFractionDigits: 4 });
}

export function cellLine(c: NoticeFlag['cells'][number]): string {
  const d = cellDef(c.key);
  const where = d ? `${d.sectionLabel} · ${d.rowLabel} · ${d.columnLabel}` : c.key;
  const expected = c.expected !== undefined && c.expected !== null && c.expected !== c.value ? `（按勾稽关系应为 ${fmt(c.expected)}）` : '';
  return `${where}：${fmt(c.value)}${expected}`;
}

export function buildNotice(input: { organ: string; year: number; county: string | null; flags: readonly NoticeFlag[]; today: Date; office?: string }): Notice {
  const flags = [...input.flags].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const office = input.office ?? `${input.county ?? ''}政务公开办公室`;
  const t = input.today;
  const date = `${t.getFullYear()}年${t.getMonth() + 1}月${t.getDate()}日`;
  const errors = flags.filter((f) => f.severity === 'error').length;
  return {
    title: `关于${input.organ}${input.year}年政府信息公开工作年度报告的整改通知`,
    addressee: `${input.organ}：`,
    intro: flags.length === 0
      ? `经核查，你单位${input.year}年政府信息公开工作年度报告未发现需要整改的问题。`
      : `经核查，你单位${input.year}年政府信息公开工作年度报告存在以下 ${flags.length} 个问题（其中错误 ${errors} 个），请逐项核实整改：`,
    items: flags.map((f, i) => ({
      heading: `${itemNumber(i)}【${SEVERITY_LABEL[f.severity]}】${f.title}${f.state === 'confirmed' ? '（已核实）' : ''}`,
      message: f.message,
      cells: f.cells.map(cellLine),
    })),
    closing: flags.length === 0 ? '' : '请于收到本通知之日起 10 个工作日内完成整改，更正后的年度报告重新发布并报送我办。',
    signature: office,
    date,
  };
}
