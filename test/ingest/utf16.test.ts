/**
 * UTF-16 text without a byte-order mark: one decision (decode.ts `utf16Encoding`) for the text
 * reader (`npm run parse`) and the ingest's junk check (upload and CLI), so what one reads the
 * others take too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../server/ingest/batch.ts';
import { looksBinary } from '../../server/ingest/guard.ts';
import { ingestBuffer } from '../../server/ingest/ingest.ts';
import type { IngestResult } from '../../server/ingest/ingest.ts';
import { readDocument } from '../../server/report/readers/index.ts';
import { utf16Encoding } from '../../server/report/readers/decode.ts';
import { renderText } from '../../server/report/render.ts';
import { tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';
import { record } from '../support/records.ts';

let t: TestDb;
beforeEach(async () => { t = await tempDb(); });
afterEach(async () => { await t.close(); });

const text = renderText(record('金乡县羊山镇人民政府', 2024), 'rows-tab');

describe('UTF-16 without a byte-order mark', () => {
  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    const bytes = iconv.encode(text, encoding, { addBOM: false });

    it(`${encoding}: the reader, the upload and the CLI all take it`, async () => {
      expect(bytes[0] === 0xff || bytes[0] === 0xfe).toBe(false);
      expect(utf16Encoding(bytes)).toBe(encoding);
      expect((await readDocument(bytes, 'a.txt')).extraction).toBe(encoding);
      expect(looksBinary(bytes)).toBe(false);
      const upload = await ingestBuffer(t.db, { fileName: 'a.txt', bytes, via: 'upload' });
      expect([upload.outcome, upload.reason]).toEqual(['ingested', null]);

      const dir = join(t.dir, 'in');
      mkdirSync(dir, { recursive: true });
      const b = iconv.encode(text.replace('2024', '2023'), encoding, { addBOM: false });
      writeFileSync(join(dir, 'b.txt'), b);
      const out: IngestResult[] = [];
      for await (const r of ingestPaths(t.db, [dir], { via: 'cli' })) out.push(r);
      expect(out.map((r) => [r.outcome, r.year])).toEqual([['ingested', 2023]]);
    });
  }

  it('binary junk with NUL bytes is still refused by the same decision', () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 73) % 256));
    expect(utf16Encoding(junk)).toBeNull();
    expect(looksBinary(junk)).toBe(true);
  });
});
