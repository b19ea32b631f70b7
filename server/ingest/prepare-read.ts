/**
 * Reading and parsing one file (the CPU-heavy part of `prepareFile`), as done on the thread that
 * calls it: on the upload path inside the prepare worker (prepare-worker.mjs, prepare.ts), in the
 * CLI on its own thread. Text and web pages are decoded and read here; PDF, Word and legacy files
 * are read by their own workers before (`readDocument` on the calling thread), and only their
 * text comes here to be parsed.
 */
import { parseText } from '../report/parse.ts';
import type { ParseResult } from '../report/parse.ts';
import { readDocument } from '../report/readers/index.ts';
import type { ExtractedDocument } from '../report/readers/index.ts';

export interface PreparedText {
  document: ExtractedDocument;
  parsed: ParseResult;
}

/** Bytes of a text or web page file: decode, read, parse. */
export async function readAndParseHere(bytes: Uint8Array, fileName: string): Promise<PreparedText> {
  const document = await readDocument(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), fileName);
  return { document, parsed: parseText(document.text, { exactCells: document.exactCells }) };
}

/** A document already read (PDF, Word, legacy): parse its text. */
export function parseHere(document: ExtractedDocument): PreparedText {
  return { document, parsed: parseText(document.text, { exactCells: document.exactCells }) };
}
