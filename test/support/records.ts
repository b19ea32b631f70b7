/** Report records built from the template, for tests that store reports without parsing text. */
import { CELLS, SECTIONS, emptyTables, setCell } from '../../shared/template.ts';
import type { ReportRecord } from '../../shared/template.ts';

/**
 * A consistent record: the given cells, every other cell 0, sections 一–六 present, published on
 * time. The narrative names the organ and year so that no two records read as copies of each other.
 */
export function record(organ: string, year: number, values: Record<string, number | null> = {}): ReportRecord {
  const tables = emptyTables();
  for (const c of CELLS) setCell(tables, c, c.key in values ? values[c.key]! : 0);
  return {
    organ, year, published: `${year + 1}-01-20`, published_source: 'report', template: '2021',
    headings: SECTIONS.map((s, i) => ({ no: s.no, title: s.title, line: i * 10 + 1 })),
    narrative: { overview: `${year}年，${organ}推进政务公开。`, problems: `${organ}${year}年公开内容不够丰富。`, other: '无。' },
    ...tables,
  };
}
