/**
 * What a file is, from its first bytes (the extension only breaks ties the bytes cannot).
 */
import yauzl from 'yauzl';

export type Sniffed =
  | 'pdf'
  | 'zip'
  | 'ole' // Word 97–2003 .doc, WPS .wps, old Excel: a compound file
  | 'rtf'
  | 'image'
  | 'text'; // text, HTML or junk: decided after decoding

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

export function sniff(bytes: Buffer): Sniffed {
  // Some producers put junk before the header; the PDF spec readers accept it within 1 KiB.
  if (bytes.subarray(0, 1024).indexOf(PDF_MAGIC) !== -1) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return 'rtf'; // {\rtf
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || // PNG
    startsWith(bytes, [0xff, 0xd8, 0xff]) || // JPEG
    startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || // TIFF little-endian
    startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]) || // TIFF big-endian
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) || // GIF8
    startsWith(bytes, [0x42, 0x4d]) // BM
  ) {
    return 'image';
  }
  return 'text';
}

function startsWith(bytes: Buffer, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

export type ZipKind = 'docx' | 'xlsx' | 'ofd' | 'images' | 'other' | 'broken';

/** The first entry of several images kept as one report (image-set.ts): its page order. */
export const IMAGE_SET_MANIFEST = 'nianbao-images.json';

/** Which kind of zip package: Word, Excel, OFD (Chinese fixed-layout format), a set of images (one report's pages) or something else. */
export async function zipKind(bytes: Buffer): Promise<ZipKind> {
  let names: string[];
  try {
    names = await zipEntryNames(bytes);
  } catch {
    return 'broken';
  }
  // Told by its first entry alone, as the ingest tells it (ingest/inputs.ts), the rest not listed.
  if (names[0] === IMAGE_SET_MANIFEST) return 'images';
  if (names.includes('word/document.xml')) return 'docx';
  if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
  if (names.some((n) => n.toLowerCase() === 'ofd.xml')) return 'ofd';
  return 'other';
}

function zipEntryNames(bytes: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('zip'));
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        // A set of images (its manifest first) is told already: a crafted one's million entries are not listed.
        if (names.length === 1 && entry.fileName === IMAGE_SET_MANIFEST) {
          zip.close();
          resolve(names);
        } else zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
