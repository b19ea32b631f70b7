import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportCells } from '../../server/repositories/cells.repository.ts';
import { addToTally, emptyTally, ingestPaths } from '../../server/ingest/batch.ts';
import type { BatchOptions } from '../../server/ingest/batch.ts';
import { ingestBuffer } from '../../server/ingest/ingest.ts';
import type { IngestResult } from '../../server/ingest/ingest.ts';
import { countInputs } from '../../server/ingest/inputs.ts';
import { DEFAULT_LIMITS } from '../../server/ingest/limits.ts';
import { CELLS, getCell } from '../../server/report/template.ts';
import type { Tables } from '../../server/report/template.ts';
import { counts, tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';
import { makeZip } from './helpers.ts';
import { needsShared } from '../support/shared.ts';

const SEEDS = join(import.meta.dirname, '../../../shared/samples/seeds');
const hasSeeds = needsShared(SEEDS, 'ingest.test');
if (!hasSeeds) console.warn(`skipping seed ingest tests: ${SEEDS} is absent`);
const seedFiles = hasSeeds ? readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort() : [];

let t: TestDb;
beforeEach(async () => { t = await tempDb(); });
afterEach(async () => { await t.close(); });

const NOTHING = { county: 0, organ: 0, organ_alias: 0, document: 0, report: 0, cell: 0, report_value: 0, flag: 0 };

async function collect(paths: string[], options: Partial<BatchOptions> = {}): Promise<IngestResult[]> {
  const out: IngestResult[] = [];
  for await (const r of ingestPaths(t.db, paths, { via: 'cli', ...options })) out.push(r);
  return out;
}

describe('bad input gets a per-file reason and writes nothing', () => {
  it('an empty file', async () => {
    const r = await ingestBuffer(t.db, { fileName: 'a.txt', bytes: Buffer.alloc(0), via: 'cli' });
    expect(r).toMatchObject({ outcome: 'failed', reportId: null });
    expect(r.reason).toMatch(/空的/);
    expect(await counts(t)).toEqual(NOTHING);
  });

  it('binary junk', async () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const r = await ingestBuffer(t.db, { fileName: 'photo.txt', bytes: junk, via: 'upload' });
    expect(r.outcome).toBe('failed');
    expect(r.reason).toMatch(/不是文字或可识别的文档格式/);
    expect(await counts(t)).toEqual(NOTHING);
  });

  it('a file over the size limit', async () => {
    const r = await ingestBuffer(t.db, { fileName: 'big.txt', bytes: Buffer.alloc(2048, 0x41), via: 'cli', maxBytes: 1024 });
    expect(r.outcome).toBe('failed');
    expect(r.reason).toMatch(/超过了单个文件/);
  });

  it('a file over the size limit in a folder is refused without reading it', async () => {
    writeFileSync(join(t.dir, 'big.txt'), Buffer.alloc(3000, 0x41));
    const [r] = await collect([join(t.dir, 'big.txt')], { limits: { ...DEFAULT_LIMITS, maxFileBytes: 1000 } });
    expect(r).toMatchObject({ outcome: 'failed', file: join(t.dir, 'big.txt') });
    expect(r!.reason).toMatch(/超过了单个文件 0 MB|超过了单个文件/);
  });

  it('a document that is not an annual report', async () => {
    const r = await ingestBuffer(t.db, { fileName: 'notice.txt', bytes: Buffer.from('关于召开春季运动会的通知\n各单位：定于四月举行。\n'), via: 'cli' });
    expect(r.outcome).toBe('failed');
    expect(r.reason).toMatch(/不是政府信息公开工作年度报告/);
    expect(await counts(t)).toEqual(NOTHING);
  });

  it('a report without a year', async () => {
    const r = await ingestBuffer(t.db, { fileName: 'noyear.txt', bytes: Buffer.from('羊山镇政府信息公开工作年度报告\n一、总体情况\n……\n'), via: 'cli' });
    expect(r.outcome).toBe('failed');
    expect(r.reason).toMatch(/年度/);
    expect(await counts(t)).toEqual(NOTHING);
  });

  it('a missing path', async () => {
    const [r] = await collect([join(t.dir, 'nope.txt')]);
    expect(r).toMatchObject({ outcome: 'failed' });
    expect(r!.reason).toMatch(/找不到/);
  });
});

describe('zip archives', () => {
  it('refuses a nested archive with its own reason and goes on with the other files', async () => {
    const zip = makeZip([
      { name: 'inner.zip', data: makeZip([{ name: 'x.txt', data: Buffer.from('x') }]) },
      { name: '空文件.txt', data: Buffer.alloc(0) },
    ]);
    writeFileSync(join(t.dir, 'batch.zip'), zip);
    const results = await collect([join(t.dir, 'batch.zip')]);
    expect(results.map((r) => r.file)).toEqual([join(t.dir, 'batch.zip/inner.zip'), join(t.dir, 'batch.zip/空文件.txt')]);
    expect(results[0]!.reason).toMatch(/套了压缩包/);
    expect(results[1]!.reason).toMatch(/空的/);
    expect(await countInputs([join(t.dir, 'batch.zip')])).toBe(2);
  });

  it('refuses an archive with too many files before reading any of them', async () => {
    const zip = makeZip(Array.from({ length: 6 }, (_, i) => ({ name: `${i}.txt`, data: Buffer.alloc(0) })));
    writeFileSync(join(t.dir, 'many.zip'), zip);
    const results = await collect([join(t.dir, 'many.zip')], { limits: { ...DEFAULT_LIMITS, maxArchiveFiles: 5 } });
    expect(results).toHaveLength(1);
    expect(results[0]!.reason).toMatch(/超过 5 个/);
  });

  it('refuses an archive whose files are too large in total', async () => {
    const zip = makeZip([{ name: 'a.txt', data: Buffer.alloc(800, 0x41) }, { name: 'b.txt', data: Buffer.alloc(800, 0x41) }]);
    writeFileSync(join(t.dir, 'bomb.zip'), zip);
    const results = await collect([join(t.dir, 'bomb.zip')], { limits: { ...DEFAULT_LIMITS, maxArchiveBytes: 1000 } });
    expect(results).toHaveLength(1);
    expect(results[0]!.reason).toMatch(/解压后共/);
  });

  it('says so when the archive is corrupt', async () => {
    writeFileSync(join(t.dir, 'broken.zip'), Buffer.from('PK\u0003\u0004 not really'));
    const [r] = await collect([join(t.dir, 'broken.zip')]);
    expect(r!.reason).toMatch(/损坏/);
  });

  it('reads GBK file names written by Chinese Windows', async () => {
    writeFileSync(join(t.dir, 'gbk.zip'), makeZip([{ name: iconv.encode('羊山镇.txt', 'gbk'), data: Buffer.alloc(0) }]));
    const [r] = await collect([join(t.dir, 'gbk.zip')]);
    expect(r!.file).toBe(join(t.dir, 'gbk.zip/羊山镇.txt'));
  });
});

function expectFaithful(stored: Map<string, { value: number | null; review: string | null }>, expected: Tables) {
  // Never a confident wrong number: each cell is the expected value, or null with a review reason.
  for (const c of CELLS) {
    const cell = stored.get(c.key)!;
    const want = getCell(expected, c);
    if (cell.value === null && cell.review !== null) continue;
    expect(cell.value, c.key).toBe(want);
  }
}

describe.skipIf(!hasSeeds)('the seed reports', () => {
  it('ingests each seed, faithfully, and a second run changes nothing', async () => {
    const paths = seedFiles.map((f) => join(SEEDS, f));
    const first = await collect(paths, { county: '示例县' });
    expect(first.map((r) => [r.outcome, r.reason])).toEqual(first.map(() => [expect.stringMatching(/ingested|replaced/), null]));
    for (const [i, r] of first.entries()) {
      const expected = JSON.parse(readFileSync(paths[i]!.replace(/\.txt$/, '.expected.json'), 'utf8')) as Tables & { year: number };
      expect(r.year).toBe(expected.year);
      const cells = await reportCells(t.db, r.reportId!);
      expect(cells).toHaveLength(200);
      expectFaithful(new Map(cells.map((c) => [c.key, c])), expected);
    }
    const jinxiang = first.find((r) => r.file.includes(seedFiles[3]!));
    expect(jinxiang?.county).toBe('金乡县');
    const before = await counts(t);
    const again = await collect(paths, { county: '示例县' });
    expect(again.map((r) => r.outcome)).toEqual(paths.map(() => 'unchanged'));
    expect(await counts(t)).toEqual(before);
  });

  it('takes folders recursively and zips, and tallies each outcome', async () => {
    const dir = join(t.dir, 'in', 'sub');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, seedFiles[0]!), readFileSync(join(SEEDS, seedFiles[0]!)));
    writeFileSync(join(t.dir, 'in', 'empty.txt'), '');
    writeFileSync(join(t.dir, 'in', '.DS_Store'), 'junk');
    const zip = makeZip(seedFiles.slice(1, 3).map((f) => ({ name: `2024/${f}`, data: readFileSync(join(SEEDS, f)) })));
    writeFileSync(join(t.dir, 'more.zip'), zip);
    const paths = [join(t.dir, 'in'), join(t.dir, 'more.zip')];
    expect(await countInputs(paths)).toBe(4);
    const tally = emptyTally();
    for (const r of await collect(paths, { county: '示例县' })) addToTally(tally, r);
    expect(tally).toMatchObject({ total: 4, ingested: 3, failed: 1 });
    expect(tally.failures[0]!.file).toBe(join(t.dir, 'in', 'empty.txt'));
    const docs = await t.db.selectFrom('document').select('file_name').orderBy('id').execute();
    expect(docs.map((d) => d.file_name)).toEqual([seedFiles[0], seedFiles[1], seedFiles[2]]);
  });
});
