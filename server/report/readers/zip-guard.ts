/**
 * Zip-based documents (.docx, and the .docx LibreOffice makes of a .doc) are looked at before they
 * are read: a 438 KB file can hold a document.xml of hundreds of megabytes (a zip bomb), and
 * reading it all takes the process down. Two checks, because the directory can lie:
 * - the central directory: number of entries, each entry's and the total uncompressed size, and
 *   the compression ratio of every large entry (`checkZipDirectory`, cheap: nothing is inflated);
 * - while reading: the bytes actually inflated, per entry (never more than the directory says)
 *   and in total (`openZipPackage`, the reader mammoth is given instead of its own unzip).
 * The Word worker's heap limit (docx.ts) is the last line behind both.
 */
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { ReportError } from '../errors.ts';

export const ZIP_LIMITS = {
  /** Entries in one package (a report has 10–40; images add one each). */
  maxEntries: 2000,
  /** Uncompressed size of one entry (a report's document.xml is 0.1–5 MB; Word reads about 1 MB a second). */
  maxEntryBytes: 32 * 1024 * 1024,
  /** Uncompressed size of all entries together. */
  maxTotalBytes: 256 * 1024 * 1024,
  /** Uncompressed/compressed size of an entry over `ratioFromBytes` (Word's XML: 5–30; deflate's ceiling is about 1030). */
  maxRatio: 100,
  ratioFromBytes: 2 * 1024 * 1024,
} as const;

export type ZipLimits = { [K in keyof typeof ZIP_LIMITS]: number };

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

const broken = (fileName: string): ReportError =>
  new ReportError('unsupported_format', `Word 文件“${fileName}”已损坏或格式不对，无法打开。请用 Word 或 WPS 重新另存为 .docx 后再上传。`);

/** A zip in memory, entries listed one at a time (`listEntries`), nothing closed by itself. */
export function openZip(bytes: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) reject(err ?? new Error('zip'));
      else resolve(zip);
    });
  });
}

/**
 * The central directory's entries, nothing inflated; past `maxEntries` the listing stops at once
 * (a directory of a million entries is refused without reading it all) with `tooMany()`.
 * Throws (not a ReportError) when the directory cannot be read.
 */
export function listEntries(zip: ZipFile, maxEntries: number, tooMany: () => ReportError): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      if (entries.length > maxEntries) {
        reject(tooMany());
        zip.close();
      } else zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function directory(zip: ZipFile, limits: ZipLimits, fileName: string): Promise<Entry[]> {
  return listEntries(zip, limits.maxEntries, () => new ReportError('too_large', `文件“${fileName}”里有超过 ${limits.maxEntries} 个内部文件，不像是一份 Word 报告（可能是恶意构造的文件），未读取。请用 Word 或 WPS 重新另存为 .docx 后再上传。`));
}

/** Refuses a package whose directory promises too much: ReportError('too_large') with the reason. */
export function checkZipDirectory(entries: readonly Entry[], fileName: string, limits: ZipLimits = ZIP_LIMITS): void {
  if (entries.length > limits.maxEntries) {
    throw new ReportError('too_large', `文件“${fileName}”里有 ${entries.length} 个内部文件，超过 ${limits.maxEntries} 个的上限，不像是一份 Word 报告（可能是恶意构造的文件），未读取。`);
  }
  const seen = new Set<string>();
  let total = 0;
  for (const e of entries) {
    if (seen.has(e.fileName)) throw broken(fileName);
    seen.add(e.fileName);
    const size = e.uncompressedSize;
    if (size > limits.maxEntryBytes) {
      throw new ReportError('too_large', `文件“${fileName}”解压后，其中的“${e.fileName}”有 ${mb(size)}，超过单项 ${mb(limits.maxEntryBytes)} 的上限（正常的年度报告远小于此，可能是恶意构造的“压缩炸弹”），未读取。请确认文件是否正确。`);
    }
    if (size > limits.ratioFromBytes && size / Math.max(1, e.compressedSize) > limits.maxRatio) {
      throw new ReportError('too_large', `文件“${fileName}”中的“${e.fileName}”压缩比异常（${mb(e.compressedSize)} 解压后为 ${mb(size)}，超过 ${limits.maxRatio} 倍），可能是恶意构造的“压缩炸弹”，未读取。请用 Word 或 WPS 重新另存为 .docx 后再上传。`);
    }
    total += size;
  }
  if (total > limits.maxTotalBytes) {
    throw new ReportError('too_large', `文件“${fileName}”解压后共 ${mb(total)}，超过 ${mb(limits.maxTotalBytes)} 的上限（正常的年度报告远小于此，可能是恶意构造的“压缩炸弹”），未读取。请确认文件是否正确。`);
  }
}

/** The directory check alone (the main thread does it before handing the file to the Word worker). */
export async function checkZipPackage(bytes: Buffer, fileName: string, limits: ZipLimits = ZIP_LIMITS): Promise<void> {
  const zip = await openZip(bytes).catch(() => { throw broken(fileName); });
  try {
    checkZipDirectory(await directory(zip, limits, fileName).catch((e: unknown) => { throw e instanceof ReportError ? e : broken(fileName); }), fileName, limits);
  } finally {
    zip.close();
  }
}

/** What mammoth asks of a zip (its `file` input): whether an entry exists, and its contents. */
export interface ZipPackage {
  exists(name: string): boolean;
  read(name: string, encoding?: string): Promise<Uint8Array | string>;
  write(name: string, contents: unknown): void;
  toArrayBuffer(): Promise<ArrayBuffer>;
  close(): void;
}

/**
 * The package, checked by its directory, read with every inflated byte counted: an entry that
 * inflates to more than its directory says, or a package past the total, stops with a ReportError.
 */
export async function openZipPackage(bytes: Buffer, fileName: string, limits: ZipLimits = ZIP_LIMITS): Promise<ZipPackage> {
  const zip = await openZip(bytes).catch(() => { throw broken(fileName); });
  let entries: Entry[];
  try {
    entries = await directory(zip, limits, fileName);
    checkZipDirectory(entries, fileName, limits);
  } catch (e) {
    zip.close();
    throw e instanceof ReportError ? e : broken(fileName);
  }
  const byName = new Map(entries.map((e) => [e.fileName, e]));
  let inflated = 0;

  const inflate = (entry: Entry): Promise<Buffer> => new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(broken(fileName));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        inflated += chunk.length;
        if (size > entry.uncompressedSize || size > limits.maxEntryBytes || inflated > limits.maxTotalBytes) {
          stream.destroy();
          reject(new ReportError('unsupported_format', `Word 文件“${fileName}”中的“${entry.fileName}”解压后比文件目录记载的更大（文件已损坏或是恶意构造的“压缩炸弹”），已停止读取。请用 Word 或 WPS 重新另存为 .docx 后再上传。`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', () => reject(broken(fileName)));
    });
  });

  return {
    exists: (name) => byName.has(name),
    async read(name, encoding) {
      const entry = byName.get(name);
      if (!entry) throw broken(fileName);
      const data = await inflate(entry);
      if (encoding === 'base64') return data.toString('base64');
      if (encoding) return new TextDecoder(encoding).decode(data);
      return new Uint8Array(data.buffer, data.byteOffset, data.length);
    },
    write() {
      throw broken(fileName);
    },
    toArrayBuffer() {
      return Promise.reject(broken(fileName));
    },
    close: () => zip.close(),
  };
}
