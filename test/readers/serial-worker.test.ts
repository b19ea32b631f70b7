/**
 * SerialWorker's batches (serial-worker.ts), on a real thread (test/support/batch-worker.mjs):
 * small jobs go to the thread together, and a job that kills or hangs the thread inside a batch
 * still fails alone, while the other jobs of its batch are answered.
 */
import { describe, expect, it } from 'vitest';
import { SerialWorker } from '../../server/report/readers/serial-worker.ts';

type Task = { text: string };
type Reply = { id: number; text: string; messages: number };

function worker(timeoutMs = 10_000) {
  return new SerialWorker<Task, Reply, Reply>({
    url: new URL('../support/batch-worker.mjs', import.meta.url),
    execArgv: [],
    limits: { memoryMb: 64, timeoutMs },
    youngGenerationMb: 8,
    batch: { jobs: 4, accepts: (task) => task.text !== 'big' },
    message: (id, task) => ({ id, text: task.text }),
    settle: (reply) => ({ result: reply }),
    died: (death, task) => new Error(`${death}: ${task.text}`),
  });
}

const settled = (promises: Promise<Reply>[]) => Promise.all(promises.map((p) => p.then((r) => r, (e: Error) => e.message)));

describe('SerialWorker batches', () => {
  it('sends queued jobs together, up to the batch size, and never one it does not accept', async () => {
    const w = worker();
    // The first job starts alone (nothing else is queued yet); the next ones wait and go together.
    const texts = ['a', 'b', 'c', 'd', 'e', 'big', 'f', 'g'];
    const replies = await Promise.all(texts.map((text) => w.run({ text })));
    expect(replies.map((r) => r.text)).toEqual(['A', 'B', 'C', 'D', 'E', 'BIG', 'F', 'G']);
    expect(replies.map((r) => r.messages)).toEqual([1, 4, 4, 4, 4, 1, 2, 2]);
    expect(w.threadsStarted).toBe(1);
  });

  it('a job that kills the thread inside a batch fails alone; the others of its batch are answered', async () => {
    const w = worker();
    const results = await settled(['a', 'b', 'die', 'c', 'd', 'e'].map((text) => w.run({ text })));
    expect(results.map((r) => (typeof r === 'string' ? r : r.text))).toEqual(['A', 'B', 'crash: die', 'C', 'D', 'E']);
    // The batch b, die, c, d is run again one job at a time, then e.
    expect(results.map((r) => (typeof r === 'string' ? 0 : r.messages))).toEqual([1, 1, 0, 1, 1, 1]);
    expect(w.threadsStarted).toBe(3);
  });

  it('a job that hangs inside a batch times out alone', { timeout: 20_000 }, async () => {
    const w = worker(500);
    const results = await settled(['a', 'b', 'hang', 'c'].map((text) => w.run({ text })));
    expect(results.map((r) => (typeof r === 'string' ? r : r.text))).toEqual(['A', 'B', 'timeout: hang', 'C']);
  });
});
