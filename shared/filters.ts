/**
 * Value filters: `<metric><op><number>` or `<metric>=blank` / `<metric>!=blank`, the same
 * grammar on lists and aggregates. Parsing fails with a Chinese message naming the filter.
 */
import { metricDef } from './metrics.ts';

export type FilterOp = '>' | '<' | '=' | '>=' | '<=' | '!=';

export interface ValueFilter {
  metric: string;
  op: FilterOp;
  /** null: compare with blank (only `=` and `!=`). */
  value: number | null;
}

export class FilterError extends Error {}

const GRAMMAR = /^\s*([A-Za-z0-9_.]+)\s*(>=|<=|!=|>|<|=)\s*(\S+)\s*$/;

export function parseFilter(text: string): ValueFilter {
  const m = GRAMMAR.exec(text);
  if (!m) throw new FilterError(`参数 filter 的写法不对：“${text}”。应写成 指标>数字、指标<数字、指标=数字 或 指标=blank，例如 disclosure_rate<0.5。`);
  const [, metric, op, raw] = m as unknown as [string, string, FilterOp, string];
  if (!metricDef(metric)) throw new FilterError(`参数 filter 中的指标“${metric}”不存在，可用的指标见 /api/template 的 metrics。`);
  if (raw === 'blank' || raw === 'null') {
    if (op !== '=' && op !== '!=') throw new FilterError(`参数 filter：“${text}”中，空白只能用 = 或 != 比较。`);
    return { metric, op, value: null };
  }
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new FilterError(`参数 filter：“${text}”中的“${raw}”不是数字。`);
  return { metric, op, value };
}

export function parseFilters(texts: readonly string[] | undefined): ValueFilter[] {
  return (texts ?? []).filter((t) => t.trim() !== '').map(parseFilter);
}

/** Does a value pass the filter? A blank never passes a numeric comparison. */
export function passes(f: ValueFilter, v: number | null | undefined): boolean {
  const x = v ?? null;
  if (f.value === null) return f.op === '=' ? x === null : x !== null;
  if (x === null) return false;
  switch (f.op) {
    case '>': return x > f.value;
    case '<': return x < f.value;
    case '>=': return x >= f.value;
    case '<=': return x <= f.value;
    case '=': return x === f.value;
    case '!=': return x !== f.value;
  }
}

export function passesAll(filters: readonly ValueFilter[], values: Readonly<Record<string, number | null>>): boolean {
  return filters.every((f) => passes(f, values[f.metric]));
}
