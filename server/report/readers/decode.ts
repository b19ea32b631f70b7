/**
 * Bytes of a text file -> string. Order: byte-order mark, UTF-16 without a mark (NUL pattern),
 * strict UTF-8, then GB18030 (a superset of GBK and GB2312, what Chinese Windows saves).
 * Text that still looks like control characters is not text: ReportError('binary').
 */
import { isAscii, isUtf8, transcode } from 'node:buffer';
import iconv from 'iconv-lite';
import { ReportError } from '../errors.ts';

export interface DecodedText {
  text: string;
  /** utf-8, utf-8-bom, utf-16le, utf-16be, gb18030 */
  encoding: string;
}

export function decodeText(bytes: Buffer, fileName: string, declared?: string): DecodedText {
  const decoded = decodeRaw(bytes, declared);
  let text = decoded.text;
  // Each step only when needed: most files have neither, and a replace copies the whole text.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (looksBinary(text)) {
    throw new ReportError('binary', `文件“${fileName}”不是文字文件，也不是能识别的 Word、PDF 或网页文件，无法读取。请上传 .docx、.pdf、网页或文本文件。`);
  }
  return { text, encoding: decoded.encoding };
}

function decodeRaw(bytes: Buffer, declared: string | undefined): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const body = bytes.subarray(3);
    // Invalid sequences after the mark become U+FFFD, as toString makes them.
    return { text: isUtf8(body) ? validUtf8(body) : body.toString('utf8'), encoding: 'utf-8-bom' };
  }
  const utf16 = utf16Encoding(bytes);
  if (utf16) return { text: iconv.decode(hasUtf16Bom(bytes) ? bytes.subarray(2) : bytes, utf16), encoding: utf16 };
  const label = declared ? normaliseLabel(declared) : null;
  if (label === 'gb18030') return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
  if (label && label !== 'utf-8' && iconv.encodingExists(label)) return { text: iconv.decode(bytes, label), encoding: label };
  // A page that says utf-8 but is not valid UTF-8 was mislabelled; detect instead.
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
}

function normaliseLabel(label: string): string {
  const l = label.trim().toLowerCase();
  if (/^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn|windows-936)$/.test(l)) return 'gb18030';
  if (l === 'utf8' || l === 'utf-8') return 'utf-8';
  return l;
}

function strictUtf8(bytes: Buffer): string | null {
  return isUtf8(bytes) ? validUtf8(bytes) : null;
}

/**
 * Bytes already known to be valid UTF-8 (`isUtf8`: SIMD, no copy), as text. For Chinese text,
 * Node's transcoder (SIMD) to UTF-16 and a copy into a string is several times faster than V8's
 * own UTF-8 decoding (`toString('utf8')`, TextDecoder), and gives the same string.
 */
function validUtf8(bytes: Buffer): string {
  if (isAscii(bytes)) return bytes.toString('latin1');
  try {
    return transcode(bytes, 'utf8', 'utf16le').toString('utf16le');
  } catch {
    return bytes.toString('utf8');
  }
}

const hasUtf16Bom = (bytes: Buffer): boolean => (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);

/**
 * Whether the bytes are UTF-16 text, and which: by the byte-order mark, else by the NUL pattern.
 * The one decision for every path: the text reader (`npm run parse`) and the ingest's junk check
 * (server/ingest/guard.ts, upload and CLI), so that what one reads the others do not refuse.
 */
export function utf16Encoding(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  // UTF-8's mark first: its EF BB BF can never be mistaken for UTF-16's.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return utf16WithoutBom(bytes);
}

/** Mostly-ASCII or CJK UTF-16 without a BOM: one byte of most pairs is zero on the same side. */
function utf16WithoutBom(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  // No zero byte at all (all UTF-8 and GB text): neither side can reach its share.
  if (bytes.subarray(0, n).indexOf(0) === -1) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Control characters, replacement characters or NULs in more than 1% of the text. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 20000);
  if (!sample) return false;
  const bad = sample.match(/[\u0000-\u0008\u000e-\u001f\u007f\ufffd\ue000-\uf8ff]/g)?.length ?? 0;
  return bad > sample.length * 0.01;
}
