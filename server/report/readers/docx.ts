/**
 * Word .docx -> text lines, through mammoth's HTML (which keeps gridSpan/vMerge as
 * colspan/rowspan) and the same table reader as web pages.
 */
import mammoth from 'mammoth';
import { ReportError } from '../errors.ts';
import { readHtmlBody, type HtmlText } from './html.ts';

export async function readDocx(bytes: Buffer, fileName: string): Promise<HtmlText> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch {
    throw new ReportError('unsupported_format', `Word 文件“${fileName}”已损坏或格式不对，无法打开。请用 Word 或 WPS 重新另存为 .docx 后再上传。`);
  }
  return readHtmlBody(html);
}
