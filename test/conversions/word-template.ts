/**
 * A fictional report as most offices write it: the national template (../shared's blank Word
 * file, 国办公开办函〔2021〕30号) filled in Word, with the template's own column widths, fonts,
 * merged cells and borders (many drawn as none). Its web page is LibreOffice's HTML export of
 * that file, as a site publishes a Word document; every pipeline then starts from that page.
 *
 * Only the value cells, the title, the narrative and the signature are written; the rest of the
 * file is the template byte for byte.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { CELLS, getCell } from '../../server/report/template.ts';
import type { FictionalReport } from './report-html.ts';
import { run } from './pipelines.ts';
import { BLANK_TEMPLATE } from '../support/shared.ts';

const TABLE = /<w:tbl>[\s\S]*?<\/w:tbl>/g;
const ROW = /<w:tr[ >][\s\S]*?<\/w:tr>/g;
const CELL = /<w:tc>[\s\S]*?<\/w:tc>/g;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cellText = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('').replace(/[\s\u3000]/g, '');
const spanOf = (xml: string) => Number(/<w:gridSpan w:val="(\d+)"/.exec(xml)?.[1] ?? 1);

/** A cell's XML with `text` as its only text: in its first run, or in a new run of its first paragraph. */
function withText(cell: string, text: string): string {
  const t = escapeXml(text);
  let first = true;
  const runs = cell.replace(/<w:t((?: [^>]*)?)>[^<]*<\/w:t>/g, (_, attrs: string) => {
    const out = `<w:t${attrs}>${first ? t : ''}</w:t>`;
    first = false;
    return out;
  });
  if (!first) return runs;
  const run = `<w:r><w:t>${t}</w:t></w:r>`;
  if (/<w:p(?: [^>]*)?\/>/.test(cell)) return cell.replace(/<w:p((?: [^>]*)?)\/>/, `<w:p$1>${run}</w:p>`);
  return cell.replace(/<\/w:p>/, `${run}</w:p>`);
}

/**
 * The value cells of the template's three tables, in document order, each as a function that
 * writes it: the cells right of the label columns (one in 主动公开, three in 申请) of the rows
 * below the headers. Their order is the template's, which is CELLS' order.
 */
function fillTables(xml: string, values: readonly (string | null)[]): string {
  let next = 0;
  let table = 0;
  const out = xml.replace(TABLE, (tbl) => {
    const labelColumns = [1, 3, 0][table]!;
    const headerRows = [0, 3, 3][table]!;
    table++;
    let row = 0;
    return tbl.replace(ROW, (tr) => {
      const r = row++;
      if (r < headerRows || (labelColumns === 1 && /第二十条|信息内容/.test(cellText(tr)))) return tr;
      let column = 0;
      return tr.replace(CELL, (tc) => {
        const start = column;
        column += spanOf(tc);
        if (start < labelColumns || cellText(tc)) return tc;
        const v = values[next++];
        if (v === undefined) throw new Error('the template has more value cells than the form');
        return v === null ? tc : withText(tc, v);
      });
    });
  });
  if (next !== values.length) throw new Error(`the template has ${next} value cells, the form ${values.length}`);
  return out;
}

/** Replaces the first paragraph text `placeholder` with `lines`, one paragraph each (same formatting). */
function replaceParagraph(xml: string, placeholder: string, lines: readonly string[]): string {
  const at = xml.indexOf(`>${placeholder}<`);
  if (at < 0) throw new Error(`the template has no “${placeholder}”`);
  const start = xml.lastIndexOf('<w:p ', at);
  const end = xml.indexOf('</w:p>', at) + '</w:p>'.length;
  const paragraph = xml.slice(start, end);
  return xml.slice(0, start) + lines.map((l) => paragraph.replace(`>${placeholder}<`, `>${escapeXml(l)}<`)).join('') + xml.slice(end);
}

/** The report as the filled national template (.docx bytes). */
export async function wordTemplate(report: FictionalReport, blank: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(blank);
  const { record } = report;
  let xml = await zip.file('word/document.xml')!.async('string');
  xml = fillTables(xml, CELLS.map((c) => {
    const v = getCell(record, c);
    return v === null ? null : String(v);
  }));
  const [y, m, d] = record.published!.split('-').map(Number);
  xml = replaceParagraph(xml, '政府信息公开工作年度报告格式模板', [`${record.organ}${record.year}年政府信息公开工作年度报告`]);
  xml = replaceParagraph(xml, '（文字描述）', (record.narrative.overview ?? '').split('\n'));
  xml = replaceParagraph(xml, '（文字描述）', (record.narrative.problems ?? '').split('\n'));
  xml = replaceParagraph(xml, '（文字描述，收取信息处理费情况在此处报告。）', [...(record.narrative.other ?? '').split('\n'), record.organ!, `${y}年${m}月${d}日`]);
  zip.file('word/document.xml', xml);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/**
 * The reports as Word files (`<id>.docx` in `dir`), and their web pages as LibreOffice exports
 * them (one LibreOffice call for all). The date is printed at the end, as the template has it.
 */
export async function wordReports(reports: readonly FictionalReport[], dir: string): Promise<FictionalReport[]> {
  const blank = await readFile(BLANK_TEMPLATE);
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const out: FictionalReport[] = [];
  for (const r of reports) {
    const record = { ...r.record, published_source: 'report' as const };
    const docx = await wordTemplate({ ...r, record }, blank);
    const file = join(dir, `${r.id}w.docx`);
    await writeFile(file, docx);
    files.push(file);
    out.push({ ...r, id: `${r.id}w`, record, dateStyle: 'end', docx });
  }
  const profile = pathToFileURL(join(dir, 'soffice-profile')).href;
  await run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'html', '--outdir', dir, ...files]);
  for (const r of out) r.html = await readFile(join(dir, `${r.id}.html`), 'utf8');
  return out;
}
