/** Many inputs, one result at a time, plus the tally the CLI prints at the end. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { failedResult, ingestBuffer } from './ingest.ts';
import type { IngestResult } from './ingest.ts';
import { walkInputs } from './inputs.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import type { IngestLimits } from './limits.ts';

export interface BatchOptions {
  via: 'cli' | 'upload' | 'seed';
  county?: string | undefined;
  limits?: IngestLimits;
}

/** Ingest every file under `paths`; each file in its own transaction, a bad one never stops the batch. */
export async function* ingestPaths(db: Kysely<Database>, paths: readonly string[], options: BatchOptions): AsyncGenerator<IngestResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  for await (const item of walkInputs(paths, limits)) {
    if (item.kind === 'error') yield failedResult(item.label, item.reason);
    else {
      yield await ingestBuffer(db, {
        fileName: item.fileName, label: item.label, bytes: item.bytes, via: options.via, county: options.county,
        maxBytes: limits.maxFileBytes,
      });
    }
  }
}

export interface IngestTally {
  total: number;
  ingested: number;
  unchanged: number;
  replaced: number;
  needsReview: number;
  failed: number;
  unknownCounty: number;
  /** Failures only: file and reason (kept so the summary can list each one). */
  failures: { file: string; reason: string }[];
}

export function emptyTally(): IngestTally {
  return { total: 0, ingested: 0, unchanged: 0, replaced: 0, needsReview: 0, failed: 0, unknownCounty: 0, failures: [] };
}

export function addToTally(t: IngestTally, r: IngestResult): void {
  t.total++;
  t[r.outcome]++;
  if (r.outcome === 'failed') t.failures.push({ file: r.file, reason: r.reason ?? '' });
  else {
    if (r.needsReview && r.outcome !== 'unchanged') t.needsReview++;
    if (r.reportId !== null && r.county === null && r.outcome !== 'unchanged') t.unknownCounty++;
  }
}
