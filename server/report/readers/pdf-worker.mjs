// The PDF worker's entry (see pdf.ts): plain JavaScript, because a worker thread does not inherit
// the TypeScript loader of the thread that starts it, so it registers tsx itself before loading
// the TypeScript that does the work.
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { register } from 'tsx/esm/api';

// pdfjs's build for Node installs core-js polyfills over built-ins that V8 has already, and its
// code then runs on them: Array.prototype.push alone took a tenth of the reading time. They are
// put back once pdfjs (its API and its worker half, which pdfjs would load at the first PDF) is
// loaded; what it adds that Node lacks (Promise.withResolvers, Uint8Array.prototype.toHex, …) stays.
const NATIVE = [
  [Array.prototype, 'push'], [JSON, 'stringify'], [JSON, 'parse'], [Function.prototype, 'toString'],
].map(([owner, name]) => [owner, name, Object.getOwnPropertyDescriptor(owner, name)]);
// pdfjs inflates each stream through DecompressionStream when there is one: in Node a web stream
// over zlib that sends every stream through the thread pool and back, and the worker waited on it
// a third of the time. The same zlib, called directly: the same bytes, or the same error (pdfjs
// then inflates in JavaScript as before); a format Node's DecompressionStream lacks throws as it does.
const DECODERS = { deflate: inflateSync, 'deflate-raw': inflateRawSync, gzip: gunzipSync };
globalThis.DecompressionStream = class {
  constructor(format) {
    const decode = DECODERS[format];
    if (!decode) throw new TypeError(`unsupported compression format ${format}`);
    let input = new Uint8Array(0);
    this.writable = {
      getWriter: () => ({
        ready: Promise.resolve(),
        write: (bytes) => { input = bytes; return Promise.resolve(); },
        close: () => Promise.resolve(),
      }),
    };
    this.readable = (async function* () { yield decode(input); })();
  }
};
// pdfjs is loaded before tsx is registered: through tsx's loader its 2 MB of JavaScript cost the
// thread some 350 MB more memory.
await import('pdfjs-dist/legacy/build/pdf.mjs');
await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
for (const [owner, name, descriptor] of NATIVE) Object.defineProperty(owner, name, descriptor);
register();
const { extractPages } = await import('./pdf-extract.ts');
const { layerOf } = await import('./pdf-layout.ts');

// `layer`: the text laid out here (pdf.ts readPdfLayer), else the pages as read (extractPdfPages).
parentPort.on('message', async ({ id, bytes, fileName, layer }) => {
  try {
    const pages = await extractPages(bytes, fileName);
    parentPort.postMessage({ id, ...(layer ? { layer: layerOf(pages) } : { pages }), heapUsed: getHeapStatistics().used_heap_size });
  } catch (error) {
    const code = error?.name === 'ReportError' ? error.code : null;
    parentPort.postMessage({ id, error: { code, message: String(error?.message ?? error) }, heapUsed: getHeapStatistics().used_heap_size });
  }
});
