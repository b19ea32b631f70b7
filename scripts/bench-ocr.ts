/**
 * Scanned reports through the OCR reader (a benchmark and an accuracy measure, not a test).
 *
 *   npm run bench:ocr -- [--n 4] [--seed 1000] [--reports 0] [--skip-heavy]
 *
 * Makes `n` fictional reports never used by the tests (seeds from --seed), scans them at 200 dpi
 * (light damage) and `n` more at 150 dpi (±1.5°, grain, blur, JPEG 60, shading), reads each as
 * its page images and parses it. Prints per set: cells right / flagged / wrong (a wrong cell is a
 * different number, or a blank without a review entry), organ, year and date right, seconds of
 * CPU per page (this process and Tesseract's, so other load on the machine does not count) and
 * wall time per page. Reading is one page at a time, Tesseract on one thread: per page per core.
 * `--reports N` then reads N reports (the 200 dpi scans over and over) and prints RSS after each
 * tenth, to show memory stays flat.
 */
import { readFileSync } from 'node:fs';
import { parseText } from '../server/report/parse.ts';
import { readImages } from '../server/report/readers/image.ts';
import { CELLS, getCell } from '../server/report/template.ts';
import { HEAVY, LIGHT, makeScans, type Damage, type Scan } from '../test/ocr/support/scans.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** CPU seconds of this process and of its finished children (Tesseract, pdftoppm): /proc/self/stat. */
function cpuSeconds(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // Fields after the command: utime 12, stime 13, cutime 14, cstime 15 (1-based from state = 1).
  const ticks = [11, 12, 13, 14].reduce((s, i) => s + Number(f[i]), 0);
  return ticks / 100;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

interface Tally {
  cells: number;
  right: number;
  flagged: number;
  wrong: number;
  reports: number;
  organ: number;
  year: number;
  date: number;
  pages: number;
  cpu: number;
  wall: number;
  wrongCells: string[];
  /** Review reasons (page and reading left out) -> count. */
  reasons: Map<string, number>;
  organs: string[];
}

async function measure(label: string, scans: readonly Scan[]): Promise<Tally> {
  const t: Tally = { cells: 0, right: 0, flagged: 0, wrong: 0, reports: 0, organ: 0, year: 0, date: 0, pages: 0, cpu: 0, wall: 0, wrongCells: [], reasons: new Map(), organs: [] };
  for (const [i, scan] of scans.entries()) {
    const cpu0 = cpuSeconds(), wall0 = Date.now();
    const read = await readImages(scan.pages.map((bytes, p) => ({ bytes, fileName: `${i}-${p + 1}.jpg` })));
    const parsed = parseText(`${read.lines.join('\n')}\n`, { exactCells: true });
    t.cpu += cpuSeconds() - cpu0;
    t.wall += (Date.now() - wall0) / 1000;
    t.pages += scan.pages.length;
    t.reports++;
    const reviewed = new Set(parsed.review.map((e) => `${e.section}.${e.row}.${e.column}`));
    for (const c of CELLS) {
      const got = parsed.record ? getCell(parsed.record, c) : null;
      const want = getCell(scan.record, c);
      t.cells++;
      if (got === want) t.right++;
      else if (got === null && reviewed.has(c.key)) t.flagged++;
      else {
        t.wrong++;
        t.wrongCells.push(`${label} report ${i}: ${c.key} read ${got}, printed ${want}`);
      }
    }
    for (const e of parsed.review) {
      const why = e.reason.replace(/第\d+页此格识别为“[^”]*”/, '…').replace(/第\d+页/, '').slice(0, 40);
      t.reasons.set(why, (t.reasons.get(why) ?? 0) + 1);
    }
    if (parsed.record?.organ === scan.record.organ) t.organ++;
    else t.organs.push(`${parsed.record?.organ} (printed ${scan.record.organ})`);
    if (parsed.record?.year === scan.record.year) t.year++;
    if (parsed.record?.published === scan.record.published) t.date++;
  }
  return t;
}

function print(label: string, t: Tally): void {
  const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;
  console.log(`${label}: ${t.reports} reports, ${t.pages} pages`);
  console.log(`  cells    right ${t.right}/${t.cells} (${pct(t.right, t.cells)})  flagged ${t.flagged} (${pct(t.flagged, t.cells)})  wrong ${t.wrong}`);
  console.log(`  organ ${pct(t.organ, t.reports)}  year ${pct(t.year, t.reports)}  date ${pct(t.date, t.reports)}`);
  console.log(`  time     ${(t.cpu / t.pages).toFixed(2)} s CPU per page (${(t.pages / t.cpu).toFixed(2)} pages/s per core), ${(t.wall / t.pages).toFixed(2)} s wall per page`);
  for (const w of t.wrongCells) console.log(`  WRONG ${w}`);
  for (const [why, count] of [...t.reasons].sort((a, b) => b[1] - a[1])) console.log(`  review ${String(count).padStart(4)}  ${why}`);
  for (const o of t.organs) console.log(`  organ misread: ${o}`);
}

async function main(): Promise<void> {
  const n = arg('n', 4);
  const seed = arg('seed', 1000);
  const reports = arg('reports', 0);
  const sets: [string, number, Damage][] = [['200 dpi, light damage', 200, LIGHT]];
  if (!process.argv.includes('--skip-heavy')) sets.push(['150 dpi, heavy damage', 150, HEAVY]);
  let light: Scan[] = [];
  for (const [k, [label, dpi, damage]] of sets.entries()) {
    const started = Date.now();
    const scans = await makeScans(seed + k, n, dpi, damage);
    console.log(`(${label}: ${n} reports scanned in ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    if (k === 0) light = scans;
    print(label, await measure(label, scans));
  }
  if (reports > 0) {
    const rss: number[] = [];
    const started = Date.now();
    let pages = 0;
    for (let i = 0; i < reports; i++) {
      const scan = light[i % light.length]!;
      await readImages(scan.pages.map((bytes, p) => ({ bytes, fileName: `${p + 1}.jpg` })));
      pages += scan.pages.length;
      if ((i + 1) % 10 === 0 || i === reports - 1) {
        rss.push(process.memoryUsage().rss);
        console.log(`  after ${i + 1} reports (${pages} pages, ${((Date.now() - started) / 1000).toFixed(0)} s): RSS ${mb(rss.at(-1)!)}`);
      }
    }
    console.log(`memory over ${reports} reports: RSS first ${mb(rss[0]!)}, last ${mb(rss.at(-1)!)}, peak ${mb(process.resourceUsage().maxRSS * 1024)}`);
  }
  console.log(`peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
}

await main();
