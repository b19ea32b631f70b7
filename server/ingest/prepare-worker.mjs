// The prepare worker's entry (see prepare.ts): plain JavaScript, because a worker thread does not
// inherit the TypeScript loader of the thread that starts it, so it registers tsx itself before
// loading the TypeScript that does the work.
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { readAndParseHere, parseHere } = await import('./prepare-read.ts');

async function prepare({ id, bytes, fileName, document }) {
  try {
    return { id, prepared: document ? parseHere(document) : await readAndParseHere(bytes, fileName), heapUsed: getHeapStatistics().used_heap_size };
  } catch (error) {
    const code = error?.name === 'ReportError' ? error.code : null;
    return { id, error: { code, message: String(error?.message ?? error) }, heapUsed: getHeapStatistics().used_heap_size };
  }
}

// One file, or a batch of small ones answered together (serial-worker.ts).
parentPort.on('message', async (message) => {
  if (!message.batch) return parentPort.postMessage(await prepare(message));
  const replies = [];
  for (const one of message.batch) replies.push(await prepare(one));
  parentPort.postMessage({ batch: replies });
});
