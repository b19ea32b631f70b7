/**
 * Scanned pages -> the readers' text contract (index.ts): prose lines, and each table as tab rows
 * of its full grid (merged cells: text in the top-left cell, the covered cells empty), with
 * `exactCells` true — so the parser and the template matcher are the same as for Word and PDF.
 *
 * Every number of a table is read from the image cell by cell (page.ts) and must pass the trust
 * rules (trust.ts); a doubtful one reaches the parser as `〔识别不确定〕…`, which it turns into a
 * null cell with a review entry. A page that cannot be read leaves its cells out (the parser
 * then reports them missing, each with a review entry); it never gives zeros.
 *
 * Pages are loaded one at a time (`load`), read, and let go: memory does not grow with the
 * number of pages. `onProgress(done, pages)` is called after each page read by OCR (for “第 3/7 页”:
 * pages counts only the pages OCR reads, not a mixed PDF's text pages).
 *
 * A mixed PDF's text pages come in as `TextPages` (their lines from the text layer) between the
 * scanned pages: the whole text is settled together, so a 勾稽 relation may join numbers of both,
 * but only the numbers read by OCR are ever doubted.
 */
import { readPage, type Box, type OcrCell, type OcrPage } from './page.ts';
import { requireTesseract } from './tesseract.ts';
import type { Grey } from './raster.ts';
import { level, settle, unsureText, type TrustCell } from './trust.ts';

export interface ScanPageSource {
  /** Decodes the page when it is its turn. */
  load(): Promise<Grey>;
  /** Resolution of the page image (a photo's is a guess: 200). */
  dpi: number;
  /** The page's number in the file (a mixed PDF's scanned pages keep theirs); default: its place among the scanned sources. */
  page?: number;
}

/** Pages read from the file's own text layer (a mixed PDF's text pages): their lines, in place. */
export interface TextPages {
  lines: readonly string[];
}

const isText = (p: ScanPageSource | TextPages): p is TextPages => 'lines' in p;

export interface ScanOptions {
  fileName: string;
  /** Per page and per Tesseract call; the page is given up (unreadable) past it. */
  pageTimeoutMs?: number;
  onProgress?: (page: number, pages: number) => void;
}

/** Where a cell's value was read: for the 原文 panel (the page image with the box outlined). */
export interface CellSource {
  /** 1-based page of the file (of the joined images; of the PDF, text pages counted). */
  page: number;
  /** The cell's box in that page image as given, in pixels. */
  box: Box;
  /** What OCR read, and its lowest word confidence. */
  read: string;
  conf: number;
}

export interface PageSummary {
  page: number;
  width: number;
  height: number;
  dpi: number;
  angle: number;
  blank: boolean;
  failed: string | null;
  tables: number;
}

export interface ScanText {
  /** The parser's text (see readers/index.ts). */
  lines: string[];
  /** Tables found on all pages. */
  tables: number;
  pages: PageSummary[];
  /** Template cell key -> where its number was read. */
  cells: Record<string, CellSource>;
}

export const PAGE_TIMEOUT_MS = 60_000;

/** A part of the text: a prose line, or a table row whose number cells are filled in at the end. */
type Part = { line: string } | { row: (string | number)[] };

export async function readScan(pages: readonly (ScanPageSource | TextPages)[], o: ScanOptions): Promise<ScanText> {
  const t = await requireTesseract(o.fileName);
  const parts: Part[] = [];
  const numbers: { cell: OcrCell; page: number; trust: TrustCell }[] = [];
  const summaries: PageSummary[] = [];
  const scans = pages.filter((p) => !isText(p)).length;
  let tables = 0;
  let done = 0;
  for (const source of pages) {
    if (isText(source)) {
      for (const line of source.lines) parts.push({ line });
      continue;
    }
    done++;
    const page = source.page ?? done;
    const read: OcrPage = await readPage(t, await source.load(), page, { dpi: source.dpi, timeoutMs: o.pageTimeoutMs ?? PAGE_TIMEOUT_MS });
    const found = read.blocks.filter((b) => b.kind === 'table').length;
    tables += found;
    summaries.push({ page, width: read.width, height: read.height, dpi: source.dpi, angle: read.angle, blank: read.blank, failed: read.failed, tables: found });
    // Said in the text, where the page's content would stand (its cells stay null: not found).
    if (read.failed) parts.push({ line: `〔第${page}页未能识别：${read.failed}，本页内容请对照原件核对〕` });
    for (const block of read.blocks) {
      if (block.kind === 'line') {
        parts.push({ line: block.text });
        continue;
      }
      const grid: (string | number)[][] = Array.from({ length: block.table.rows }, () => Array<string | number>(block.table.cols).fill(''));
      for (const cell of block.table.cells) {
        if (cell.kind === 'blank') continue;
        if (cell.kind === 'label') {
          grid[cell.row]![cell.col] = cell.text;
          continue;
        }
        const { level: lvl, value } = level(cell.reads, cell.conf, cell.zh);
        const shown = value || cell.zh;
        const text = lvl === 'unsure' ? unsureText(page, shown, new Set(cell.reads.filter((r) => r !== '')).size > 1 ? '几次识别结果不一致' : '识别把握不足') : value.replace(/,/g, '');
        grid[cell.row]![cell.col] = numbers.length;
        numbers.push({ cell, page, trust: { page, text, read: shown, level: lvl } });
      }
      for (const row of grid) parts.push({ row });
    }
    o.onProgress?.(done, scans);
  }
  const render = (texts: readonly string[]) => {
    const out: string[] = [];
    for (const p of parts) out.push('line' in p ? p.line : p.row.map((c) => (typeof c === 'number' ? texts[c]! : c)).join('\t'));
    return `${out.join('\n')}\n`;
  };
  const { texts, placed } = settle(numbers.map((n) => n.trust), render);
  const cells: Record<string, CellSource> = {};
  for (const [key, i] of placed) {
    const n = numbers[i]!;
    cells[key] = { page: n.page, box: n.cell.box, read: n.trust.read, conf: Math.round(n.cell.conf) };
  }
  return { lines: render(texts).slice(0, -1).split('\n'), tables, pages: summaries, cells };
}
