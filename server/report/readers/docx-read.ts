/**
 * Inside the Word worker (docx-worker.mjs): .docx bytes -> text lines, through mammoth's HTML
 * (which keeps gridSpan/vMerge as colspan/rowspan) and the same table reader as web pages.
 * Mammoth reads the package through openZipPackage, which counts every inflated byte; images are
 * never read (the text is all the parser needs).
 */
import mammoth from 'mammoth';
import { ReportError } from '../errors.ts';
import { readHtmlBody, type HtmlText } from './html.ts';
import { openZipPackage } from './zip-guard.ts';

const noImages = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

export async function readDocxHere(bytes: Uint8Array, fileName: string): Promise<HtmlText> {
  const pkg = await openZipPackage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), fileName);
  let html: string;
  try {
    // `file` is mammoth's input for an already opened zip (not in its type declarations).
    html = (await mammoth.convertToHtml({ file: pkg } as unknown as { buffer: Buffer }, { convertImage: noImages })).value;
  } catch (error) {
    if (error instanceof ReportError) throw error;
    throw new ReportError('unsupported_format', `Word 文件“${fileName}”已损坏或格式不对，无法打开。请用 Word 或 WPS 重新另存为 .docx 后再上传。`);
  } finally {
    pkg.close();
  }
  return readHtmlBody(html);
}
