/**
 * Tesseract (Debian `tesseract-ocr` + `tesseract-ocr-chi-sim`) as a process: the image on stdin,
 * TSV on stdout, so every word keeps its box and its confidence. No shell; one thread per call
 * (OMP_THREAD_LIMIT=1: the pool, not Tesseract, decides how many cores work), killed when it
 * takes longer than the page timeout. Looked up once; NIANBAO_TESSERACT names the command, or
 * `off` to refuse scans without trying (as NIANBAO_SOFFICE does for LibreOffice).
 */
import { execFile } from 'node:child_process';
import { ReportError } from '../../errors.ts';
import { findTool } from '../external-tool.ts';

const CANDIDATES = ['tesseract', '/usr/bin/tesseract', '/usr/local/bin/tesseract'];

/** One recognised word: its box in the image given, confidence 0–100. */
export interface Word {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  conf: number;
  /** Tesseract's block/paragraph/line, as one key: words with the same key are one printed line. */
  line: string;
}

export interface Tesseract {
  cmd: string;
  langs: Set<string>;
}

/** Tesseract and its installed languages, or null when it is not installed (NIANBAO_TESSERACT: a command, or `off`). */
export function findTesseract(): Promise<Tesseract | null> {
  return findTool('NIANBAO_TESSERACT', CANDIDATES, async (cmd) => {
    const out = await run(cmd, ['--list-langs'], null, 30_000).catch(() => null);
    if (out === null) return null;
    return { cmd, langs: new Set(out.toString('utf8').split('\n').slice(1).map((l) => l.trim()).filter(Boolean)) };
  });
}

/**
 * The tesseract to read `fileName` with, or a refusal a clerk can act on: which Debian package is
 * missing (the engine, or its Simplified Chinese model).
 */
export async function requireTesseract(fileName: string): Promise<Tesseract> {
  const t = await findTesseract();
  if (!t) {
    throw new ReportError('needs_ocr', `文件“${fileName}”是扫描件或图片，需要文字识别，但本机没有安装文字识别程序 Tesseract（Debian 软件包 tesseract-ocr 和 tesseract-ocr-chi-sim）。请安装后重新上传，或上传原始的 Word 文件。`);
  }
  if (!t.langs.has('chi_sim')) {
    throw new ReportError('needs_ocr', `文件“${fileName}”是扫描件或图片，需要识别中文，但本机的 Tesseract 缺少简体中文模型（Debian 软件包 tesseract-ocr-chi-sim）。请安装后重新上传，或上传原始的 Word 文件。`);
  }
  return t;
}

function run(cmd: string, args: readonly string[], input: Buffer | null, timeout: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, {
      timeout, killSignal: 'SIGKILL', maxBuffer: 32 << 20, encoding: 'buffer',
      env: { ...process.env, OMP_THREAD_LIMIT: '1', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
    }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    if (input) {
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input);
    }
  });
}

export interface OcrOptions {
  lang: string;
  psm: number;
  /** Characters Tesseract may answer with (digits for number cells). */
  whitelist?: string;
  timeoutMs: number;
}

/** The words Tesseract reads in an image (PNG bytes). Rejects on timeout or failure. */
export async function recognise(t: Tesseract, png: Buffer, o: OcrOptions): Promise<Word[]> {
  const args = ['stdin', 'stdout', '-l', o.lang, '--psm', String(o.psm)];
  if (o.whitelist) args.push('-c', `tessedit_char_whitelist=${o.whitelist}`);
  args.push('tsv');
  return parseTsv((await run(t.cmd, args, png, o.timeoutMs)).toString('utf8'));
}

/** Tesseract's TSV -> its words (level 5 rows with text). */
export function parseTsv(tsv: string): Word[] {
  const words: Word[] = [];
  for (const row of tsv.split('\n').slice(1)) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = f.slice(11).join('\t').trim();
    if (!text) continue;
    words.push({
      text, x: Number(f[6]), y: Number(f[7]), w: Number(f[8]), h: Number(f[9]), conf: Number(f[10]),
      line: `${f[1]}.${f[2]}.${f[3]}.${f[4]}`,
    });
  }
  return words;
}
