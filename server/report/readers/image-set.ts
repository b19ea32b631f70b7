/**
 * Several images sent as ONE report (a scan's pages, one file each) are kept as one original: an
 * uncompressed ZIP of the images in page order (file-name order, numbers compared as numbers:
 * `扫描2.jpg` before `扫描10.jpg`), a small manifest as its first entry, every timestamp fixed
 * (format `images`). The same images, sent in any order, make the same bytes and so the same
 * sha256: sending the set again changes nothing, and downloading the original gives the images back.
 *
 * The manifest (IMAGE_SET_MANIFEST) tells such a file from a ZIP of many reports: the ingest takes
 * a .zip holding it as one report, any other .zip as a batch of files. Reading it back
 * (`unpackImageSet`) accepts stored entries only, so it inflates nothing: it can hold no more than
 * its own size (no zip bomb), and the entries must be the manifest's pages, in its order.
 */
import JSZip from 'jszip';
import type { Entry, ZipFile } from 'yauzl';
import { ReportError } from '../errors.ts';
import { IMAGE_SET_MANIFEST, sniff } from './sniff.ts';
import { listEntries, openZip } from './zip-guard.ts';
import { bareName, byPageName, imageSetLabel, imageSetName } from '../../../shared/image-set.ts';

export { IMAGE_SET_MANIFEST, byPageName, imageSetLabel, imageSetName };

/** Pages one set may have (files; a multi-page TIFF counts once here, its pages are bounded by the image reader). */
export const MAX_SET_IMAGES = 100;

/** Every entry's timestamp: fixed, so the bytes depend on the images and their names only. */
const FIXED_DATE = new Date(Date.UTC(2020, 0, 1));

/** Why a set of `count` files is refused for their number. */
export function tooManyImages(label: string, count: number): string {
  return `“${label}”有 ${count} 个文件，一份报告最多 ${MAX_SET_IMAGES} 张图片，这组图片没有导入。`;
}

export interface ImageFile {
  fileName: string;
  bytes: Buffer;
}

/**
 * The images as one original (see above): `fileName` `<name>.zip`, `label` how results and the
 * upload log name it. A file that is not an image, an empty file, two files of one name, or more
 * than MAX_SET_IMAGES files: the whole set is refused with a ReportError naming the file.
 */
export async function packImageSet(files: readonly ImageFile[]): Promise<{ fileName: string; label: string; bytes: Buffer }> {
  if (files.length === 0) throw new ReportError('empty', '没有收到图片文件。');
  const pages = files.map((f) => ({ fileName: bareName(f.fileName), bytes: f.bytes })).sort((a, b) => byPageName(a.fileName, b.fileName));
  const name = imageSetName(pages.map((p) => p.fileName));
  const label = imageSetLabel(pages.map((p) => p.fileName));
  if (pages.length > MAX_SET_IMAGES) throw new ReportError('too_large', tooManyImages(label, pages.length));
  for (const [i, p] of pages.entries()) {
    if (i > 0 && pages[i - 1]!.fileName === p.fileName) {
      throw new ReportError('unsupported_format', `“${label}”中有两个文件都叫“${p.fileName}”，无法确定页序，这组图片没有导入。请改名后再上传。`);
    }
    if (p.bytes.length === 0) throw new ReportError('empty', `“${label}”中的文件“${p.fileName}”是空的（0 字节），这组图片没有导入。`);
    if (sniff(p.bytes) !== 'image') {
      throw new ReportError('unsupported_format', `“${label}”中的文件“${p.fileName}”不是图片（JPG、PNG、TIFF 等），这组图片没有导入。请去掉该文件，或把它单独上传。`);
    }
  }
  const zip = new JSZip();
  const manifest = { format: 'nianbao-images', version: 1, pages: pages.map((p) => p.fileName) };
  const options = { date: FIXED_DATE, binary: true, compression: 'STORE', createFolders: false } as const;
  zip.file(IMAGE_SET_MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'), options);
  for (const p of pages) zip.file(p.fileName, p.bytes, options);
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE', platform: 'DOS' });
  return { fileName: `${name}.zip`, label, bytes };
}

const notASet = (fileName: string, why: string): ReportError =>
  new ReportError('unsupported_format', `文件“${fileName}”不是完整的图片组（${why}），无法读取。请重新上传原来的图片。`);

function readStored(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('zip'));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });
  });
}

/** The manifest's largest size: 100 page names. */
const MAX_MANIFEST_BYTES = 64 * 1024;

/**
 * The images of a set, in page order, byte for byte as they were sent. Only what packImageSet
 * writes is read back: at most MAX_SET_IMAGES images after the manifest, stored (nothing inflated),
 * no two entries sharing bytes (all entries together no larger than the file: entries pointing at
 * the same data would make a 50 MB file read as gigabytes), plain distinct names as the manifest
 * lists them, each an image by its first bytes.
 */
export async function unpackImageSet(bytes: Buffer, fileName: string): Promise<ImageFile[]> {
  const zip = await openZip(bytes).catch(() => { throw notASet(fileName, '压缩包已损坏'); });
  try {
    const entries = await listEntries(zip, MAX_SET_IMAGES + 1, () => notASet(fileName, `超过 ${MAX_SET_IMAGES} 张图片`))
      .catch((e: unknown) => { throw e instanceof ReportError ? e : notASet(fileName, '压缩包已损坏'); });
    // Stored, not compressed: nothing is inflated, so the set holds no more than its own bytes.
    if (entries.some((e) => e.compressionMethod !== 0 || e.compressedSize !== e.uncompressedSize || e.isEncrypted())) {
      throw notASet(fileName, '其中的文件经过压缩或加密，不是本系统保存的图片组');
    }
    const total = entries.reduce((n, e) => n + e.compressedSize, 0);
    if (total > bytes.length || new Set(entries.map((e) => e.relativeOffsetOfLocalHeader)).size !== entries.length) {
      throw notASet(fileName, '其中的文件互相重叠，可能是恶意构造的文件');
    }
    const [first, ...images] = entries;
    if (first?.fileName !== IMAGE_SET_MANIFEST || first.uncompressedSize > MAX_MANIFEST_BYTES) throw notASet(fileName, '缺少页序清单');
    const names = images.map((e) => e.fileName);
    if (names.some((n) => /[/\\]/.test(n) || n.trim() === '') || new Set(names).size !== names.length) {
      throw notASet(fileName, '其中的文件名不是本系统保存的图片组的文件名');
    }
    let pages: unknown;
    try {
      pages = (JSON.parse((await readStored(zip, first)).toString('utf8')) as { pages?: unknown }).pages;
    } catch {
      throw notASet(fileName, '页序清单无法读取');
    }
    if (!Array.isArray(pages) || pages.length === 0 || pages.length !== names.length || pages.some((p, i) => p !== names[i])) {
      throw notASet(fileName, '图片与页序清单不符');
    }
    const out: ImageFile[] = [];
    for (const e of images) {
      const image = await readStored(zip, e).catch(() => { throw notASet(fileName, `“${e.fileName}”已损坏`); });
      if (sniff(image) !== 'image') throw notASet(fileName, `“${e.fileName}”不是图片`);
      out.push({ fileName: e.fileName, bytes: image });
    }
    return out;
  } finally {
    zip.close();
  }
}
