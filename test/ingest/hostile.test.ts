/**
 * A hostile file in a batch fails alone: the zip-bomb .docx between two good files, through the
 * CLI's code path (ingestPaths) and through the CLI itself (a process with a bounded heap, which
 * the bomb used to kill, losing the good files of its batch).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../server/ingest/batch.ts';
import type { IngestResult } from '../../server/ingest/ingest.ts';
import { docxFile, reportBlocks, sampleRecord } from '../readers/fixtures.ts';
import { replaceDocumentXml } from '../readers/zip-tools.ts';
import { counts, tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';

const ROOT = join(import.meta.dirname, '../..');

let t: TestDb;
beforeEach(async () => { t = await tempDb(); });
afterEach(async () => { await t.close(); });

async function batchFolder(): Promise<string> {
  const dir = join(t.dir, 'in');
  mkdirSync(dir, { recursive: true });
  const a = await docxFile(reportBlocks(sampleRecord(1, { organ: '金乡县羊山镇人民政府' })));
  const c = await docxFile(reportBlocks(sampleRecord(2, { organ: '金乡县胡集镇人民政府' })));
  writeFileSync(join(dir, 'a.docx'), a);
  writeFileSync(join(dir, 'b.docx'), await replaceDocumentXml(a, { bombBytes: 200 * 1024 * 1024 }));
  writeFileSync(join(dir, 'c.docx'), c);
  return dir;
}

describe('a zip bomb between good files', () => {
  it('through the CLI code path: the good files are stored, the bomb fails with a reason', { timeout: 60_000 }, async () => {
    const dir = await batchFolder();
    const results: IngestResult[] = [];
    for await (const r of ingestPaths(t.db, [dir], { via: 'cli' })) results.push(r);
    expect(results.map((r) => [r.file, r.outcome])).toEqual([
      [join(dir, 'a.docx'), 'ingested'], [join(dir, 'b.docx'), 'failed'], [join(dir, 'c.docx'), 'ingested'],
    ]);
    expect(results[1]!.reason).toMatch(/b\.docx.*解压后/);
    expect(await counts(t)).toMatchObject({ document: 2, report: 2 });
  });

  it('through the CLI in a process with a bounded heap: exit 1, two stored, the bomb listed with its reason', { timeout: 120_000 }, async () => {
    const dir = await batchFolder();
    const db = join(t.dir, 'cli.sqlite');
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--max-old-space-size=512', '--import', 'tsx', 'scripts/ingest.ts', '--db', db, dir], {
        cwd: ROOT, env: { ...process.env, CI: 'true' }, timeout: 100_000, maxBuffer: 16 * 1024 * 1024,
      }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }));
    });
    expect(out.stderr).not.toMatch(/heap out of memory/i);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/新导入\s+2/);
    expect(out.stdout).toMatch(/失败\s+1/);
    expect(out.stdout).toMatch(/b\.docx\n\s+.*解压后/);
  });
});
