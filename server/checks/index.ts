/**
 * Compliance checks: the one module that owns the rules. (Stub: issue 4 fills it.)
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Recompute the stored flags after reports were added, replaced, corrected or deleted:
 * the reports' own flags and the cross-year / cross-organ flags of their neighbours.
 * Call inside the same transaction that changed the reports.
 */
export async function recomputeFlags(_db: Kysely<Database>, _changed: { reportIds: number[] }): Promise<void> {}
