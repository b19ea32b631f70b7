// The PDF worker's entry (see pdf.ts): plain JavaScript, because a worker thread does not inherit
// the TypeScript loader of the thread that starts it, so it registers tsx itself before loading
// the TypeScript that does the work.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { extractPages } = await import('./pdf-extract.ts');

parentPort.on('message', async ({ id, bytes, fileName }) => {
  try {
    parentPort.postMessage({ id, pages: await extractPages(bytes, fileName) });
  } catch (error) {
    const code = error?.name === 'ReportError' ? error.code : null;
    parentPort.postMessage({ id, error: { code, message: String(error?.message ?? error) } });
  }
});
