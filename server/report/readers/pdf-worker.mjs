// The PDF worker's entry (see pdf.ts): plain JavaScript, because a worker thread does not inherit
// the TypeScript loader of the thread that starts it, so it registers tsx itself before loading
// the TypeScript that does the work.
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { capMemory, extractPages, memoryHeld, PdfiumFailed } = await import('./pdf-pdfium.ts');
const { layerOf } = await import('./pdf-layout.ts');
const { ReportError } = await import('../errors.ts');
const { pdfTooLarge } = await import('./pdf-errors.ts');

const memoryMb = workerData?.memoryMb ?? 512;
capMemory(memoryMb);

// `layer`: the text laid out here (pdf.ts readPdfLayer), else the pages as read (extractPdfPages).
// The reply's heapUsed is all the thread holds (its JavaScript heap and PDFium's memory), so the
// pool replaces a thread that a large PDF has left big.
parentPort.on('message', async ({ id, bytes, fileName, layer }) => {
  const held = () => getHeapStatistics().used_heap_size + memoryHeld();
  try {
    const pages = await extractPages(bytes, fileName);
    parentPort.postMessage({ id, ...(layer ? { layer: layerOf(pages) } : { pages }), heapUsed: held() });
  } catch (error) {
    const clerk = error instanceof PdfiumFailed && error.outOfMemory
      ? pdfTooLarge(fileName, memoryMb)
      : error instanceof PdfiumFailed
        ? new ReportError('unsupported_format', `PDF 文件“${fileName}”已损坏，无法读取。请重新导出 PDF 后再上传。`)
        : error;
    const code = clerk?.name === 'ReportError' ? clerk.code : null;
    parentPort.postMessage({ id, error: { code, message: String(clerk?.message ?? clerk) }, heapUsed: held() });
  }
});
