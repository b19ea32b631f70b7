/**
 * Several images as one report (readers/image-set.ts): kept as one uncompressed ZIP in page order
 * (file names, numbers compared as numbers) with a manifest, the same bytes however they were
 * sent; read back by OCR page by page, a multi-page TIFF's pages in its place; never mistaken
 * for a ZIP of many reports, and a set with a file that is not an image is refused whole.
 *
 * The pages are blank (OCR finds that at once): their widths tell the order they were read in.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportError } from '../../server/report/errors.ts';
import { IMAGE_SET_MANIFEST, packImageSet, unpackImageSet } from '../../server/report/readers/image-set.ts';
import { readDocument } from '../../server/report/readers/index.ts';
import { zipKind } from '../../server/report/readers/sniff.ts';
import { countInputs, imageSetFromPaths, uploadedItems, walkInputs, type InputItem } from '../../server/ingest/inputs.ts';
import { checkBytes } from '../../server/ingest/guard.ts';
import { DEFAULT_LIMITS } from '../../server/ingest/limits.ts';
import { buildZip, type ZipEntry } from './zip-tools.ts';

const hasTesseract = !spawnSync('tesseract', ['--version'], { stdio: 'ignore' }).error;

const blank = (width: number, height = 1000) => sharp({ create: { width, height, channels: 3, background: { r: 255, g: 255, b: 255 } } });

let files: { fileName: string; bytes: Buffer }[];

beforeAll(async () => {
  const frame = await blank(800).png().toBuffer();
  const tiff = await sharp([frame, frame], { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer();
  // Sent out of order; by name as text 扫描10 would come first, by number it is last.
  files = [
    { fileName: '扫描10.tif', bytes: tiff },
    { fileName: '扫描2.png', bytes: await blank(700).png().toBuffer() },
    { fileName: '扫描9.jpg', bytes: await blank(600).jpeg().toBuffer() },
  ];
});

async function collect(items: AsyncIterable<InputItem>): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('an image set is kept as one original', () => {
  it('one uncompressed ZIP: the manifest first, then the images in page order, byte for byte, at a fixed time', async () => {
    const set = await packImageSet(files);
    expect(set.fileName).toBe('扫描2.png等3张图片.zip');
    expect(set.label).toBe('扫描2.png等3张图片（合为一份报告）');
    expect(await zipKind(set.bytes)).toBe('images');
    const zip = await JSZip.loadAsync(set.bytes);
    expect(Object.keys(zip.files)).toEqual([IMAGE_SET_MANIFEST, '扫描2.png', '扫描9.jpg', '扫描10.tif']);
    expect(JSON.parse(await zip.file(IMAGE_SET_MANIFEST)!.async('string'))).toEqual({ format: 'nianbao-images', version: 1, pages: ['扫描2.png', '扫描9.jpg', '扫描10.tif'] });
    for (const f of files) expect(Buffer.from(await zip.file(f.fileName)!.async('uint8array')).equals(f.bytes)).toBe(true);
    for (const entry of Object.values(zip.files)) expect(entry.date.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(await unpackImageSet(set.bytes, set.fileName)).toEqual([files[1], files[2], files[0]]);
  });

  it('the same images in any order (and at any time) make the same bytes', async () => {
    const a = await packImageSet(files);
    await new Promise((r) => setTimeout(r, 1100));
    const b = await packImageSet([...files].reverse());
    expect(b.bytes.equals(a.bytes)).toBe(true);
  });

  it('refuses the whole set, naming the file, when one file is not an image, is empty, or two have one name', async () => {
    const text = { fileName: '说明.txt', bytes: Buffer.from('这是说明，不是图片。\n') };
    const refusal = (f: typeof files) => packImageSet(f).then(() => null, (e: unknown) => e);
    const notImage = await refusal([...files, text]);
    expect(notImage).toBeInstanceOf(ReportError);
    expect((notImage as Error).message).toBe('“扫描2.png等4张图片（合为一份报告）”中的文件“说明.txt”不是图片（JPG、PNG、TIFF 等），这组图片没有导入。请去掉该文件，或把它单独上传。');
    expect((await refusal([...files, { fileName: '空.png', bytes: Buffer.alloc(0) }]) as Error).message).toMatch(/“空.png”是空的/);
    expect((await refusal([...files, { fileName: 'a/扫描2.png', bytes: files[1]!.bytes }]) as Error).message).toMatch(/两个文件都叫“扫描2.png”/);
  });

  it('reads back only what it wrote: compressed entries or images that do not match the manifest are refused', async () => {
    const set = await packImageSet(files);
    const zip = await JSZip.loadAsync(set.bytes);
    const deflated = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    await expect(unpackImageSet(deflated, 'x.zip')).rejects.toThrow(/经过压缩或加密/);
    zip.remove('扫描9.jpg');
    const missing = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
    await expect(unpackImageSet(missing, 'x.zip')).rejects.toThrow(/图片与页序清单不符/);
  });

  it('a crafted set (manifest first) is refused with a reason, never read past its own bytes', async () => {
    const png = files[1]!.bytes;
    const manifest = (pages: string[]): ZipEntry => ({ name: IMAGE_SET_MANIFEST, method: 0, data: Buffer.from(JSON.stringify({ pages })) });
    const stored = (name: string, data: Buffer): ZipEntry => ({ name, method: 0, data });
    const refusal = (entries: ZipEntry[]) => unpackImageSet(buildZip(entries), '报告.zip').then(() => 'read', (e: unknown) => e instanceof ReportError ? e.message : String(e));
    // 100 entries pointing at one image's bytes: a small file that would be read as 100 images.
    const names = Array.from({ length: 100 }, (_, i) => `扫描${i + 1}.png`);
    const shared = buildZip([manifest(names), stored(names[0]!, png), ...names.slice(1).map((n): ZipEntry => ({ name: n, method: 0, data: png, sameDataAs: 1 }))]);
    await expect(unpackImageSet(shared, '报告.zip')).rejects.toThrow(/文件“报告.zip”不是完整的图片组（其中的文件互相重叠/);
    // What sharp would also decode, but is no image by its first bytes: an SVG, a text.
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1000"><image href="file:///etc/passwd"/></svg>');
    expect(await refusal([manifest(['扫描1.png', '扫描2.svg']), stored('扫描1.png', png), stored('扫描2.svg', svg)])).toMatch(/“扫描2.svg”不是图片/);
    // Two entries of one name, a name with a folder: not what packImageSet writes.
    expect(await refusal([manifest(['a.png', 'a.png']), stored('a.png', png), stored('a.png', files[2]!.bytes)])).toMatch(/文件名不是本系统保存的图片组/);
    expect(await refusal([manifest(['扫描/a.png']), stored('扫描/a.png', png)])).toMatch(/文件名不是本系统保存的图片组/);
    expect(await refusal([manifest(['../a.png']), stored('../a.png', png)])).toMatch(/^文件“报告.zip”不是完整的图片组/);
    // Past MAX_SET_IMAGES: refused while listing.
    const many = Array.from({ length: 120 }, (_, i) => `p${i}.png`);
    expect(await refusal([manifest(many), ...many.map((n) => stored(n, png))])).toMatch(/超过 100 张图片/);
    // A manifest that lies about the order, or is not JSON.
    expect(await refusal([manifest(['b.png', 'a.png']), stored('a.png', png), stored('b.png', png)])).toMatch(/图片与页序清单不符/);
    expect(await refusal([{ name: IMAGE_SET_MANIFEST, method: 0, data: Buffer.from('{pages') }, stored('a.png', png)])).toMatch(/页序清单无法读取/);
    // The reader refuses the same way (a ReportError, before any OCR).
    await expect(readDocument(shared, '报告.zip')).rejects.toThrow(/其中的文件互相重叠/);
  });

  it('an image is not binary junk to the ingest (it is read by OCR)', () => {
    for (const f of files) expect(() => checkBytes(f.fileName, f.bytes, 50 << 20)).not.toThrow();
  });
});

describe('the ingest tells a set from a ZIP of reports', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'nianbao-imageset-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an uploaded set (its original sent again) is one file; a plain ZIP of the same images is a batch of three', async () => {
    const set = await packImageSet(files);
    const asSet = await collect(uploadedItems(set.fileName, set.bytes));
    expect(asSet).toEqual([{ kind: 'file', label: set.fileName, fileName: set.fileName, bytes: set.bytes }]);
    const plain = new JSZip();
    for (const f of files) plain.file(f.fileName, f.bytes);
    const batch = await collect(uploadedItems('扫描.zip', await plain.generateAsync({ type: 'nodebuffer' })));
    expect(batch.map((i) => i.label)).toEqual(files.map((f) => `扫描.zip/${f.fileName}`));
  });

  it('on disk: a set in a folder counts and walks as one file; --pages makes a set of paths or of a folder', async () => {
    const set = await packImageSet(files);
    writeFileSync(join(dir, set.fileName), set.bytes);
    expect(await countInputs([dir])).toBe(1);
    const walked = await collect(walkInputs([dir]));
    expect(walked).toMatchObject([{ kind: 'file', fileName: set.fileName }]);
    expect((walked[0] as { bytes: Buffer }).bytes.equals(set.bytes)).toBe(true);

    const pages = join(dir, 'pages');
    rmSync(pages, { recursive: true, force: true });
    mkdirSync(pages);
    for (const f of files) writeFileSync(join(pages, f.fileName), f.bytes);
    writeFileSync(join(pages, '.DS_Store'), 'junk');
    const fromFolder = await imageSetFromPaths([pages]);
    expect(fromFolder).toMatchObject({ kind: 'file', label: join(pages, set.label), fileName: set.fileName });
    expect((fromFolder as { bytes: Buffer }).bytes.equals(set.bytes)).toBe(true);
    const fromPaths = await imageSetFromPaths(files.map((f) => join(pages, f.fileName)));
    expect((fromPaths as { bytes: Buffer }).bytes.equals(set.bytes)).toBe(true);

    writeFileSync(join(pages, '说明.txt'), '不是图片\n');
    const hostile = await imageSetFromPaths([pages]);
    expect(hostile).toMatchObject({ kind: 'error', label: join(pages, '扫描2.png等4张图片（合为一份报告）') });
    expect((hostile as { reason: string }).reason).toMatch(/“说明.txt”不是图片/);
    expect(await imageSetFromPaths([join(dir, 'nowhere.jpg')])).toMatchObject({ kind: 'error', reason: expect.stringMatching(/找不到文件或文件夹/) });

    // Too many files, or too many bytes together: refused by count and size, before any is read.
    const many = join(dir, 'many');
    mkdirSync(many);
    for (let i = 1; i <= 101; i++) writeFileSync(join(many, `第${i}页.png`), files[1]!.bytes);
    expect(await imageSetFromPaths([many])).toMatchObject({
      kind: 'error', label: join(many, '第1页.png等101张图片（合为一份报告）'),
      reason: '“第1页.png等101张图片（合为一份报告）”有 101 个文件，一份报告最多 100 张图片，这组图片没有导入。',
    });
    const big = await imageSetFromPaths([pages], { ...DEFAULT_LIMITS, maxFileBytes: 2000 });
    expect(big).toMatchObject({ kind: 'error', reason: expect.stringMatching(/^“扫描2.png等4张图片（合为一份报告）”共 .* MB，超过了一份报告 0 MB 的上限/) });
  });
});

describe.skipIf(!hasTesseract)('a set is read by OCR as one report', () => {
  it('pages in file-name order, numbers compared as numbers, the multi-page TIFF\'s pages in its place; progress counts every page', async () => {
    const set = await packImageSet(files);
    const progress: string[] = [];
    const doc = await readDocument(set.bytes, set.fileName, { onProgress: (p, n) => progress.push(`${p}/${n}`) });
    expect(doc.format).toBe('images');
    expect(doc.extraction).toBe('tesseract');
    expect(doc.scan!.pages.map((p) => [p.page, p.width, p.blank])).toEqual([[1, 700, true], [2, 600, true], [3, 800, true], [4, 800, true]]);
    expect(progress).toEqual(['1/4', '2/4', '3/4', '4/4']);
  }, 60_000);

  it('a damaged image in a set fails the set with a reason naming it', async () => {
    const broken = await packImageSet([...files, { fileName: '扫描11.png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) }]);
    await expect(readDocument(broken.bytes, broken.fileName)).rejects.toThrow(/图片文件“扫描11.png”已损坏/);
  });
});

// yauzl is what the ingest reads a ZIP with: it must read the set's Chinese names as written.
it('yauzl reads the entry names of a set as written', async () => {
  const set = await packImageSet(files);
  const zip = await yauzl.fromBufferPromise(set.bytes, { lazyEntries: true });
  const names: string[] = [];
  for await (const e of zip.eachEntry()) names.push(e.fileName);
  zip.close();
  expect(names).toEqual([IMAGE_SET_MANIFEST, '扫描2.png', '扫描9.jpg', '扫描10.tif']);
});
