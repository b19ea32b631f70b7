/**
 * Documents as they arrive (text, web pages, Word, PDF, old Word/WPS, scans as images or
 * image-only PDFs, read by OCR in ocr/) -> the text the parser reads. The kind of file is told by
 * its bytes; the file name only names legacy formats.
 *
 * The text contract with the parser (`parseText(text, { exactCells })`):
 * - prose as lines; each table row as ONE line, its cells separated by tabs;
 * - the table is expanded into a full grid, so every blank cell keeps its place;
 * - a merged cell (rowspan/colspan, Word gridSpan/vMerge, a PDF cell without an inner border)
 *   keeps its text in its top-left cell and the cells it covers are EMPTY — never repeated,
 *   so a number printed once is read once;
 * - a web page's title and its 发布时间/发布日期 line stay as lines above the report.
 * `exactCells` is true when the reader knew the table grid (HTML/Word tables, PDF ruling lines).
 *
 * Every reader's text passes through normalizeText (../normalize.ts): Kangxi and supplement radicals
 * and compatibility ideographs become the ordinary ideographs (`⼈⺠` -> 人民). The file's bytes are
 * stored as they came; only the extracted text is changed.
 */
import { ReportError } from '../errors.ts';
import { normalizeText } from '../normalize.ts';
import { decodeText } from './decode.ts';
import { readDocx } from './docx.ts';
import { declaredCharset, looksLikeHtml, readHtmlPage } from './html.ts';
import { convertWithSoffice } from './legacy.ts';
import { readPdfLayer, textOfLayer } from './pdf.ts';
import type { PdfLayer } from './pdf-layout.ts';
import type { readMixedPdf, ScanReadOptions } from './image.ts';
import type { ScanText } from './ocr/index.ts';
import { sniff, zipKind } from './sniff.ts';

/**
 * The scan readers (OCR, sharp, image sets), loaded at the first scan: most processes and the
 * ingest's read-and-parse threads never read one, and they start some 0.4 s of CPU sooner.
 */
const scans = () => import('./image.ts');

export interface ExtractedDocument {
  /** txt, html, docx, pdf, doc, wps, rtf; png, jpeg, tiff, gif, bmp (scans); images (several images as one report, image-set.ts) */
  format: string;
  /** How the text was obtained, e.g. `utf-8`, `gb18030`, `html-table`, `mammoth`, `pdfium`, `tesseract`, `pdfium-grid+tesseract` (a mixed PDF). */
  extraction: string;
  /** The text the parser reads; review lines point into it, and it is stored with the document. */
  text: string;
  /** True when the reader knew the table grid, so blank cells are kept in place (see ParseOptions). */
  exactCells: boolean;
  /** Scans read by OCR: each page (size, dpi, skew, blank/failed) and where each cell was read (page, box). */
  scan?: Pick<ScanText, 'pages' | 'cells'>;
}

/** `options.onProgress(page, pages)` follows a scan's OCR page by page (other files: not called). */
export async function readDocument(bytes: Buffer, fileName: string, options: ScanReadOptions = {}): Promise<ExtractedDocument> {
  const doc = await extract(bytes, fileName, options);
  // Text and web pages are normalised before they are read (readText); this is a no-op scan for them.
  const text = normalizeText(doc.text);
  return text === doc.text ? doc : { ...doc, text };
}

async function extract(bytes: Buffer, fileName: string, options: ScanReadOptions): Promise<ExtractedDocument> {
  if (bytes.length === 0) throw new ReportError('empty', `文件“${fileName}”是空的。`);
  const ext = extensionOf(fileName);
  switch (sniff(bytes)) {
    case 'pdf':
      return readPdfDocument(bytes, fileName, options);
    case 'zip':
      return readZip(bytes, fileName, options);
    case 'ole':
    case 'rtf':
      return readLegacy(bytes, fileName, ext);
    case 'image':
      return scanDocument(imageFormat(bytes), await (await scans()).readImage(bytes, fileName, options));
    case 'text':
      return readText(bytes, fileName, ext);
  }
}

async function readZip(bytes: Buffer, fileName: string, options: ScanReadOptions): Promise<ExtractedDocument> {
  const kind = await zipKind(bytes);
  // Several images kept as one report (image-set.ts): its pages in order, read by OCR.
  if (kind === 'images') {
    const [{ readImages }, { unpackImageSet }] = await Promise.all([scans(), import('./image-set.ts')]);
    return scanDocument('images', await readImages(await unpackImageSet(bytes, fileName), options));
  }
  if (kind === 'docx') {
    const docx = await readDocx(bytes, fileName);
    return { format: 'docx', extraction: 'mammoth', text: joinLines(docx.lines), exactCells: docx.tables > 0 };
  }
  const what =
    kind === 'xlsx' ? '是 Excel 表格' : kind === 'ofd' ? '是 OFD 版式文件' : kind === 'broken' ? '是损坏的压缩文件' : '是压缩包，不是 Word 文件';
  throw new ReportError('unsupported_format', `文件“${fileName}”${what}，无法作为年度报告读取。请上传 .docx、PDF、网页或文本文件。`);
}

async function readLegacy(bytes: Buffer, fileName: string, ext: string): Promise<ExtractedDocument> {
  const format = ext === 'wps' || ext === 'rtf' ? ext : bytes[0] === 0x7b ? 'rtf' : 'doc';
  const docx = await convertWithSoffice(bytes, format, 'docx');
  if (!docx) {
    throw new ReportError('needs_conversion', `文件“${fileName}”是旧版 Word/WPS 格式（.${format}），本机没有安装转换工具 LibreOffice。请用 Word 或 WPS 打开后另存为 .docx 或 PDF 再上传。`);
  }
  const read = await readDocx(docx, fileName);
  return { format, extraction: 'soffice+mammoth', text: joinLines(read.lines), exactCells: read.tables > 0 };
}

function readText(bytes: Buffer, fileName: string, ext: string): ExtractedDocument {
  const isHtmlName = ['html', 'htm', 'shtml', 'xhtml'].includes(ext);
  const charset = declaredCharset(bytes);
  const decoded = decodeText(bytes, fileName, charset);
  // Before the page is read, so that its title and date lines are found in ordinary ideographs.
  const text = normalizeText(decoded.text);
  // Markdown may hold HTML tables and tags (pandoc's from a Word page): read as text (parser/boxes.ts)
  // unless it is a web page itself.
  if (isHtmlName || looksLikeHtml(text, ['md', 'markdown'].includes(ext))) {
    const page = readHtmlPage(text);
    return { format: 'html', extraction: `html-table/${decoded.encoding}`, text: joinLines(page.lines), exactCells: page.tables > 0 };
  }
  return { format: 'txt', extraction: decoded.encoding, text, exactCells: false };
}

/** png, jpeg, tiff, gif, bmp: from the bytes sniff() recognised as an image. */
function imageFormat(bytes: Buffer): string {
  if (bytes[0] === 0x89) return 'png';
  if (bytes[0] === 0xff) return 'jpeg';
  if (bytes[0] === 0x49 || bytes[0] === 0x4d) return 'tiff';
  return bytes[0] === 0x47 ? 'gif' : 'bmp';
}

function scanDocument(format: string, scan: ScanText): ExtractedDocument {
  return { format, extraction: 'tesseract', text: joinLines(scan.lines), exactCells: true, scan: { pages: scan.pages, cells: scan.cells } };
}

/**
 * A PDF: its text layer, read by PDFium and laid out in the PDF thread. Only when a page has
 * (almost) no text, or PDFium cannot read the file, does poppler look for scanned pages (an image
 * and no text layer): a PDF with them is read by OCR, its text pages from their layer
 * (`readMixedPdf`). So the common PDF, text on every page, costs no subprocess.
 */
async function readPdfDocument(bytes: Buffer, fileName: string, options: ScanReadOptions): Promise<ExtractedDocument> {
  let layer: PdfLayer | null = null;
  let failure: unknown = null;
  try {
    layer = await readPdfLayer(bytes, fileName);
  } catch (error) {
    failure = error;
  }
  // `layer.pages` is given only when a page has (almost) no text.
  if (!layer || layer.pages) {
    const { scannedPdfPages, readMixedPdf } = await scans();
    const scanned = await scannedPdfPages(bytes);
    if (scanned) return mixedDocument(await readMixedPdf(bytes, fileName, scanned, layer?.pages ?? null, options));
  }
  if (!layer) throw failure;
  const pdf = textOfLayer(layer, fileName);
  return { format: 'pdf', extraction: pdf.tables > 0 ? 'pdfium-grid' : 'pdfium', text: joinLines(pdf.lines), exactCells: pdf.tables > 0 };
}

/**
 * A PDF with scanned pages: `tesseract` when OCR read every page; else `pdfium+tesseract` (or
 * `pdfium-grid+tesseract` when the text pages' tables came from their drawn grid). Exact cells
 * when the OCR'd tables (always a grid) and the text pages' tables (a drawn grid, or none) both are.
 */
function mixedDocument(read: Awaited<ReturnType<typeof readMixedPdf>>): ExtractedDocument {
  const doc = scanDocument('pdf', read.scan);
  if (read.textPages === 0) return doc;
  return { ...doc, extraction: `${read.gridTables > 0 ? 'pdfium-grid' : 'pdfium'}+tesseract`, exactCells: read.textExact };
}

function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : '';
}

function joinLines(lines: readonly string[]): string {
  return lines.length ? `${lines.join('\n')}\n` : '';
}
