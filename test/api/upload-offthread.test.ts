/**
 * A big upload is read and parsed off the server's thread (server/ingest/prepare.ts): while a
 * ~40 MB text file is being read, every cheap read is answered at once. And the worker's result
 * is the one the calling thread's path gives (the CLI's).
 */
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareOffThread, setPrepareWorkerLimits } from '../../server/ingest/prepare.ts';
import { parseText } from '../../server/report/parse.ts';
import { readDocument } from '../../server/report/readers/index.ts';
import { renderText } from '../../server/report/render.ts';
import { record } from '../support/records.ts';
import { AUTH, build, multipart, requests } from './helper.ts';

const ORGAN = '金乡县羊山镇人民政府';
const PROSE = '本机关严格落实政府信息公开工作要求，持续推进政务公开标准化规范化建设，及时回应社会关切。\n';

/** A generated report followed by prose up to about `bytes`. */
function bigReport(bytes: number): Buffer {
  const head = renderText(record(ORGAN, 2023, requests(6, 2, 2)), 'rows-tab');
  const line = Buffer.from(PROSE);
  return Buffer.concat([Buffer.from(head), Buffer.alloc(Math.floor(bytes / line.length) * line.length).fill(line)]);
}

/** Reads `workerData` again and again (one at a time, 50 ms apart) until told to stop; answers each read's time. */
const READER = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.once('message', () => { stop = true; });
(async () => {
  const waits = [], statuses = [];
  while (!stop) {
    const start = performance.now();
    const res = await fetch(workerData);
    await res.arrayBuffer();
    waits.push(performance.now() - start);
    statuses.push(res.status);
    await new Promise((r) => setTimeout(r, 50));
  }
  parentPort.postMessage({ waits, statuses });
})();
`;

type Reads = { waits: number[]; statuses: number[] };

/** Start reading `url` from another thread; `stop()` answers the reads' times. */
async function startReading(url: string): Promise<{ stop(): Promise<Reads> }> {
  const reader = new Worker(READER, { eval: true, workerData: url });
  const answered = new Promise<Reads>((resolve, reject) => {
    reader.once('message', resolve);
    reader.once('error', reject);
  });
  await new Promise((r) => reader.once('online', r));
  return {
    async stop() {
      reader.postMessage('stop');
      const reads = await answered;
      await reader.terminate();
      return reads;
    },
  };
}

const slowest = (r: Reads) => Math.round(Math.max(...r.waits));

/** A web page of about `bytes`: paragraphs of prose and a long table, and no report title. */
function bigPage(bytes: number): Buffer {
  const unit = `<p>${PROSE.trim()}</p><table><tr><td>1</td><td>2</td><td>3</td></tr><tr><td>4</td><td>5</td><td>6</td></tr></table>\n`;
  return Buffer.from(`<html><body>${unit.repeat(Math.floor(bytes / Buffer.byteLength(unit)))}</body></html>`);
}

async function mainThread(bytes: Buffer, fileName: string) {
  try {
    const document = await readDocument(bytes, fileName);
    return { document, parsed: parseText(document.text, { exactCells: document.exactCells }) };
  } catch (e) {
    return { error: (e as Error).message, code: (e as { code?: string }).code };
  }
}

async function offThread(bytes: Buffer, fileName: string) {
  try {
    return await prepareOffThread(bytes, fileName);
  } catch (e) {
    return { error: (e as Error).message, code: (e as { code?: string }).code };
  }
}

describe('uploads are read and parsed off the main thread', () => {
  it('gives what the main-thread path gives: document, record, review, lines, errors', async () => {
    const html = `<html><head><meta charset="utf-8"><title>${ORGAN}2023年政府信息公开工作年度报告</title></head><body><p>${renderText(record(ORGAN, 2023, requests(1, 0, 3)), 'rows-tab').replaceAll('\n', '</p><p>')}</p></body></html>`;
    const cases: [string, Buffer][] = [
      ['a.txt', Buffer.from(renderText(record(ORGAN, 2023, requests(6, 2, 2)), 'rows-tab'))],
      ['b.html', Buffer.from(html)],
      ['c.txt', bigReport(200_000)],
      ['d.txt', Buffer.from('这不是年度报告。\n只有两行。\n')],
      ['e.txt', Buffer.alloc(0)],
      ['f.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])],
      ['h.html', bigPage(300_000)],
      ['g.txt', Buffer.from('\uFEFF', 'utf8').subarray(0, 2)],
    ];
    for (const [name, bytes] of cases) {
      expect(await offThread(bytes, name), name).toStrictEqual(await mainThread(bytes, name));
    }
  }, 30_000);

  /** These tests read the upload's own answer (200), however long a big file takes: no 202 and job to poll. */
  const SYNC = { uploadWaitMs: 120_000 };

  /** Upload `file` while two other threads read; answers the upload's answer and the reads' times. */
  async function uploadWhileReading(file: { name: string; data: Buffer }) {
    const ctx = await build({ limits: SYNC });
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    const address = ctx.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const body = multipart([file], { county: '金乡县' });

    // The reads come from other threads: this one also runs the server, so a client here would
    // stand still with it and never see a read wait. /api/template answers without the database;
    // /api/counties reads it (and so waits while the upload's write transaction holds it).
    const cheap = await startReading(`${base}/api/template`);
    const db = await startReading(`${base}/api/counties`);
    await new Promise((r) => setTimeout(r, 200));
    const started = performance.now();
    const answer = await fetch(`${base}/api/uploads`, { method: 'POST', body: body.payload, headers: { ...body.headers, ...AUTH } })
      .then(async (res) => ({ status: res.status, json: await res.json() as { results: { outcome: string; organ: string | null }[] } }));
    const took = performance.now() - started;
    const reads = await cheap.stop();
    const dbReads = await db.stop();
    console.log(`upload ${Math.round(took)} ms; /api/template: ${reads.waits.length} reads, slowest ${slowest(reads)} ms; /api/counties: ${dbReads.waits.length} reads, slowest ${slowest(dbReads)} ms`);
    expect(new Set([...reads.statuses, ...dbReads.statuses])).toStrictEqual(new Set([200]));
    return { answer, reads, dbReads };
  }

  it('a ~40 MB web page is read while every read is answered at once', async () => {
    const { answer, reads, dbReads } = await uploadWhileReading({ name: 'big.html', data: bigPage(40 * 1024 * 1024) });
    expect(answer.status).toBe(200);
    expect(answer.json.results).toHaveLength(1);
    expect(answer.json.results[0]!.outcome).toBe('failed');
    // Reads were made all through the upload, and none waited behind its reading and parsing.
    expect(reads.waits.length).toBeGreaterThan(5);
    expect(slowest(reads)).toBeLessThan(500);
    expect(slowest(dbReads)).toBeLessThan(500);
  }, 60_000);

  it('a ~40 MB text report is stored', async () => {
    const { answer } = await uploadWhileReading({ name: 'big.txt', data: bigReport(40 * 1024 * 1024) });
    expect(answer.status).toBe(200);
    expect(answer.json.results).toHaveLength(1);
    expect(answer.json.results[0]!.outcome).toBe('ingested');
    expect(answer.json.results[0]!.organ).toContain('羊山镇');
  }, 60_000);

  describe('a file that stops its worker fails alone, and the next file starts a new one', () => {
    afterEach(() => setPrepareWorkerLimits(null));

    async function uploadOne(ctx: Awaited<ReturnType<typeof build>>, name: string, data: Buffer) {
      const body = multipart([{ name, data }], { county: '金乡县' });
      const res = await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...body, headers: { ...body.headers, ...AUTH } });
      expect(res.statusCode).toBe(200);
      return (res.json() as { results: { outcome: string; reason: string | null }[] }).results[0]!;
    }

    it('too slow: 读取超时', async () => {
      const ctx = await build({ limits: SYNC });
      setPrepareWorkerLimits({ timeoutMs: 1 });
      const slow = await uploadOne(ctx, 'slow.txt', bigReport(5_000_000));
      expect(slow.outcome).toBe('failed');
      expect(slow.reason).toContain('文件“slow.txt”读取超时');
      setPrepareWorkerLimits(null);
      expect((await uploadOne(ctx, 'next.txt', bigReport(1000))).outcome).toBe('ingested');
    }, 30_000);

    it('too big for its heap: 内存上限', async () => {
      const ctx = await build({ limits: SYNC });
      setPrepareWorkerLimits({ memoryMb: 16 });
      const big = await uploadOne(ctx, 'big.txt', bigReport(40 * 1024 * 1024));
      expect(big.outcome).toBe('failed');
      expect(big.reason).toContain('内存上限');
      setPrepareWorkerLimits(null);
      expect((await uploadOne(ctx, 'next.txt', bigReport(1000))).outcome).toBe('ingested');
    }, 30_000);
  });
});
