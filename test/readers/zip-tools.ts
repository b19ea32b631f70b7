/**
 * Zip packages made and taken apart at test time: the entries of a real .docx, a writer that can
 * put pre-deflated data and lying sizes into the directory, and a zip-bomb .docx (a valid
 * document whose word/document.xml inflates to hundreds of megabytes of repeated text).
 */
import { constants, createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';

export interface ZipEntry {
  name: string | Buffer;
  /** The entry's bytes (deflated here), or `deflated` with its crc and size given. */
  data?: Buffer;
  deflated?: Buffer;
  crc?: number;
  size?: number;
  /** The uncompressed size written in the headers, when it should lie. */
  declaredSize?: number;
  /** 0: stored, 8: deflated (default). */
  method?: 0 | 8;
  /** Only a directory entry, pointing at the data of entry `sameDataAs` (entries sharing bytes, a zip bomb without inflating). */
  sameDataAs?: number;
}

/** A ZIP archive; sizes over 4 GiB are not needed here. */
export function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    // A name given as text is UTF-8 (flagged); raw bytes are written without the flag, as Chinese Windows writes GBK names.
    const flag = typeof e.name === 'string' ? 0x800 : 0;
    const method = e.method ?? 8;
    const data = e.data ?? Buffer.alloc(0);
    const body = e.deflated ?? (method === 8 ? deflateRawSync(data) : data);
    const crc = e.crc ?? crc32(data);
    const size = e.declaredSize ?? e.size ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(flag, 6); local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14); local.writeUInt32LE(body.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(flag, 8);
    central.writeUInt16LE(method, 10); central.writeUInt32LE(crc >>> 0, 16); central.writeUInt32LE(body.length, 20); central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28); central.writeUInt32LE(e.sameDataAs === undefined ? offset : offsets[e.sameDataAs]!, 42);
    offsets.push(offset);
    centrals.push(central, name);
    if (e.sameDataAs !== undefined) continue;
    locals.push(local, name, body);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The entries of a zip, in order, inflated. */
export function unzipEntries(bytes: Buffer): Promise<{ name: string; data: Buffer }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('zip'));
      const out: { name: string; data: Buffer }[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const DOC_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
const DOC_TAIL = '<w:sectPr/></w:body></w:document>';

/** `word/document.xml` of about `bytes` bytes of one paragraph repeated, deflated as a stream (never whole in memory). */
export async function bombDocumentXml(bytes: number): Promise<{ deflated: Buffer; crc: number; size: number }> {
  const paragraph = Buffer.from('<w:p><w:r><w:t>本年度政府信息公开工作年度报告正文内容重复段落。</w:t></w:r></w:p>'.repeat(2000), 'utf8');
  const head = Buffer.from(DOC_HEAD, 'utf8');
  const tail = Buffer.from(DOC_TAIL, 'utf8');
  const deflate = createDeflateRaw({ level: constants.Z_BEST_SPEED });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => { deflate.on('end', resolve); deflate.on('error', reject); });
  let crc = 0;
  let size = 0;
  const write = async (chunk: Buffer) => {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  };
  await write(head);
  while (size + paragraph.length < bytes) await write(paragraph);
  await write(tail);
  deflate.end();
  await done;
  return { deflated: Buffer.concat(out), crc, size };
}

/** A real .docx with its word/document.xml replaced by `document` (or by a bomb of `bombBytes`). */
export async function replaceDocumentXml(docx: Buffer, document: ZipEntry | { bombBytes: number }): Promise<Buffer> {
  const entries = await unzipEntries(docx);
  const doc: ZipEntry = 'bombBytes' in document ? { name: 'word/document.xml', ...(await bombDocumentXml(document.bombBytes)) } : document;
  return buildZip(entries.map((e) => (e.name === 'word/document.xml' ? { ...doc, name: e.name } : { name: e.name, data: e.data })));
}
