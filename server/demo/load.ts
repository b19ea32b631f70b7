/**
 * A fresh machine shows a working dashboard at once: when the database holds no organs and no
 * reports, the fictional county's registry and reports go in (via = 'seed').
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ingestBuffer } from '../ingest/ingest.ts';
import type { IngestResult } from '../ingest/ingest.ts';
import { importRegistry, readRegistryCsv } from '../organs/registry.ts';
import { countOrgans } from '../repositories/organs.repository.ts';
import { countReports } from '../repositories/reports.repository.ts';
import { generateCounty } from './records.ts';
import { registryCsv, renderDemoReport } from './render.ts';

export interface DemoLoad {
  loaded: boolean;
  results: IngestResult[];
}

export async function loadDemoIfEmpty(db: Kysely<Database>, options: { seed?: number } = {}): Promise<DemoLoad> {
  if ((await countReports(db)) > 0 || (await countOrgans(db)) > 0) return { loaded: false, results: [] };
  const county = generateCounty({ seed: options.seed });
  const { rows } = readRegistryCsv(Buffer.from(registryCsv(county)));
  await importRegistry(db, rows);
  const results: IngestResult[] = [];
  for (const report of county.reports) {
    results.push(await ingestBuffer(db, {
      fileName: report.fileName.split('/').pop()!, label: report.fileName, bytes: Buffer.from(renderDemoReport(report)),
      via: 'seed', county: county.county,
    }));
  }
  return { loaded: true, results };
}
