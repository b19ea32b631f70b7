/**
 * Batch ingest reads and parses on a pool of threads (prepare.ts) while one writer stores the
 * files in order (batch.ts): the stored rows are the ones reading and parsing on this thread
 * gives; bytes are looked up once, and bytes stored by another process in between are taken as
 * known; a pool thread is replaced after its share of files and the files it had go on.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { generateCounty } from '../../server/demo/records.ts';
import { writeDemoCounty } from '../../server/demo/render.ts';
import { ingestPaths } from '../../server/ingest/batch.ts';
import type { BatchOptions } from '../../server/ingest/batch.ts';
import { ingestBuffer } from '../../server/ingest/ingest.ts';
import type { IngestResult } from '../../server/ingest/ingest.ts';
import { readAndParseHere } from '../../server/ingest/prepare-read.ts';
import type { PreparedText } from '../../server/ingest/prepare-read.ts';
import { WorkerPool } from '../../server/report/readers/serial-worker.ts';
import { renderText } from '../../server/report/render.ts';
import { counts, tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';
import { record } from '../support/records.ts';

let t: TestDb;
let other: TestDb;
beforeEach(async () => {
  t = await tempDb();
  other = await tempDb();
});
afterEach(async () => {
  await t.close();
  await other.close();
});

async function collect(db: TestDb, paths: string[], options: Partial<BatchOptions> = {}): Promise<IngestResult[]> {
  const out: IngestResult[] = [];
  for await (const r of ingestPaths(db.db, paths, { via: 'cli', ...options })) out.push(r);
  return out;
}

/** The rows an ingest stores that do not depend on when it ran. */
async function stored(db: TestDb) {
  const rows = async (table: string, columns: string) => (await sql.raw(`SELECT ${columns} FROM ${table} ORDER BY 1, 2`).execute(db.db)).rows;
  return {
    documents: await rows('document', 'id, sha256, file_name, format, extraction, text'),
    reports: await rows('report', 'id, document_id, organ_id, county_id, year, organ_printed, published, status, current, headings, overview, problems, other, cell_lines'),
    cells: await rows('cell', 'report_id, key, parsed, value, review, line'),
    flags: await rows('flag', 'identity, rule, report_id'),
  };
}

describe('batch ingest on a pool of threads', () => {
  it('stores what reading and parsing on this thread stores, in the same order', { timeout: 120_000 }, async () => {
    const county = generateCounty({ seed: 31, county: '演示甲子县', clean: false });
    county.reports.splice(60);
    const written = writeDemoCounty(join(t.dir, 'in'), county);
    const pooled = await collect(t, [written.reports], { batchFiles: 7 });
    const here = await collect(other, [written.reports], { batchFiles: 7, prepare: (bytes, name) => readAndParseHere(bytes, name) });
    expect(pooled).toEqual(here);
    expect(pooled.filter((r) => r.outcome === 'ingested').length).toBeGreaterThan(50);
    expect(await stored(t)).toEqual(await stored(other));
  });

  it('takes bytes another process stored after they were looked up as the bytes already stored', async () => {
    const bytes = Buffer.from(renderText(record('金乡县羊山镇人民政府', 2023, { 'requests.new.total': 0 }), 'rows-tab'));
    writeFileSync(join(t.dir, 'a.txt'), bytes);
    // A second connection to the same database: another process, storing the same bytes while this one reads them.
    const second = await openDatabase(t.target);
    const prepare = async (b: Buffer, name: string): Promise<PreparedText> => {
      expect((await ingestBuffer(second.db, { fileName: 'other.txt', bytes: b, via: 'upload' })).outcome).toBe('ingested');
      return readAndParseHere(b, name);
    };
    try {
      const [r] = await collect(t, [join(t.dir, 'a.txt')], { prepare });
      expect(r!.outcome).toBe('unchanged');
      expect(r!.organ).toBe('羊山镇');
      expect(await counts(t)).toMatchObject({ document: 1, report: 1 });
    } finally {
      await second.db.destroy();
    }
  });

  it('writes the same bytes twice in one run once', async () => {
    const bytes = Buffer.from(renderText(record('金乡县胡集镇人民政府', 2024, { 'requests.new.total': 0 }), 'rows-tab'));
    for (const name of ['a.txt', 'b.txt', 'c.txt']) writeFileSync(join(t.dir, name), bytes);
    const results = await collect(t, [t.dir + '/a.txt', t.dir + '/b.txt', t.dir + '/c.txt'], { batchFiles: 2 });
    expect(results.map((r) => r.outcome)).toEqual(['ingested', 'unchanged', 'unchanged']);
    expect(await counts(t)).toMatchObject({ document: 1, report: 1 });
  });
});

describe('a pool thread is replaced after its share of files', () => {
  it('and every file is read all the same', { timeout: 60_000 }, async () => {
    type Reply = { id: number; prepared: PreparedText; heapUsed: number } | { id: number; error: { message: string } };
    const pool = new WorkerPool<{ bytes: Buffer; fileName: string }, PreparedText, Reply>(1, {
      url: new URL('../../server/ingest/prepare-worker.mjs', import.meta.url),
      limits: { memoryMb: 512, timeoutMs: 60_000 },
      youngGenerationMb: 16,
      recycle: { jobs: 2, heapMb: 4096 },
      message: (id, task) => ({ id, bytes: new Uint8Array(task.bytes), fileName: task.fileName }),
      settle: (reply) => ('prepared' in reply ? { result: reply.prepared } : { error: new Error(reply.error.message) }),
      died: () => new Error('died'),
    });
    const files = [2021, 2022, 2023, 2024, 2025].map((year) => Buffer.from(renderText(record('金乡县羊山镇人民政府', year, {}), 'rows-tab')));
    const results = await Promise.all(files.map((bytes, i) => pool.run({ bytes, fileName: `${i}.txt` })));
    expect(results.map((r) => r.parsed.record?.year)).toEqual([2021, 2022, 2023, 2024, 2025]);
    expect(results).toEqual(await Promise.all(files.map((bytes, i) => readAndParseHere(bytes, `${i}.txt`))));
    // 5 files, 2 per thread: 3 threads.
    expect(pool.threadsStarted).toBe(3);
  });
});
