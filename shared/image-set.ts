/**
 * Several images that are the pages of ONE report (a scan, one file a page): their page order and
 * how the set is named, once for the server (server/report/readers/image-set.ts packs and reads
 * them) and the upload page (which shows the set under the name the server will give it).
 * Pure: no Node, no DOM.
 */

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Page order: file names compared as Chinese text, numbers as numbers (`第2页` before `第10页`); ties by code point, so the order is total. */
export function byPageName(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The file name without any folder (a browser or an archive may send one). */
export function bareName(name: string): string {
  return name.split(/[/\\]/).pop()!.trim() || '未命名图片';
}

/** How a set is named: after its first page and the number of files (`扫描1.jpg等3张图片`). */
export function imageSetName(fileNames: readonly string[]): string {
  const sorted = fileNames.map(bareName).sort(byPageName);
  return `${sorted[0] ?? '图片'}等${sorted.length}张图片`;
}

/** How results, the upload log and an upload's progress name a set: `扫描1.jpg等3张图片（合为一份报告）`. */
export function imageSetLabel(fileNames: readonly string[]): string {
  return `${imageSetName(fileNames)}（合为一份报告）`;
}
