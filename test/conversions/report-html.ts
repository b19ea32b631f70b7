/**
 * A fictional annual report as the standalone web page a county site publishes, with the three
 * template tables (merged cells as in the national template, built by test/readers/fixtures.ts).
 *
 * Values are DISTINCT: no two cells share a number, so a number read into the wrong column is a
 * wrong number, never a lucky match. Some cells are blank (null). Everything is drawn from a
 * seeded PRNG: the same seed gives the same report, byte for byte.
 */
import { CELLS, SECTIONS, emptyTables, setCell, type ReportRecord } from '../../server/report/template.ts';
import { htmlTable, reportBlocks, type Block, type FixtureTable } from '../readers/fixtures.ts';

import { prng } from '../../server/report/render.ts';

/** The renderer's seeded generator (mulberry32), for test data. */
export { prng };

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

export const COUNTY = '青禾县';
const TOWN_CHARS = [...'东西南北安平和兴隆泉山河湾桥庄店集坪岭沟川塘溪林阳宁清丰永福新城台岗'];
const TOWN_KINDS = ['镇人民政府', '乡人民政府', '街道办事处'];

/** Where the publication date is printed. */
export type DateStyle = 'end' | 'header';
/**
 * How the tables are written: `word` as pasted from Word into a CMS (border="1", each cell's text
 * in a <p>, blank cells &nbsp;), `cms` as a CMS's own editor writes them (CSS borders, bare text).
 */
export type Markup = 'word' | 'cms';

export interface FictionalReport {
  /** A file-name-safe id, e.g. `s1-r03`. */
  id: string;
  /** The source record: organ, year, published and every cell as written in the page. */
  record: ReportRecord;
  dateStyle: DateStyle;
  markup: Markup;
  /** The standalone web page (UTF-8). */
  html: string;
  /** The Word file the page was made from, when there is one (see word-template.ts). */
  docx?: Buffer;
}

/** Every cell a distinct value: integers 0..399 shuffled, about one cell in eight blank, a decimal fee. */
function fillCells(record: ReportRecord, rand: Rand): void {
  const pool = Array.from({ length: 400 }, (_, i) => i);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  CELLS.forEach((c, i) => {
    const blank = rand() < 0.12;
    if (c.column === 'amount_wan_yuan') setCell(record, c, blank ? null : Math.round((400 + rand() * 100) * 100) / 100);
    else setCell(record, c, blank ? null : pool[i]!);
  });
}

const PROSE = {
  overview: [
    '本年度，我{short}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开。',
    '全年通过政府网站发布信息{a}条，其中政策文件{b}件，政策解读{c}篇；政务新媒体发布信息{d}条。',
    '进一步规范依申请公开办理流程，严格按照法定时限答复，做到件件有回复、事事有着落。',
  ],
  problems: [
    '一是公开内容不够全面，部分栏目更新不够及时；二是政策解读形式较为单一。',
    '下一步，我{short}将加强业务培训，完善信息发布审核机制，提升政府信息公开工作质量。',
  ],
  other: [
    '本年度未收取信息处理费。',
    '无其他需要报告的事项。',
  ],
} as const;

function narrative(rand: Rand, short: string): ReportRecord['narrative'] {
  const fill = (s: string) =>
    s.replace('{short}', short).replace('{a}', String(int(rand, 100, 900))).replace('{b}', String(int(rand, 2, 30)))
      .replace('{c}', String(int(rand, 2, 30))).replace('{d}', String(int(rand, 50, 500)));
  return {
    overview: PROSE.overview.map(fill).join('\n'),
    problems: PROSE.problems.map(fill).join('\n'),
    other: PROSE.other.slice(0, int(rand, 1, 2)).join('\n'),
  };
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The source record and page of report `index` of a run with `seed`. */
export function fictionalReport(seed: number, index: number): FictionalReport {
  const rand = prng(seed * 100_003 + index * 7_919 + 1);
  const town = Array.from({ length: int(rand, 2, 3) }, () => pick(rand, TOWN_CHARS)).join('');
  const kind = pick(rand, TOWN_KINDS);
  const organ = `${COUNTY}${town}${kind}`;
  const year = int(rand, 2021, 2024);
  const month = int(rand, 1, 3);
  const day = int(rand, 1, 28);
  // Styles cycle with the index, so any four consecutive reports cover every combination.
  const dateStyle: DateStyle = index % 2 === 0 ? 'end' : 'header';
  const markup: Markup = index % 4 < 2 ? 'word' : 'cms';
  const short = kind.startsWith('街道') ? '街道' : kind[0]!;
  const record: ReportRecord = {
    ...emptyTables(), organ, year, published: iso(year + 1, month, day), published_source: dateStyle === 'end' ? 'report' : 'page',
    template: '2021', headings: [], narrative: narrative(rand, short),
  };
  fillCells(record, rand);
  const time = `${String(int(rand, 8, 17)).padStart(2, '0')}:${String(int(rand, 0, 59)).padStart(2, '0')}`;
  // Most sites set a modest title size; with the browser's default (2em) a long title wraps in print.
  const titlePx = rand() < 0.7 ? 22 : 32;
  const html = reportPage(record, { dateStyle, markup, time, titlePx });
  return { id: `s${seed}-r${String(index).padStart(2, '0')}`, record, dateStyle, markup, html };
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The page: site header and navigation, the title, a source line (with the date when the date
 * style is `header`), the report's blocks (a narrative section may hold several paragraphs), the
 * signature and date at the end (style `end`), a footer.
 */
export function reportPage(record: ReportRecord, style: { dateStyle: DateStyle; markup: Markup; time?: string; titlePx?: number }): string {
  const { dateStyle, markup, time = '15:07', titlePx = 22 } = style;
  const [title, ...body] = reportBlocks(record);
  const blocks: Block[] = body.flatMap((b): Block[] => (b.kind === 'p' ? b.text.split('\n').map((text) => ({ kind: 'p', text })) : [b]));
  const [y, m, d] = record.published!.split('-').map(Number);
  if (dateStyle === 'end') blocks.push({ kind: 'p', text: record.organ }, { kind: 'p', text: `${y}年${m}月${d}日` });
  const site = `${COUNTY}人民政府`;
  const info = dateStyle === 'header' ? `来源：${record.organ}　　时间：${record.published} ${time}` : `来源：${record.organ}`;
  const content = blocks
    .map((b) => (b.kind === 'p' ? `<p${/^[一二三四五六]、/.test(b.text) ? ' class="h"' : ''}>${escape(b.text)}</p>` : table(b.table, markup)))
    .join('\n');
  const titleText = title!.kind === 'p' ? title!.text : '';
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>${escape(titleText)}_${site}</title>
<style>
body{font-family:"Noto Sans CJK SC",sans-serif;margin:0 auto;max-width:1000px}
table{border-collapse:collapse;width:100%}td{border:1px solid #000;padding:2px 4px;text-align:center}
table.grid{border:1px solid #000}
h1{font-size:${titlePx}px;text-align:center}td p{margin:0}.h{font-weight:bold}.nav li{display:inline;margin-right:1em}
</style></head>
<body>
<div class="header"><div class="logo">${site}</div><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="crumbs">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="article">
<h1>${escape(titleText)}</h1>
<div class="info">${escape(info)}</div>
<div class="content">
${content}
</div></div>
<div id="footer"><p>主办：${site}办公室　联系电话：0000-1234567</p></div>
</body></html>
`;
}

/** test/readers/fixtures.ts's table (`word`), or the same grid with bare cells and CSS borders (`cms`). */
function table(t: FixtureTable, markup: Markup): string {
  const html = htmlTable(t);
  if (markup === 'word') return html;
  return html
    .replace('<table border="1" cellspacing="0">', '<table class="grid">')
    .replace(/<td([^>]*)><p>(.*?)<\/p><\/td>/g, '<td$1>$2</td>')
    .replace(/<td([^>]*)>&nbsp;<\/td>/g, '<td$1></td>');
}

/** Every section title of the template, for sanity checks. */
export const SECTION_TITLES = SECTIONS.map((s) => `${s.no}、${s.title}`);
