/**
 * Versions through the CLI's batch path: an older version's file ingested again becomes current
 * (the line says 已恢复), and the replaced version's corrections that no longer hold are listed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../server/ingest/batch.ts';
import type { IngestResult } from '../../server/ingest/ingest.ts';
import { resultLine } from '../../server/ingest/progress.ts';
import { insertCorrection, setValueInForce } from '../../server/repositories/corrections.repository.ts';
import { renderText } from '../../server/report/render.ts';
import { tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';
import { record } from '../support/records.ts';

const open: TestDb[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

async function ingestOne(t: TestDb, name: string, values: Record<string, number | null>): Promise<IngestResult> {
  const dir = join(t.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.txt`), renderText(record('金乡县羊山镇人民政府', 2023, values), 'rows-tab'));
  const out: IngestResult[] = [];
  for await (const r of ingestPaths(t.db, [dir], { via: 'cli' })) out.push(r);
  expect(out).toHaveLength(1);
  return out[0]!;
}

describe('versions in a CLI batch', () => {
  it('restores an older version and lists what the replaced one loses', async () => {
    const t = await tempDb();
    open.push(t);
    const a = await ingestOne(t, 'a', { 'active.normative_documents.issued': 3 });
    await insertCorrection(t.db, { reportId: a.reportId!, key: 'active.normative_documents.issued', value: 4, reason: '核对原件', author: '李四' });
    await setValueInForce(t.db, a.reportId!, 'active.normative_documents.issued', 4);

    const b = await ingestOne(t, 'b', { 'active.normative_documents.issued': 5 });
    expect(b.outcome).toBe('replaced');
    expect(b.superseded?.corrections).toEqual([expect.objectContaining({ key: 'active.normative_documents.issued', value: 4, current: 5, author: '李四' })]);
    expect(resultLine(b)).toContain('1 处更正');

    const again = await ingestOne(t, 'a', { 'active.normative_documents.issued': 3 });
    expect(again).toMatchObject({ outcome: 'replaced', restored: true, reportId: a.reportId });
    expect(resultLine(again)).toMatch(/^已恢复/);
    const rows = await t.db.selectFrom('report').select(['id', 'current']).orderBy('id').execute();
    expect(rows).toEqual([{ id: a.reportId, current: 1 }, { id: b.reportId, current: 0 }]);

    const same = await ingestOne(t, 'a', { 'active.normative_documents.issued': 3 });
    expect(same.outcome).toBe('unchanged');
  });
});
