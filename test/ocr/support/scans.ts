/**
 * Scans of fictional reports, made the way a county office makes them: the report's web page is
 * exported as a Word-like PDF by LibreOffice, rasterised with poppler's pdftoppm at 150–300 dpi,
 * then rotated (up to ±1.5°), lit unevenly, given noise and blur, and saved as JPEG. The result
 * is a list of page images, a multi-page TIFF, or an image-only PDF.
 *
 * The records are arithmetically consistent (the template's 勾稽 relations hold), as a real
 * report's are, and every number comes from a seeded generator: same seed, same pages.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { fictionalReport, prng, reportPage } from '../../conversions/report-html.ts';
import { pdfOf } from '../../support/pdf.ts';
import {
  ACTIVE_ITEMS, APPEAL_GROUPS, APPLICANT_COLUMNS, OUTCOME_ROWS, setCell, type ReportRecord,
} from '../../../server/report/template.ts';

type Rand = () => number;
const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** A fictional report (organ, year, date, narrative from test/conversions) whose numbers add up. */
export function scanRecord(seed: number, index: number): ReportRecord {
  const base = fictionalReport(seed, index).record;
  const rand = prng(seed * 7_717 + index * 131 + 5);
  const record: ReportRecord = structuredClone(base);
  record.published_source = 'report';
  for (const item of ACTIVE_ITEMS) {
    for (const f of item.fields) {
      const v = f === 'amount_wan_yuan' ? (rand() < 0.5 ? 0 : int(rand, 1, 9999) / 100) : rand() < 0.3 ? 0 : int(rand, 0, f === 'decisions' ? 2500 : 60);
      setCell(record, { section: 'active', row: item.key, column: f }, v);
    }
  }
  const busy = rand() < 0.6;
  const totals = { new: 0, carried_over: 0, processed_total: 0, carried_forward: 0 };
  const outcomeTotals = new Map<string, number>(OUTCOME_ROWS.map((r) => [r, 0]));
  for (const col of APPLICANT_COLUMNS) {
    const active = col === 'natural_person' || rand() < (busy ? 0.6 : 0.25);
    let processed = 0;
    for (const row of OUTCOME_ROWS) {
      const v = active && rand() < (row === 'granted' ? 0.9 : 0.35) ? int(rand, 1, row === 'granted' ? (busy ? 240 : 30) : 12) : 0;
      setCell(record, { section: 'requests', row, column: col }, v);
      outcomeTotals.set(row, outcomeTotals.get(row)! + v);
      processed += v;
    }
    const carriedOver = active && rand() < 0.4 ? int(rand, 1, 9) : 0;
    const forward = active && rand() < 0.4 ? int(rand, 1, 9) : 0;
    const fresh = Math.max(0, processed + forward - carriedOver);
    const fix = processed + forward - carriedOver - fresh; // < 0 when carried over exceeds the rest
    const over = carriedOver + fix;
    const values = { new: fresh, carried_over: over, processed_total: processed, carried_forward: forward };
    for (const [row, v] of Object.entries(values)) {
      setCell(record, { section: 'requests', row, column: col }, v);
      totals[row as keyof typeof totals] += v;
    }
  }
  for (const [row, v] of Object.entries(totals)) setCell(record, { section: 'requests', row, column: 'total' }, v);
  for (const [row, v] of outcomeTotals) setCell(record, { section: 'requests', row, column: 'total' }, v);
  for (const g of APPEAL_GROUPS) {
    const parts = ['upheld', 'corrected', 'other', 'pending'].map((c) => (rand() < 0.5 ? 0 : int(rand, 1, 15)));
    ['upheld', 'corrected', 'other', 'pending'].forEach((c, i) => setCell(record, { section: 'appeals', row: g.key, column: c }, parts[i]!));
    setCell(record, { section: 'appeals', row: g.key, column: 'total' }, parts.reduce((a, b) => a + b, 0));
  }
  return record;
}

/** The report's page as the office's web editor writes it (tables with borders, date at the end). */
export function scanHtml(record: ReportRecord): string {
  return reportPage(record, { dateStyle: 'end', markup: 'word' });
}

function run(cmd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 180_000, maxBuffer: 256 << 20, encoding: 'buffer', env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} failed: ${err.message}\n${stderr.toString('utf8').slice(-1000)}`));
      else resolve(stdout);
    });
  });
}

/** Word-like PDFs of the pages, made by LibreOffice in one call (its own profile in a temp folder). */
export async function officePdfs(htmls: readonly string[]): Promise<Buffer[]> {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-scans-'));
  try {
    const inputs = await Promise.all(htmls.map(async (html, i) => {
      const file = join(dir, `r${i}.html`);
      await writeFile(file, html);
      return file;
    }));
    await run('soffice', [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--norestore',
      '--infilter=HTML (StarWriter)', '--convert-to', 'pdf', '--outdir', join(dir, 'out'), ...inputs]);
    return await Promise.all(htmls.map((_, i) => readFile(join(dir, 'out', `r${i}.pdf`))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The pages of a PDF as greyscale PNGs at `dpi` (pdftoppm). */
export async function rasterise(pdf: Buffer, dpi: number): Promise<Buffer[]> {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-raster-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', join(dir, 'in.pdf'), join(dir, 'p')]);
    const names = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort();
    return await Promise.all(names.map((f) => readFile(join(dir, f))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Damage {
  /** Degrees, clockwise. */
  angle: number;
  /** Standard deviation of the added grain, in grey levels. */
  noise: number;
  /** Gaussian blur sigma in pixels (0: none; sharp needs >= 0.3). */
  blur: number;
  /** JPEG quality (lower: more artefacts). */
  quality: number;
  /** How much darker the darkest corner gets (0–1): uneven light of a copier or a photo. */
  light: number;
}

export const LIGHT: Damage = { angle: 0.6, noise: 8, blur: 0.5, quality: 80, light: 0.15 };
export const HEAVY: Damage = { angle: 1.5, noise: 16, blur: 0.8, quality: 60, light: 0.3 };

/** A damaged copy of a clean page image, as a JPEG. */
export async function damage(png: Buffer, d: Damage, seed: number): Promise<Buffer> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const rand = prng(seed);
  const w = info.width, h = info.height;
  const out = Buffer.alloc(w * h);
  const cx = rand() * w, cy = rand() * h;
  const far = Math.hypot(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      // Light falls off from a bright spot; grain is a sum of uniforms (near-Gaussian).
      const shade = 1 - d.light * (Math.hypot(x - cx, y - cy) / far);
      const grain = (rand() + rand() + rand() - 1.5) * 2 * d.noise;
      out[i] = Math.max(0, Math.min(255, Math.round(data[i]! * shade + grain)));
    }
  }
  let img = sharp(out, { raw: { width: w, height: h, channels: 1 } }).rotate(d.angle, { background: { r: 255, g: 255, b: 255 } });
  if (d.blur >= 0.3) img = img.blur(d.blur);
  return img.toColourspace('b-w').jpeg({ quality: d.quality }).toBuffer();
}

/** An image-only PDF: one JPEG per page, the page sized for `dpi` (no text layer at all). */
export async function imagePdf(jpegs: readonly Buffer[], dpi: number): Promise<Buffer> {
  const objects: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', ''];
  const kids: string[] = [];
  for (const jpeg of jpegs) {
    const { width = 0, height = 0, channels = 1 } = await sharp(jpeg).metadata();
    const pw = (width * 72) / dpi, ph = (height * 72) / dpi;
    const page = objects.length + 1;
    kids.push(`${page} 0 R`);
    const content = `q ${pw.toFixed(2)} 0 0 ${ph.toFixed(2)} 0 0 cm /Im0 Do Q`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pw.toFixed(2)} ${ph.toFixed(2)}] /Resources << /XObject << /Im0 ${page + 1} 0 R >> >> /Contents ${page + 2} 0 R >>`);
    objects.push(`<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /${channels === 1 ? 'DeviceGray' : 'DeviceRGB'} /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n${jpeg.toString('latin1')}\nendstream`);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${kids.length} >>`;
  return pdfOf(objects);
}


/** A multi-page TIFF of the page images (sharp joins them). */
export async function multiPageTiff(images: readonly Buffer[]): Promise<Buffer> {
  const frames = await Promise.all(images.map((b) => sharp(b).greyscale().png().toBuffer()));
  return sharp(frames, { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer();
}

export interface Scan {
  record: ReportRecord;
  /** Damaged page images (JPEG), in order. */
  pages: Buffer[];
  /** The rotation given to each page (degrees, clockwise). */
  angles: number[];
  /** LibreOffice's PDF of the report (with its text layer). */
  pdf: Buffer;
}

/** `n` scanned reports: consistent records, LibreOffice PDFs, pdftoppm at `dpi`, then `damage` (angle scaled per page, sign alternating). */
export async function makeScans(seed: number, n: number, dpi: number, d: Damage): Promise<Scan[]> {
  const records = Array.from({ length: n }, (_, i) => scanRecord(seed, i));
  const pdfs = await officePdfs(records.map(scanHtml));
  const rand = prng(seed + 99);
  const out: Scan[] = [];
  for (let i = 0; i < n; i++) {
    const clean = await rasterise(pdfs[i]!, dpi);
    const pages: Buffer[] = [];
    const angles: number[] = [];
    for (const [p, png] of clean.entries()) {
      const angle = Math.round(d.angle * (0.4 + 0.6 * rand()) * (rand() < 0.5 ? -1 : 1) * 100) / 100;
      angles.push(angle);
      pages.push(await damage(png, { ...d, angle }, seed * 1000 + i * 10 + p));
    }
    out.push({ record: records[i]!, pages, angles, pdf: pdfs[i]! });
  }
  return out;
}

/**
 * A PDF whose first `textPages` pages keep LibreOffice's text layer and whose other pages are the
 * scans (poppler's pdfseparate and pdfunite), as when an office scans part of a printed report.
 */
export async function mixedPdf(scan: Scan, textPages: number, dpi: number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-mixed-'));
  try {
    await writeFile(join(dir, 'text.pdf'), scan.pdf);
    await writeFile(join(dir, 'scan.pdf'), await imagePdf(scan.pages.slice(textPages), dpi));
    await run('pdfseparate', ['-f', '1', '-l', String(textPages), join(dir, 'text.pdf'), join(dir, 't%d.pdf')]);
    const parts = Array.from({ length: textPages }, (_, i) => join(dir, `t${i + 1}.pdf`));
    await run('pdfunite', [...parts, join(dir, 'scan.pdf'), join(dir, 'out.pdf')]);
    return await readFile(join(dir, 'out.pdf'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
