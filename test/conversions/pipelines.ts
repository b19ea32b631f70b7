/**
 * Real conversion pipelines: a report's web page -> the file a county office actually receives,
 * made by the real Debian tool (Chromium's print to PDF, pdftotext, w3m, lynx, elinks, links,
 * pandoc, LibreOffice, a browser copy-paste). Nothing is simulated.
 *
 * Slow tools are started as few times as possible: one LibreOffice call per target format for all
 * reports, one browser for every paste. A pipeline whose tool is missing is skipped with a note;
 * under CI=true a missing tool is an error.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FictionalReport } from './report-html.ts';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const TIMEOUT_MS = 180_000;

export interface Pipeline {
  name: string;
  /** Commands it runs (looked up with `which`). */
  tools: readonly string[];
  /** The extension of the file it produces (what readDocument is given). */
  ext: string;
  /** What a county office would call it. */
  about: string;
  /** Made from the report's Word file: only for reports made in Word (see pipelineNames). */
  fromWord?: true;
}

/** pdftotext's modes, by pipeline name suffix: laid out, raw (content order), and its default. */
const PDFTOTEXT_MODES: readonly (readonly [string, readonly string[]])[] = [['', ['-layout']], ['-raw', ['-raw']], ['-plain', []]];

export const PIPELINES: readonly Pipeline[] = [
  { name: 'html', tools: [], ext: 'html', about: 'the saved web page' },
  { name: 'word', tools: [], ext: 'docx', about: 'the Word file itself (reports made from the national template only)', fromWord: true },
  { name: 'word-pdf', tools: ['soffice'], ext: 'pdf', about: 'the Word file exported to PDF by LibreOffice', fromWord: true },
  { name: 'word-pdftotext', tools: ['soffice', 'pdftotext'], ext: 'txt', about: 'pdftotext -layout of the Word file\'s PDF', fromWord: true },
  { name: 'chromium-pdf', tools: [CHROMIUM], ext: 'pdf', about: 'Chromium --print-to-pdf' },
  { name: 'chromium-pdftotext', tools: [CHROMIUM, 'pdftotext'], ext: 'txt', about: 'pdftotext -layout of the Chromium PDF' },
  { name: 'chromium-pdftotext-raw', tools: [CHROMIUM, 'pdftotext'], ext: 'txt', about: 'pdftotext -raw of the Chromium PDF (words in the order of the page\'s text, one space apart)' },
  { name: 'chromium-pdftotext-plain', tools: [CHROMIUM, 'pdftotext'], ext: 'txt', about: 'pdftotext of the Chromium PDF, no option (its blocks in reading order)' },
  { name: 'w3m-200', tools: ['w3m'], ext: 'txt', about: 'w3m -dump -cols 200' },
  { name: 'w3m-100', tools: ['w3m'], ext: 'txt', about: 'w3m -dump -cols 100' },
  { name: 'lynx', tools: ['lynx'], ext: 'txt', about: 'lynx -dump -nolist -width=200' },
  { name: 'elinks', tools: ['elinks'], ext: 'txt', about: 'elinks -dump -dump-width 200' },
  { name: 'links', tools: ['links'], ext: 'txt', about: 'links -dump -width 200' },
  { name: 'pandoc-gfm', tools: ['pandoc'], ext: 'md', about: 'pandoc -f html -t gfm' },
  { name: 'pandoc-markdown', tools: ['pandoc'], ext: 'md', about: 'pandoc -f html -t markdown' },
  { name: 'soffice-docx', tools: ['soffice'], ext: 'docx', about: 'LibreOffice HTML -> .docx' },
  { name: 'soffice-doc', tools: ['soffice'], ext: 'doc', about: 'LibreOffice HTML -> .doc (read back through LibreOffice)' },
  { name: 'soffice-pdf', tools: ['soffice'], ext: 'pdf', about: 'LibreOffice HTML -> PDF' },
  { name: 'soffice-txt', tools: ['soffice'], ext: 'txt', about: 'LibreOffice HTML -> plain text (a document saved as text: one cell per line)' },
  { name: 'soffice-pdftotext', tools: ['soffice', 'pdftotext'], ext: 'txt', about: 'pdftotext -layout of the LibreOffice PDF' },
  { name: 'soffice-pdftotext-raw', tools: ['soffice', 'pdftotext'], ext: 'txt', about: 'pdftotext -raw of the LibreOffice PDF' },
  { name: 'soffice-pdftotext-plain', tools: ['soffice', 'pdftotext'], ext: 'txt', about: 'pdftotext of the LibreOffice PDF, no option' },
  { name: 'pasted', tools: [CHROMIUM], ext: 'txt', about: 'the page copied from a browser (document.body.innerText)' },
];

export const PIPELINE_NAMES = PIPELINES.map((p) => p.name);

/** The pipelines a run has: every one, those made from the Word file only when the reports were made in Word. */
export function pipelineNames(word: boolean): string[] {
  return PIPELINES.filter((p) => word || !p.fromWord).map((p) => p.name);
}

export function pipeline(name: string): Pipeline {
  const p = PIPELINES.find((x) => x.name === name);
  if (!p) throw new Error(`unknown pipeline ${name}; known: ${PIPELINE_NAMES.join(', ')}`);
  return p;
}

// ---------------------------------------------------------------- tools

const whichCache = new Map<string, boolean>();
export function hasTool(tool: string): boolean {
  let found = whichCache.get(tool);
  if (found === undefined) {
    try {
      execFileSync('which', [tool], { stdio: 'ignore' });
      found = true;
    } catch {
      found = false;
    }
    whichCache.set(tool, found);
  }
  return found;
}

export interface Availability {
  ready: Pipeline[];
  /** Pipelines skipped, with the reason. */
  skipped: { name: string; missing: string[] }[];
}

/** Which of the named pipelines can run here. Under CI=true (or `strict`) a missing tool throws. */
export function available(names: readonly string[] = pipelineNames(false), strict = process.env.CI === 'true'): Availability {
  const out: Availability = { ready: [], skipped: [] };
  for (const name of names) {
    const p = pipeline(name);
    const missing = p.tools.filter((t) => !hasTool(t));
    if (missing.length === 0) out.ready.push(p);
    else out.skipped.push({ name, missing });
  }
  if (strict && out.skipped.length) {
    throw new Error(`conversion tools missing under CI: ${out.skipped.map((s) => `${s.name} needs ${s.missing.join(', ')}`).join('; ')}`);
  }
  return out;
}

// ---------------------------------------------------------------- running commands

/** A tool's stdout; rejects with its stderr's end when it fails or outlasts TIMEOUT_MS. */
export function run(cmd: string, args: readonly string[], options: { cwd?: string } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: options.cwd, timeout: TIMEOUT_MS, maxBuffer: 64 << 20, encoding: 'buffer', env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stderr.toString('utf8').slice(-2000)}`));
      else resolve(stdout);
    });
  });
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// ---------------------------------------------------------------- conversions

/** One converted input, or why the conversion failed. */
export interface Converted {
  pipeline: string;
  reportId: string;
  /** The file readDocument is given (its name tells the extension). */
  path: string | null;
  error: string | null;
}

/** The text dumpers: page in, text on stdout. */
const DUMPERS: Record<string, (html: string) => [string, string[]]> = {
  'w3m-200': (f) => ['w3m', ['-dump', '-T', 'text/html', '-cols', '200', '-O', 'UTF-8', f]],
  'w3m-100': (f) => ['w3m', ['-dump', '-T', 'text/html', '-cols', '100', '-O', 'UTF-8', f]],
  lynx: (f) => ['lynx', ['-dump', '-nolist', '-width=200', '-display_charset=utf-8', '-assume_charset=utf-8', f]],
  elinks: (f) => ['elinks', ['-dump', '-dump-width', '200', '-dump-charset', 'utf-8', f]],
  links: (f) => ['links', ['-dump', '-width', '200', '-codepage', 'utf-8', f]],
  'pandoc-gfm': (f) => ['pandoc', ['-f', 'html', '-t', 'gfm', f]],
  'pandoc-markdown': (f) => ['pandoc', ['-f', 'html', '-t', 'markdown', f]],
};

export interface ConvertOptions {
  /** Keep every file here (source pages, converted inputs) instead of a temporary directory. */
  keepDir?: string;
  /** Parallel jobs for the per-report tools (Chromium, text dumpers). */
  jobs?: number;
  /** Called as each stage finishes, for progress output. */
  log?: (message: string) => void;
}

export interface Conversion {
  dir: string;
  inputs: Converted[];
  /** Deletes the working directory (not a keepDir). */
  cleanup: () => Promise<void>;
}

/**
 * Writes each report's page, then makes every input of the given pipelines. Failures of one
 * conversion are recorded on that input, not thrown. The caller reads `path` and calls cleanup().
 */
export async function convertReports(reports: readonly FictionalReport[], pipelines: readonly Pipeline[], options: ConvertOptions = {}): Promise<Conversion> {
  const dir = options.keepDir ?? (await mkdtemp(join(tmpdir(), 'nianbao-conversions-')));
  const log = options.log ?? (() => {});
  const jobs = options.jobs ?? 2;
  await mkdir(join(dir, 'src'), { recursive: true });
  const src = (r: FictionalReport) => join(dir, 'src', `${r.id}.html`);
  for (const r of reports) await writeFile(src(r), r.html);

  const names = new Set(pipelines.map((p) => p.name));
  const outPath = (name: string, r: FictionalReport) => join(dir, name, `${r.id}.${pipeline(name).ext}`);
  const results = new Map<string, Converted>();
  const done = (name: string, r: FictionalReport, error: string | null) =>
    results.set(`${name}/${r.id}`, { pipeline: name, reportId: r.id, path: error ? null : outPath(name, r), error });
  const attempt = async (name: string, r: FictionalReport, work: () => Promise<void>) => {
    try {
      await work();
      done(name, r, null);
    } catch (e) {
      done(name, r, (e as Error).message);
    }
  };
  for (const name of names) await mkdir(join(dir, name), { recursive: true });

  if (names.has('html')) {
    for (const r of reports) await attempt('html', r, () => writeFile(outPath('html', r), r.html));
  }
  if (names.has('word')) {
    for (const r of reports) {
      await attempt('word', r, async () => {
        if (!r.docx) throw new Error('the report was not made in Word');
        await writeFile(outPath('word', r), r.docx);
      });
    }
  }

  /** pdftotext's text of a PDF, in every mode asked for (`${from}-pdftotext…`). */
  const pdftotext = async (from: 'chromium' | 'soffice' | 'word', pdf: string, r: FictionalReport) => {
    for (const [suffix, args] of PDFTOTEXT_MODES) {
      const name = `${from}-pdftotext${suffix}`;
      if (names.has(name)) await attempt(name, r, () => run('pdftotext', [...args, pdf, outPath(name, r)]).then(() => undefined));
    }
  };
  const wantsText = (from: string) => PDFTOTEXT_MODES.some(([suffix]) => names.has(`${from}-pdftotext${suffix}`));

  /**
   * LibreOffice converts `files` to `as` in `outDir`, in one call with a private profile: for
   * each file's name (without its extension), null or why LibreOffice made nothing of it.
   */
  const libreOffice = async (files: readonly string[], as: string, outDir: string, ext: string, filter?: string) => {
    let failure: string | null = null;
    try {
      const profile = pathToFileURL(join(dir, 'soffice-profile')).href;
      if (files.length) await run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--norestore', ...(filter ? [`--infilter=${filter}`] : []), '--convert-to', as, '--outdir', outDir, ...files]);
    } catch (e) {
      failure = (e as Error).message;
    }
    const made = new Set(await readdir(outDir).catch(() => [] as string[]));
    return (stem: string): string | null => (made.has(`${stem}.${ext}`) ? null : (failure ?? `LibreOffice made no ${stem}.${ext}`));
  };

  // The Word file exported to PDF (LibreOffice, one call for all), and pdftotext of it.
  if (names.has('word-pdf') || wantsText('word')) {
    const started = Date.now();
    const docDir = join(dir, 'word-pdf-src'), pdfDir = join(dir, 'word-pdf');
    await mkdir(docDir, { recursive: true });
    await mkdir(pdfDir, { recursive: true });
    const made = reports.filter((r) => r.docx);
    for (const r of made) await writeFile(join(docDir, `${r.id}.docx`), r.docx!);
    const missing = await libreOffice(made.map((r) => join(docDir, `${r.id}.docx`)), 'pdf', pdfDir, 'pdf');
    await rm(join(dir, 'soffice-profile'), { recursive: true, force: true });
    for (const r of reports) {
      const error = r.docx ? missing(r.id) : 'the report was not made in Word';
      if (names.has('word-pdf')) done('word-pdf', r, error);
      if (!error) await pdftotext('word', join(pdfDir, `${r.id}.pdf`), r);
      else if (names.has('word-pdftotext')) done('word-pdftotext', r, error);
    }
    log(`word: ${made.length} PDFs in ${Date.now() - started} ms`);
  }

  // Chromium's PDF, and pdftotext of it.
  if (names.has('chromium-pdf') || wantsText('chromium')) {
    const pdfDir = join(dir, 'chromium-pdf');
    await mkdir(pdfDir, { recursive: true });
    const started = Date.now();
    await mapLimit(reports, jobs, async (r) => {
      const pdf = join(pdfDir, `${r.id}.pdf`);
      const profile = join(dir, 'chromium-profiles', r.id);
      await attempt('chromium-pdf', r, async () => {
        await run(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `--print-to-pdf=${pdf}`, pathToFileURL(src(r)).href]);
        await rm(profile, { recursive: true, force: true });
      });
      await pdftotext('chromium', pdf, r);
    });
    await rm(join(dir, 'chromium-profiles'), { recursive: true, force: true });
    log(`chromium: ${reports.length} PDFs in ${Date.now() - started} ms`);
  }

  // Text dumpers, one process per page.
  const dumpers = [...names].filter((n) => n in DUMPERS);
  if (dumpers.length) {
    const started = Date.now();
    const tasks = dumpers.flatMap((name) => reports.map((r) => ({ name, r })));
    await mapLimit(tasks, jobs, ({ name, r }) =>
      attempt(name, r, async () => {
        const [cmd, args] = DUMPERS[name]!(src(r));
        await writeFile(outPath(name, r), await run(cmd, args));
      }));
    log(`text dumpers: ${tasks.length} files in ${Date.now() - started} ms`);
  }

  // LibreOffice: one call per target format, every report at once, a private profile.
  const office = (['docx', 'doc', 'pdf', 'txt'] as const).filter((t) => names.has(`soffice-${t}`) || (t === 'pdf' && wantsText('soffice')));
  if (office.length) {
    const started = Date.now();
    for (const target of office) {
      const name = `soffice-${target}`;
      const outDir = join(dir, name);
      await mkdir(outDir, { recursive: true });
      const as = target === 'txt' ? 'txt:Text (encoded):UTF8' : target;
      const missing = await libreOffice(reports.map(src), as, outDir, target, 'HTML (StarWriter)');
      for (const r of reports) done(name, r, missing(r.id));
    }
    await rm(join(dir, 'soffice-profile'), { recursive: true, force: true });
    for (const r of reports) await pdftotext('soffice', join(dir, 'soffice-pdf', `${r.id}.pdf`), r);
    log(`libreoffice: ${office.join(', ')} for ${reports.length} pages in ${Date.now() - started} ms`);
  }

  // The browser's copy of the page.
  if (names.has('pasted')) {
    const started = Date.now();
    try {
      const texts = await pastedTexts(reports.map(src));
      for (const [i, r] of reports.entries()) await attempt('pasted', r, () => writeFile(outPath('pasted', r), texts[i]!));
    } catch (e) {
      for (const r of reports) done('pasted', r, (e as Error).message);
    }
    log(`pasted: ${reports.length} pages in ${Date.now() - started} ms`);
  }

  // In the order pipelines × reports; an intermediate (the Chromium PDF of pdftotext alone) is not an input.
  const inputs: Converted[] = [];
  for (const p of pipelines) for (const r of reports) {
    const c = results.get(`${p.name}/${r.id}`);
    inputs.push(c ?? { pipeline: p.name, reportId: r.id, path: null, error: 'not converted' });
  }
  if (!names.has('chromium-pdf') && wantsText('chromium') && !options.keepDir) {
    await rm(join(dir, 'chromium-pdf'), { recursive: true, force: true });
  }
  return {
    dir,
    inputs,
    cleanup: async () => {
      if (!options.keepDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `document.body.innerText` of each page in one headless Chromium: what select-all + copy gives. */
async function pastedTexts(files: readonly string[]): Promise<string[]> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS.slice(1) });
  try {
    const page = await browser.newPage();
    const out: string[] = [];
    for (const f of files) {
      await page.goto(pathToFileURL(f).href);
      out.push(String(await page.evaluate('document.body.innerText')));
    }
    return out;
  } finally {
    await browser.close();
  }
}

/** The bytes of a converted input. */
export function readInput(c: Converted): Promise<Buffer> {
  if (!c.path) throw new Error(`${c.pipeline}/${c.reportId} was not converted: ${c.error}`);
  return readFile(c.path);
}
