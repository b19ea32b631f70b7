/**
 * Word 97–2003 (.doc), WPS (.wps) and RTF -> .docx through LibreOffice, when it is installed.
 * Each conversion gets its own temporary directory and LibreOffice profile, so conversions
 * running at the same time do not lock each other out. LibreOffice runs as its own process, killed
 * outright when it takes too long; what it writes is size-checked before it is read, and the .docx
 * it makes is read like any other (docx.ts: zip checks, then the Word worker with its heap limit).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReportError } from '../errors.ts';
import { findTool } from './external-tool.ts';

const TIMEOUT_MS = 120_000;
/** A converted file larger than this is not read (a report converts to well under 10 MB). */
export const MAX_CONVERTED_BYTES = 100 * 1024 * 1024;
/** Temporary folders of conversions: `nianbao-convert-<pid>-…`, so a later start can tell a dead process's leftovers. */
export const CONVERT_DIR_PREFIX = 'nianbao-convert-';
const CANDIDATES = ['soffice', 'libreoffice', '/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice', '/opt/libreoffice/program/soffice'];

/**
 * The LibreOffice command, or null when it is not installed (looked up once). NIANBAO_SOFFICE
 * names the command, or `off` to refuse legacy files without trying.
 */
export function findSoffice(): Promise<string | null> {
  return findTool('NIANBAO_SOFFICE', CANDIDATES, async (cmd) => ((await runs(cmd, ['--version'], 30_000)) ? cmd : null));
}

function runs(cmd: string, args: string[], timeout: number): Promise<boolean> {
  return new Promise((resolve) => execFile(cmd, args, { timeout, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 }, (err) => resolve(!err)));
}

/** Converts with LibreOffice into `target` (docx, pdf); null when LibreOffice is missing. */
export async function convertWithSoffice(bytes: Buffer, extension: string, target: string): Promise<Buffer | null> {
  const soffice = await findSoffice();
  if (!soffice) return null;
  const dir = await mkdtemp(join(tmpdir(), `${CONVERT_DIR_PREFIX}${process.pid}-`));
  try {
    const input = join(dir, `input.${extension}`);
    await writeFile(input, bytes);
    const args = [
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--headless', '--norestore', '--convert-to', target, '--outdir', join(dir, 'out'), input,
    ];
    const ok = await runs(soffice, args, TIMEOUT_MS);
    const out = ok ? (await readdir(join(dir, 'out')).catch(() => [])).find((f) => f.endsWith(`.${target}`)) : undefined;
    if (!out) {
      throw new ReportError('needs_conversion', `文件无法自动转换（LibreOffice 转换失败或超时）。请用 Word 或 WPS 打开后另存为 .docx 或 PDF 再上传。`);
    }
    const size = (await stat(join(dir, 'out', out))).size;
    if (size > MAX_CONVERTED_BYTES) {
      throw new ReportError('too_large', `文件转换后有 ${Math.round(size / 1024 / 1024)} MB，超过 ${MAX_CONVERTED_BYTES / 1024 / 1024} MB 的上限（正常的年度报告远小于此），未读取。请用 Word 或 WPS 打开后另存为 .docx 或 PDF 再上传。`);
    }
    return await readFile(join(dir, 'out', out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
