/**
 * What the ingest reads: files, folders (recursively) and .zip archives, yielded one file at a
 * time so memory does not grow with the number of files. Problems with an input (missing path,
 * archive refused, nested archive, file too large) come out as items with a Chinese reason.
 */
import { closeSync, fstatSync, openSync, readFileSync, readdirSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, extname, join } from 'node:path';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { tooLarge } from './guard.ts';
import { DEFAULT_LIMITS, megabytes } from './limits.ts';
import type { IngestLimits } from './limits.ts';

export type InputItem =
  | { kind: 'file'; label: string; fileName: string; bytes: Buffer }
  | { kind: 'error'; label: string; reason: string };

const ARCHIVE_EXT = new Set(['.zip', '.rar', '.7z', '.tar', '.gz', '.tgz', '.bz2', '.xz', '.cab', '.iso', '.arj', '.lz', '.zst']);

/** OS and editor leftovers that are never reports. */
export function isJunkName(name: string): boolean {
  const base = basename(name);
  return base.startsWith('.') || base.startsWith('~$') || /^(thumbs\.db|desktop\.ini)$/i.test(base) || /(^|\/)__MACOSX\//.test(name);
}

const isZip = (path: string): boolean => extname(path).toLowerCase() === '.zip';

type Source = { kind: 'file'; path: string } | { kind: 'zip'; path: string } | { kind: 'missing'; path: string };

// Chinese collation, as `localeCompare(b, 'zh')` does it, but built once rather than per comparison.
const byName = new Intl.Collator('zh').compare;

/**
 * Files under the given paths, folders walked recursively in name order, one at a time.
 * Synchronous (a generator, not an async one): a folder listing is one quick call, and each
 * async step per file (an opendir read, a yield through nested async generators) costs more
 * than the listing itself when a thousand small files go by every second.
 */
function* sources(paths: readonly string[]): Generator<Source> {
  for (const path of paths) {
    const info = statOrNull(path);
    if (!info) yield { kind: 'missing', path };
    else if (info.isDirectory()) yield* walkDir(path);
    else if (isZip(path)) yield { kind: 'zip', path };
    else yield { kind: 'file', path };
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function* walkDir(dir: string): Generator<Source> {
  const names: { name: string; dir: boolean }[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (!isJunkName(d.name) && (d.isFile() || d.isDirectory())) names.push({ name: d.name, dir: d.isDirectory() });
  }
  names.sort((a, b) => byName(a.name, b.name));
  for (const n of names) {
    const path = join(dir, n.name);
    if (n.dir) yield* walkDir(path);
    else if (isZip(path)) yield { kind: 'zip', path };
    else yield { kind: 'file', path };
  }
}

/** How many items `walkInputs` will yield (for progress): files, plus each archive's files. */
export async function countInputs(paths: readonly string[], limits: IngestLimits = DEFAULT_LIMITS): Promise<number> {
  let n = 0;
  for (const s of sources(paths)) {
    if (s.kind !== 'zip') n++;
    else {
      const plan = await planArchive(s.path, limits);
      n += plan.refused ? 1 : plan.entries.length;
      plan.zip?.close();
    }
  }
  return n;
}

export async function* walkInputs(paths: readonly string[], limits: IngestLimits = DEFAULT_LIMITS): AsyncGenerator<InputItem> {
  for (const s of sources(paths)) {
    if (s.kind === 'missing') yield { kind: 'error', label: s.path, reason: `找不到文件或文件夹“${s.path}”。` };
    else if (s.kind === 'zip') yield* walkArchive(s.path, limits);
    else yield readLocalFile(s.path, limits);
  }
}

/**
 * A file on disk, size checked before reading. Synchronous on purpose: files are read one at a
 * time anyway, and each async call costs several thread-pool round trips, which at a thousand
 * small files a second is most of the reading time. One open, then the size and the bytes from
 * that descriptor: the path is resolved once, not once to stat and again to read.
 */
function readLocalFile(path: string, limits: IngestLimits): InputItem {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return unreadable(path);
  }
  try {
    const size = fstatSync(fd).size;
    if (size > limits.maxFileBytes) return { kind: 'error', label: path, reason: tooLarge(basename(path), size, limits.maxFileBytes).message };
    return { kind: 'file', label: path, fileName: basename(path), bytes: readFileSync(fd) };
  } catch {
    return unreadable(path);
  } finally {
    closeSync(fd);
  }
}

const unreadable = (path: string): InputItem => ({ kind: 'error', label: path, reason: `文件“${path}”无法读取（可能已被移走、删除或没有读取权限）。` });

// ---------------------------------------------------------------- zip archives

/** Entry names: UTF-8 when flagged (or when valid), else GBK, which Chinese Windows writes. */
function entryName(entry: Entry): string {
  const raw = entry.fileNameRaw;
  if (entry.generalPurposeBitFlag & 0x800) return raw.toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return iconv.decode(raw, 'gbk');
  }
}

interface ArchivePlan {
  zip: ZipFile | null;
  entries: { entry: Entry; name: string }[];
  refused: string | null;
}

/** Read the central directory only, and refuse the archive before any file is read when it is too big. */
async function planArchive(path: string, limits: IngestLimits): Promise<ArchivePlan> {
  const label = basename(path);
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch {
    return { zip: null, entries: [], refused: `压缩包“${label}”已损坏或不是 ZIP 格式，无法打开。请重新打包（ZIP 格式）后再导入。` };
  }
  const entries: { entry: Entry; name: string }[] = [];
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entryName(entry);
      if (name.endsWith('/') || isJunkName(name)) continue;
      entries.push({ entry, name });
      total += entry.uncompressedSize;
      if (entries.length > limits.maxArchiveFiles) {
        zip.close();
        return { zip: null, entries: [], refused: `压缩包“${label}”里的文件超过 ${limits.maxArchiveFiles} 个，未导入其中任何文件。请分成几个较小的压缩包再导入。` };
      }
    }
  } catch {
    zip.close();
    return { zip: null, entries: [], refused: `压缩包“${label}”已损坏，无法读取文件目录。请重新打包后再导入。` };
  }
  if (total > limits.maxArchiveBytes) {
    zip.close();
    return { zip: null, entries: [], refused: `压缩包“${label}”解压后共 ${megabytes(total)}，超过 ${megabytes(limits.maxArchiveBytes)} 的上限，未导入其中任何文件。请分成几个较小的压缩包再导入。` };
  }
  return { zip, entries, refused: null };
}

async function* walkArchive(path: string, limits: IngestLimits): AsyncGenerator<InputItem> {
  const plan = await planArchive(path, limits);
  if (plan.refused || !plan.zip) {
    yield { kind: 'error', label: path, reason: plan.refused ?? '压缩包无法打开。' };
    return;
  }
  const zip = plan.zip;
  try {
    for (const { entry, name } of plan.entries) {
      const label = `${path}/${name}`;
      const fileName = basename(name);
      if (ARCHIVE_EXT.has(extname(name).toLowerCase())) {
        yield { kind: 'error', label, reason: `压缩包“${basename(path)}”里又套了压缩包“${name}”，不会自动展开。请先解压，再把里面的文件单独导入。` };
      } else if (entry.uncompressedSize > limits.maxFileBytes) {
        yield { kind: 'error', label, reason: tooLarge(fileName, entry.uncompressedSize, limits.maxFileBytes).message };
      } else if (entry.isEncrypted()) {
        yield { kind: 'error', label, reason: `压缩包里的文件“${name}”设置了密码，无法读取。请去掉密码后重新打包。` };
      } else {
        let bytes: Buffer;
        try {
          bytes = await readEntry(zip, entry);
        } catch {
          yield { kind: 'error', label, reason: `压缩包里的文件“${name}”已损坏，无法解压。` };
          continue;
        }
        yield { kind: 'file', label, fileName, bytes };
      }
    }
  } finally {
    zip.close();
  }
}

async function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
