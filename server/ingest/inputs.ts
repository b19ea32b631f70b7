/**
 * What the ingest reads: files, folders (recursively) and .zip archives, yielded one file at a
 * time so memory does not grow with the number of files. Problems with an input (missing path,
 * archive refused, nested archive, file too large) come out as items with a Chinese reason.
 * What is not read at all (hidden files, Word's `~$` lock files, system files, symbolic links met
 * in a folder, FIFOs, sockets and devices) is skipped, never opened, and each skipped path is
 * listed with its reason by `countInputs` (the CLI prints the list in its summary).
 *
 * Several images that are the pages of ONE report (the upload form's box, the CLI's `--pages`)
 * become one item: their set (readers/image-set.ts, one uncompressed ZIP with a page-order
 * manifest), named after its first page. A .zip holding that manifest (a set's original,
 * downloaded and sent again) is that one report, never a batch.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readdirSync, statSync } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { ReportError } from '../report/errors.ts';
import { IMAGE_SET_MANIFEST, MAX_SET_IMAGES, imageSetLabel, packImageSet, tooManyImages, type ImageFile } from '../report/readers/image-set.ts';
import { tooLarge } from './guard.ts';
import { DEFAULT_LIMITS, megabytes } from './limits.ts';
import type { IngestLimits } from './limits.ts';

export type InputItem =
  | { kind: 'file'; label: string; fileName: string; bytes: Buffer }
  | { kind: 'error'; label: string; reason: string };

const ARCHIVE_EXT = new Set(['.zip', '.rar', '.7z', '.tar', '.gz', '.tgz', '.bz2', '.xz', '.cab', '.iso', '.arj', '.lz', '.zst']);

/** OS and editor leftovers that are never reports. */
export function isJunkName(name: string): boolean {
  return junkReason(name) !== null;
}

/** Why a name is an OS or editor leftover (Chinese, for the summary), or null when it is not one. */
export function junkReason(name: string): string | null {
  const base = basename(name);
  if (/(^|\/)__MACOSX(\/|$)/.test(name)) return '苹果电脑打包时附带的系统文件（__MACOSX），不是报告，已跳过。';
  if (base.startsWith('~$')) return 'Word/WPS 打开文档时留下的临时锁定文件（~$ 开头），不是报告，已跳过。';
  if (base.startsWith('.')) return '以“.”开头的隐藏文件或文件夹（系统或软件的配置），不是报告，已跳过。';
  if (/^(thumbs\.db|desktop\.ini)$/i.test(base)) return 'Windows 系统文件（缩略图缓存或文件夹设置），不是报告，已跳过。';
  return null;
}

/** A path that is not read, and why (Chinese, for the summary). */
export interface SkippedPath {
  path: string;
  reason: string;
}

const isZip = (path: string): boolean => extname(path).toLowerCase() === '.zip';

type Source =
  | { kind: 'file'; path: string }
  | { kind: 'zip'; path: string }
  | { kind: 'missing'; path: string }
  | { kind: 'unreadable'; path: string }
  | { kind: 'skipped'; path: string; reason: string };

/** Why a path that is neither a regular file nor a folder is not opened (a FIFO would block for ever). */
function specialReason(info: Pick<Stats, 'isSymbolicLink' | 'isFIFO' | 'isSocket' | 'isBlockDevice' | 'isCharacterDevice'>): string {
  if (info.isSymbolicLink()) return '是符号链接（快捷方式）：文件夹里的链接不跟随，以免重复导入或读到文件夹以外的文件，已跳过。需要时请直接指定链接指向的文件。';
  if (info.isFIFO()) return '是命名管道（FIFO），不是普通文件，没有打开，已跳过。';
  if (info.isSocket()) return '是套接字（socket），不是普通文件，没有打开，已跳过。';
  if (info.isBlockDevice() || info.isCharacterDevice()) return '是设备文件，不是普通文件，没有打开，已跳过。';
  return '不是普通文件或文件夹，没有打开，已跳过。';
}

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
    // A path given by name is followed when it is a link (the user chose it), but only opened
    // when it leads to a regular file.
    const info = statOrNull(path);
    if (!info) yield { kind: 'missing', path };
    else if (info.isDirectory()) yield* walkDir(path);
    else if (!info.isFile()) yield { kind: 'skipped', path, reason: specialReason(info) };
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
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    yield { kind: 'unreadable', path: dir };
    return;
  }
  entries.sort((a, b) => byName(a.name, b.name));
  for (const d of entries) {
    const path = join(dir, d.name);
    const junk = junkReason(d.name);
    if (junk) {
      yield { kind: 'skipped', path, reason: junk };
      continue;
    }
    // Some file systems do not say the type in the listing: ask, without following a link.
    const type = d.isFile() || d.isDirectory() || d.isSymbolicLink() || d.isFIFO() || d.isSocket() || d.isBlockDevice() || d.isCharacterDevice()
      ? d : lstatOrNull(path);
    if (!type) yield { kind: 'missing', path };
    else if (type.isDirectory()) yield* walkDir(path);
    else if (!type.isFile()) yield { kind: 'skipped', path, reason: specialReason(type) };
    else if (isZip(path)) yield { kind: 'zip', path };
    else yield { kind: 'file', path };
  }
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/**
 * How many items `walkInputs` will yield (for progress): files, plus each archive's files. The
 * paths that will not be read, each with its reason, are added to `skipped` when it is given.
 */
export async function countInputs(paths: readonly string[], limits: IngestLimits = DEFAULT_LIMITS, skipped?: SkippedPath[]): Promise<number> {
  let n = 0;
  for (const s of sources(paths)) {
    if (s.kind === 'skipped') skipped?.push({ path: s.path, reason: s.reason });
    else if (s.kind !== 'zip') n++;
    else {
      const plan = await planArchive(archiveOnDisk(s.path, limits), limits);
      n += plan.refused || plan.imageSet ? 1 : plan.entries.length;
      if (!plan.refused) for (const j of plan.junk) skipped?.push({ path: `${s.path}/${j.name}`, reason: j.reason });
      plan.zip?.close();
    }
  }
  return n;
}

export async function* walkInputs(paths: readonly string[], limits: IngestLimits = DEFAULT_LIMITS): AsyncGenerator<InputItem> {
  for (const s of sources(paths)) {
    if (s.kind === 'skipped') continue;
    if (s.kind === 'missing') yield { kind: 'error', label: s.path, reason: `找不到文件或文件夹“${s.path}”。` };
    else if (s.kind === 'unreadable') yield { kind: 'error', label: s.path, reason: `文件夹“${s.path}”无法打开（可能没有读取权限），其中的文件没有导入。` };
    else if (s.kind === 'zip') yield* walkArchive(archiveOnDisk(s.path, limits), limits);
    else yield readLocalFile(s.path, limits);
  }
}

/** The skipped paths as the CLI's summary prints them (empty when there are none). */
export function skippedText(skipped: readonly SkippedPath[]): string {
  if (!skipped.length) return '';
  const lines = [`跳过 ${skipped.length} 个路径（未读取，不算失败）：`];
  for (const s of skipped) lines.push(`  ${s.path}`, `    ${s.reason}`);
  return lines.join('\n');
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
    // Non-blocking: should the path have become a FIFO since it was listed, opening it does not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return unreadable(path);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { kind: 'error', label: path, reason: `“${path}”${specialReason(info)}` };
    const size = info.size;
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
  /** Entries not read (OS and editor leftovers), with the reason. */
  junk: { name: string; reason: string }[];
  refused: string | null;
  /** The archive is several images kept as one report (its first entry is the set's manifest). */
  imageSet?: boolean;
}

/**
 * A .zip to walk: a file on disk (the CLI) or the bytes of an uploaded file. `label` is how its
 * files are named in results (`label/name`); `name` is how messages name the archive.
 */
export interface ArchiveSource {
  label: string;
  name: string;
  open(): Promise<ZipFile>;
  /** The archive as one file (an image set is one report). */
  whole(): InputItem;
}

const ZIP_OPTIONS = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true } as const;

const archiveOnDisk = (path: string, limits: IngestLimits): ArchiveSource => ({
  label: path, name: basename(path), open: () => yauzl.openPromise(path, ZIP_OPTIONS), whole: () => readLocalFile(path, limits),
});

/** Read the central directory only, and refuse the archive before any file is read when it is too big. */
async function planArchive(source: ArchiveSource, limits: IngestLimits): Promise<ArchivePlan> {
  const label = source.name;
  let zip: ZipFile;
  try {
    zip = await source.open();
  } catch {
    return { zip: null, entries: [], junk: [], refused: `压缩包“${label}”已损坏或不是 ZIP 格式，无法打开。请重新打包（ZIP 格式）后再导入。` };
  }
  const entries: { entry: Entry; name: string }[] = [];
  const junk: { name: string; reason: string }[] = [];
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entryName(entry);
      if (entries.length === 0 && junk.length === 0 && name === IMAGE_SET_MANIFEST) {
        zip.close();
        return { zip: null, entries: [], junk: [], refused: null, imageSet: true };
      }
      if (name.endsWith('/')) continue;
      const why = junkReason(name);
      if (why) {
        junk.push({ name, reason: why });
        continue;
      }
      entries.push({ entry, name });
      total += entry.uncompressedSize;
      if (entries.length > limits.maxArchiveFiles) {
        zip.close();
        return { zip: null, entries: [], junk: [], refused: `压缩包“${label}”里的文件超过 ${limits.maxArchiveFiles} 个，未导入其中任何文件。请分成几个较小的压缩包再导入。` };
      }
    }
  } catch {
    zip.close();
    return { zip: null, entries: [], junk: [], refused: `压缩包“${label}”已损坏，无法读取文件目录。请重新打包后再导入。` };
  }
  if (total > limits.maxArchiveBytes) {
    zip.close();
    return { zip: null, entries: [], junk: [], refused: `压缩包“${label}”解压后共 ${megabytes(total)}，超过 ${megabytes(limits.maxArchiveBytes)} 的上限，未导入其中任何文件。请分成几个较小的压缩包再导入。` };
  }
  return { zip, entries, junk, refused: null };
}

/** Why a set is refused for its size (all its images together are one report's original). */
export function setTooLarge(label: string, size: number, maxBytes: number): string {
  return `“${label}”共 ${megabytes(size)}，超过了一份报告 ${megabytes(maxBytes)} 的上限，没有导入。请降低扫描分辨率（200 dpi 即可）或改存为 JPG 后再上传。`;
}

/**
 * Images that are the pages of one report, as one item: the set (named after its first page and
 * labelled `扫描1.jpg等3张图片（合为一份报告）`, prefixed with `folder` when given). A file that is not
 * an image, or a set over the size limit, makes the whole set an error item with the reason:
 * nothing of it is stored.
 */
export async function imageSetItem(files: readonly ImageFile[], limits: IngestLimits = DEFAULT_LIMITS, folder = ''): Promise<InputItem> {
  const prefix = (label: string) => (folder ? join(folder, label) : label);
  try {
    const set = await packImageSet(files);
    if (set.bytes.length > limits.maxFileBytes) {
      return { kind: 'error', label: prefix(set.label), reason: setTooLarge(set.label, set.bytes.length, limits.maxFileBytes) };
    }
    return { kind: 'file', label: prefix(set.label), fileName: set.fileName, bytes: set.bytes };
  } catch (error) {
    const label = imageSetLabel(files.map((f) => f.fileName));
    return { kind: 'error', label: prefix(label), reason: error instanceof ReportError ? error.message : `“${label}”未能合成一份报告：${String(error)}` };
  }
}

/**
 * The CLI's `--pages PATH...`: image files (a folder gives its files, in name order, not its
 * subfolders) as the pages of one report. A path that cannot be read fails the whole set, with its reason.
 */
export async function imageSetFromPaths(paths: readonly string[], limits: IngestLimits = DEFAULT_LIMITS): Promise<InputItem> {
  const files: ImageFile[] = [];
  const wanted: string[] = [];
  let folder = '';
  const fail = (reason: string): InputItem => ({
    kind: 'error', label: `${paths.join(' ')}（合为一份报告）`, reason: `${reason}这组图片没有导入。`,
  });
  for (const path of paths) {
    const info = statOrNull(path);
    let members = [path];
    if (!info) return fail(`找不到文件或文件夹“${path}”。`);
    if (info.isDirectory()) {
      folder ||= path;
      try {
        members = readdirSync(path, { withFileTypes: true }).filter((d) => !junkReason(d.name) && d.isFile()).map((d) => join(path, d.name));
      } catch {
        return fail(`文件夹“${path}”无法打开（可能没有读取权限）。`);
      }
    } else {
      folder ||= dirname(path) === '.' ? '' : dirname(path);
    }
    wanted.push(...members);
  }
  if (wanted.length === 0) return fail('没有找到图片文件。');
  // Counted and measured before anything is read: a folder of thousands of photos is refused with
  // its reason instead of being read into memory first.
  const label = imageSetLabel(wanted);
  const refuse = (reason: string): InputItem => ({ kind: 'error', label: folder ? join(folder, label) : label, reason });
  if (wanted.length > MAX_SET_IMAGES) return refuse(tooManyImages(label, wanted.length));
  const size = wanted.reduce((n, m) => n + (statOrNull(m)?.size ?? 0), 0);
  if (size > limits.maxFileBytes) return refuse(setTooLarge(label, size, limits.maxFileBytes));
  for (const member of wanted) {
    const item = readLocalFile(member, limits);
    if (item.kind === 'error') return fail(item.reason);
    files.push({ fileName: item.fileName, bytes: item.bytes });
  }
  return imageSetItem(files, limits, folder);
}

/**
 * One uploaded file as the ingest reads it: a .zip (by its name, as the upload form says) is walked
 * as the CLI walks one on disk, its files named `fileName/entry` and the archive named `fileName`
 * in every message (unless it is an image set: then it is one file); any other file is itself.
 */
export async function* uploadedItems(fileName: string, bytes: Buffer, limits: IngestLimits = DEFAULT_LIMITS): AsyncGenerator<InputItem> {
  if (isZip(fileName)) {
    yield* walkArchive({
      label: fileName, name: fileName, open: () => yauzl.fromBufferPromise(bytes, ZIP_OPTIONS), whole: () => ({ kind: 'file', label: fileName, fileName, bytes }),
    }, limits);
  } else {
    yield { kind: 'file', label: fileName, fileName, bytes };
  }
}

async function* walkArchive(source: ArchiveSource, limits: IngestLimits): AsyncGenerator<InputItem> {
  const plan = await planArchive(source, limits);
  if (plan.imageSet) {
    yield source.whole();
    return;
  }
  if (plan.refused || !plan.zip) {
    yield { kind: 'error', label: source.label, reason: plan.refused ?? '压缩包无法打开。' };
    return;
  }
  const zip = plan.zip;
  try {
    for (const { entry, name } of plan.entries) {
      const label = `${source.label}/${name}`;
      const fileName = basename(name);
      if (ARCHIVE_EXT.has(extname(name).toLowerCase())) {
        yield { kind: 'error', label, reason: `压缩包“${source.name}”里又套了压缩包“${name}”，不会自动展开。请先解压，再把里面的文件单独导入。` };
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
