/**
 * db:copy carries a scan's provenance (`document.scan`: page sizes, each cell's page and box) with
 * the document, so the province's database shows the 原文 panel of a county's scans; a second
 * copy changes nothing.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDb } from '../../db/open.ts';
import { copyDatabase } from '../../server/copy/copy.ts';
import { storeReport } from '../../server/ingest/store.ts';
import { requests } from '../api/helper.ts';
import { tempDb, tempDir } from '../support/db.ts';
import { record } from '../support/records.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('copies document.scan with its document, once', async () => {
  const folder = tempDir('nianbao-copy-scan-');
  const source = await openDb(join(folder.dir, 'county.sqlite'));
  cleanups.push(async () => {
    await source.db.destroy();
    folder.remove();
  });
  const target = await tempDb('nianbao-copy-scan-');
  cleanups.push(() => target.close());

  const bytes = Buffer.from('not really a JPEG: the copy does not read it');
  const scan = {
    pages: [{ page: 1, width: 1654, height: 2339, dpi: 200, angle: 0.3, blank: false, failed: null, tables: 1 }],
    cells: { 'requests.new.total': { page: 1, box: { x: 1200, y: 900, w: 80, h: 40 }, read: '10', conf: 91 } },
  };
  await storeReport(source.db, {
    fileName: '扫描件.jpg', bytes, sha256: createHash('sha256').update(bytes).digest('hex'), via: 'upload', county: '金乡县',
    document: { format: 'jpeg', extraction: 'tesseract', text: '金乡县羊山镇人民政府2024年政府信息公开工作年度报告\n', exactCells: true, scan },
    record: record('金乡县羊山镇人民政府', 2024, requests(6, 2, 2)), review: [],
  });
  expect((await copyDatabase(source.db, target.db)).documents.copied).toBe(1);
  const stored = await target.db.selectFrom('document').select(['file_name', 'scan']).execute();
  expect(stored.map((d) => ({ ...d, scan: JSON.parse(d.scan!) as unknown }))).toEqual([{ file_name: '扫描件.jpg', scan }]);
  expect((await copyDatabase(source.db, target.db)).documents).toMatchObject({ copied: 0 });
  expect(await target.db.selectFrom('document').select('scan').execute()).toEqual([{ scan: stored[0]!.scan }]);
});
