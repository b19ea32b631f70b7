/**
 * npm run eval:twins -- [--seed 103] [--from 0] [--n 2] [--pipeline lynx] [--small] [--consistent]
 *
 * What a text layout can tell at all: for each printed row of the 申请 table and the 复议诉讼 row
 * of N fictional reports, every blank cell beside a number is swapped with it (the same numbers,
 * in the same order, one cell moved), the report is converted by the pipeline's real tool, and its
 * text compared with the original's (the browser's page header and footer, which name the file and
 * the minute, left out). A swap that gives the same text is a row no reader can place: its cells
 * can only be flagged. Prints each such swap, then the count.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { fictionalReports } from '../test/conversions/evaluate.ts';
import { convertReports, pipeline } from '../test/conversions/pipelines.ts';
import { reportPage, type FictionalReport } from '../test/conversions/report-html.ts';
import { APPEAL_COLUMNS, APPEAL_GROUPS, REQUEST_COLUMNS, REQUEST_ROWS, getCell, setCell, type CellRef } from '../server/report/template.ts';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '103' },
    from: { type: 'string', default: '0' },
    n: { type: 'string', default: '2' },
    pipeline: { type: 'string', default: 'lynx' },
    small: { type: 'boolean', default: false },
    consistent: { type: 'boolean', default: false },
  },
});

/** The printed rows: each 申请 row, and 复议诉讼's one row of 15 cells. */
const ROWS: { name: string; cells: CellRef[] }[] = [
  ...REQUEST_ROWS.map((r) => ({ name: r.key, cells: REQUEST_COLUMNS.map((c) => ({ section: 'requests' as const, row: r.key, column: c.key })) })),
  { name: 'appeals', cells: APPEAL_GROUPS.flatMap((g) => APPEAL_COLUMNS.map((c) => ({ section: 'appeals' as const, row: g.key, column: c.key }))) },
];

/** The converted text without the lines that name the file or the time of printing. */
const comparable = (text: string) => text.split('\n').filter((l) => !/file:\/\/|^\f?\d+\/\d+\/\d+, /.test(l)).join('\n');

async function main(): Promise<number> {
  const [seed, from, n] = [args.seed, args.from, args.n].map(Number) as [number, number, number];
  const reports = fictionalReports(seed, from + n, args.consistent, args.small ? 'blanks' : undefined).slice(from);
  const pages: FictionalReport[] = [];
  const swaps: { id: string; of: string; row: string }[] = [];
  for (const base of reports) {
    pages.push(base);
    for (const row of ROWS) {
      const values = row.cells.map((c) => getCell(base.record, c));
      for (let j = 0; j + 1 < values.length; j++) {
        if ((values[j] === null) === (values[j + 1] === null)) continue;
        const record = structuredClone(base.record);
        setCell(record, row.cells[j]!, values[j + 1] ?? null);
        setCell(record, row.cells[j + 1]!, values[j] ?? null);
        const id = `${base.id}-${row.name}-${j}`;
        pages.push({ ...base, id, record, html: reportPage(record, { dateStyle: base.dateStyle, markup: base.markup }) });
        swaps.push({ id, of: base.id, row: row.name });
      }
    }
  }
  console.log(`${reports.length} reports, ${swaps.length} swaps, through ${args.pipeline}`);
  const conversion = await convertReports(pages, [pipeline(args.pipeline!)]);
  try {
    const texts = new Map<string, string>();
    for (const c of conversion.inputs) if (c.path) texts.set(c.reportId, comparable(await readFile(c.path, 'utf8')));
    const same = swaps.filter((s) => texts.has(s.id) && texts.get(s.id) === texts.get(s.of));
    for (const s of same) console.log(`same text: ${s.id}`);
    console.log(`${same.length} of ${swaps.length} swaps give the same text, in ${new Set(same.map((s) => `${s.of} ${s.row}`)).size} rows`);
  } finally {
    await conversion.cleanup();
  }
  return 0;
}

process.exitCode = await main();
