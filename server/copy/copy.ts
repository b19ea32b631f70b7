/**
 * Copying one database into another (`npm run db:copy`): a county's SQLite file into a
 * province's PostgreSQL database, or any direction between the two. The target keeps what it
 * has; what the source adds is merged in by natural keys, never by ids:
 *
 * - county by name; organ by (county, name); alias by (organ, alias); document by SHA-256;
 * - report by (document, organ, year): a source report whose document is in the target with a
 *   report for the same organ and year is already there, and is left as the target has it
 *   (its state, its values);
 * - corrections, report actions and flag decisions by their whole content (report, cell, value,
 *   reason, author, time; action and details; identity, fingerprint, state, reason, author,
 *   time), so a second run adds nothing.
 *
 * Ids differ between the two databases and are remapped wherever they are stored, also inside
 * text: report actions' details name reports, organs and counties (server/copy/remap.ts); a
 * decision's identity names its organ. Flags are not copied: each batch recomputes the flags of
 * the reports it wrote through the report-write service (`writeWithFlags`), in its own
 * transaction, so the stored flags are what a serial recompute gives. A decision then follows its
 * flag: its identity is remapped, and its fingerprint (a hash of the flag's numbers, and for a
 * copied-text flag of the ids of the organs it matched) becomes the target flag's when the flag
 * says the same thing in both databases; otherwise it is kept, and is an outdated decision there
 * as it was (or would be) in the source.
 *
 * "In force": an organ-year has at most one current report. When the target already holds a
 * different report in force for an organ-year the source brings one for, a report not deleted
 * beats a deleted one; between two alike, the later upload (created_at) stays in force and the
 * other is kept as an earlier version; on a tie the target's stays. Either way nothing is lost:
 * both are in the organ-year's history and can be put back in force.
 *
 * Everything is written in batches of reports, each one write transaction (the write lock and
 * data_version apply), multi-row inserts bounded by the parameter limits, document bytes read a
 * few at a time: memory stays flat whatever the size of the source. Organs, aliases and the
 * county first; report actions and decisions last, when every report has its target id.
 * The source is only read.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { valueColumn } from '../../db/schema.ts';
import { sortKey } from '../../db/sort-key.ts';
import { writeWithFlags } from '../flags/write.ts';
import type { FlagChanges } from '../flags/write.ts';
import { canonicalJson, remapIdentity, remapJson, remapJsonText } from './remap.ts';
import type { IdMaps } from './remap.ts';
import {
  actionBatch, actionsOfReports, aliasesOfOrgans, allAliases, allCounties, allOrgans, cellRows, chunks, correctionRows, countRows,
  attachedReports, attachmentBatch, currentHolders, decisionBatch, decisionsOf, documentSizes, documentsBySha, documentsWhole, flagsOf, insertRows, organsOfCounties,
  reportBatch, reportsOfDocuments, retire, setCellState, valueRows,
} from './rows.ts';
import type { SourceReport } from './rows.ts';

type Db = Kysely<Database>;

export interface CopyOptions {
  /** Reports per transaction (default 500). */
  batchSize?: number;
  /** Document bytes per insert statement (default 16 MB; a larger document goes alone). */
  documentBytes?: number;
  /** Called after each batch of reports. */
  onProgress?: (done: number, total: number) => void;
}

export interface Counted {
  /** Rows written to the target. */
  copied: number;
  /** Rows the target had already (matched by natural key or content). */
  already: number;
}

export interface CopyResult {
  counties: Counted;
  organs: Counted;
  aliases: Counted;
  documents: Counted;
  reports: Counted;
  corrections: Counted;
  actions: Counted;
  decisions: Counted;
  /** Scans attached to hand-entered reports (the link; their files count under `documents`). */
  attachments: Counted;
  /** Cell rows and wide value rows of the copied reports. */
  cells: number;
  values: number;
  /** Organ-years where target and source each had a different report in force. */
  currentConflicts: { sourceInForce: number; targetInForce: number };
  /** Reports already there whose values in force took corrections the target did not have. */
  correctedInTarget: number;
  /** Decisions whose fingerprint was rewritten to the target flag's (the flag's ids differ). */
  decisionsRefingered: number;
}

const counted = (): Counted => ({ copied: 0, already: 0 });

export function emptyResult(): CopyResult {
  return {
    counties: counted(), organs: counted(), aliases: counted(), documents: counted(), reports: counted(), corrections: counted(),
    actions: counted(), decisions: counted(), attachments: counted(), cells: 0, values: 0, currentConflicts: { sourceInForce: 0, targetInForce: 0 },
    correctedInTarget: 0, decisionsRefingered: 0,
  };
}

const organKey = (countyId: number | null, name: string) => `${countyId ?? '-'}|${name}`;

/** Copy everything of `source` that `target` lacks into `target` (see the module comment). */
export async function copyDatabase(source: Db, target: Db, options: CopyOptions = {}): Promise<CopyResult> {
  const result = emptyResult();
  const maps = await copyOrgans(source, target, result);
  const reports = new Map<number, number>();
  const ids: IdMaps = { ...maps, reports };
  await copyReports(source, target, ids, reports, result, options);
  await copyActions(source, target, ids, result);
  await copyDecisions(source, target, ids, result);
  await copyAttachments(source, target, ids, result, options);
  return result;
}

// ------------------------------------------------------------------ counties, organs, aliases

async function copyOrgans(source: Db, target: Db, result: CopyResult): Promise<{ counties: Map<number, number>; organs: Map<number, number> }> {
  const [counties, organs, aliases] = [await allCounties(source), await allOrgans(source), await allAliases(source)];
  const written = await writeWithFlags(target, async (trx) => {
    const r = { counties: counted(), organs: counted(), aliases: counted() };
    // Counties by name.
    const byName = new Map((await allCounties(trx)).map((c) => [c.name, c.id]));
    const newCounties = counties.filter((c) => !byName.has(c.name));
    const insertedCounties = await insertRows<{ id: number; name: string }>(trx, 'county',
      newCounties.map((c) => ({ name: c.name, sort_key: sortKey(c.name) })), { returning: ['id', 'name'] });
    for (const c of insertedCounties) byName.set(c.name, c.id);
    r.counties = { copied: insertedCounties.length, already: counties.length - insertedCounties.length };
    const countyMap = new Map(counties.map((c) => [c.id, byName.get(c.name)!]));

    // Organs by (county, name).
    const mapCounty = (id: number | null) => (id === null ? null : countyMap.get(id) ?? null);
    const existing = await organsOfCounties(trx, [...new Set(countyMap.values())], organs.some((o) => o.county_id === null));
    const byKey = new Map(existing.map((o) => [organKey(o.county_id, o.name), o.id]));
    const fresh = organs.filter((o) => !byKey.has(organKey(mapCounty(o.county_id), o.name)));
    const insertedOrgans = await insertRows<{ id: number; county_id: number | null; name: string }>(trx, 'organ', fresh.map((o) => ({
      county_id: mapCounty(o.county_id), name: o.name, full_name: o.full_name, sort_key: sortKey(o.name), kind: o.kind,
      in_registry: o.in_registry, created_at: o.created_at,
    })), { returning: ['id', 'county_id', 'name'] });
    for (const o of insertedOrgans) byKey.set(organKey(o.county_id, o.name), o.id);
    r.organs = { copied: insertedOrgans.length, already: organs.length - insertedOrgans.length };
    const organMap = new Map(organs.map((o) => [o.id, byKey.get(organKey(mapCounty(o.county_id), o.name))!]));

    // Aliases by (organ, alias).
    const have = new Set((await aliasesOfOrgans(trx, [...new Set(organMap.values())])).map((a) => `${a.organ_id}|${a.alias}`));
    const wanted = new Map<string, { organ_id: number; alias: string }>();
    for (const a of aliases) {
      const organId = organMap.get(a.organ_id)!;
      const k = `${organId}|${a.alias}`;
      if (!have.has(k)) wanted.set(k, { organ_id: organId, alias: a.alias });
    }
    await insertRows(trx, 'organ_alias', [...wanted.values()]);
    r.aliases = { copied: wanted.size, already: aliases.length - wanted.size };

    // New organs in a registry change the missing-report flags of their county's years.
    const registryCounties = [...new Set(fresh.filter((o) => o.in_registry === 1).map((o) => mapCounty(o.county_id)).filter((c) => c !== null))];
    const changed: FlagChanges = registryCounties.length ? { organs: { organIds: [], countyIds: registryCounties } } : {};
    return { r, countyMap, organMap, changed };
  });
  Object.assign(result, written.r);
  return { counties: written.countyMap, organs: written.organMap };
}

// ------------------------------------------------------------------ reports

interface BatchWritten {
  pairs: [number, number][];
  documents: Counted;
  reports: Counted;
  corrections: Counted;
  cells: number;
  values: number;
  sourceInForce: number;
  targetInForce: number;
  correctedInTarget: number;
  changed: FlagChanges;
}

async function copyReports(
  source: Db, target: Db, maps: IdMaps, reportMap: Map<number, number>, result: CopyResult, options: CopyOptions,
): Promise<void> {
  const size = options.batchSize ?? 500;
  const total = await countRows(source, 'report');
  let after = 0;
  let done = 0;
  for (;;) {
    const batch = await reportBatch(source, after, size);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    const w = await writeWithFlags(target, (trx) => copyReportBatch(source, trx, maps, batch, options));
    for (const [from, to] of w.pairs) reportMap.set(from, to);
    for (const k of ['documents', 'reports', 'corrections'] as const) {
      result[k].copied += w[k].copied;
      result[k].already += w[k].already;
    }
    result.cells += w.cells;
    result.values += w.values;
    result.currentConflicts.sourceInForce += w.sourceInForce;
    result.currentConflicts.targetInForce += w.targetInForce;
    result.correctedInTarget += w.correctedInTarget;
    done += batch.length;
    options.onProgress?.(done, total);
  }
}

/** A report holding the current mark, for deciding which of two stays in force. */
interface Holder {
  created_at: string;
  deleted_at: string | null;
  /** A target report's id, or the index of a source report of this batch about to be inserted. */
  target?: number;
  pending?: number;
}

/** Does `challenger` (from the source) take the current mark from `holder`? See the module comment. */
function takesOver(challenger: { created_at: string; deleted_at: string | null }, holder: Holder): boolean {
  const liveC = challenger.deleted_at === null;
  const liveH = holder.deleted_at === null;
  if (liveC !== liveH) return liveC;
  return challenger.created_at > holder.created_at;
}

async function copyReportBatch(source: Db, trx: Db, maps: IdMaps, batch: readonly SourceReport[], options: CopyOptions): Promise<BatchWritten> {
  const w: BatchWritten = {
    pairs: [], documents: counted(), reports: counted(), corrections: counted(), cells: 0, values: 0, sourceInForce: 0, targetInForce: 0,
    correctedInTarget: 0, changed: {},
  };
  const organOf = (r: SourceReport) => maps.organs.get(r.organ_id)!;
  const countyOf = (r: SourceReport) => (r.county_id === null ? null : maps.counties.get(r.county_id) ?? null);

  // Documents by SHA-256, and the reports already made from them.
  const docs = new Map((await documentsBySha(trx, batch.map((r) => r.sha256))).map((d) => [d.sha256, d.id]));
  const reportKey = (documentId: number, organId: number, year: number) => `${documentId}|${organId}|${year}`;
  const known = new Map<string, number>();
  for (const r of await reportsOfDocuments(trx, [...docs.values()])) if (!known.has(reportKey(r.document_id, r.organ_id, r.year))) known.set(reportKey(r.document_id, r.organ_id, r.year), r.id);
  const already: SourceReport[] = [];
  const fresh: SourceReport[] = [];
  for (const r of batch) {
    const doc = docs.get(r.sha256);
    const there = doc === undefined ? undefined : known.get(reportKey(doc, organOf(r), r.year));
    if (there === undefined) fresh.push(r);
    else {
      already.push(r);
      w.pairs.push([r.id, there]);
    }
  }
  w.reports.already = already.length;

  // Documents the target lacks: read and written a few at a time (bytes bounded per statement).
  const missing = new Map<string, number>();
  for (const r of fresh) if (!docs.has(r.sha256)) missing.set(r.sha256, r.document_id);
  w.documents.already = new Set(batch.map((r) => r.sha256)).size - missing.size;
  w.documents.copied += await copyDocuments(source, trx, [...missing.values()], docs, options);

  // The current mark: at most one per organ-year (see the module comment).
  const currentFresh = fresh.filter((r) => r.current === 1);
  const holders = new Map<string, Holder>();
  const pairKey = (organId: number, year: number) => `${organId}|${year}`;
  for (const h of await currentHolders(trx, currentFresh.map(organOf), currentFresh.map((r) => r.year))) {
    holders.set(pairKey(h.organ_id, h.year), { created_at: h.created_at, deleted_at: h.deleted_at, target: h.id });
  }
  const current = fresh.map((r) => r.current);
  const retired: number[] = [];
  fresh.forEach((r, i) => {
    if (r.current !== 1) return;
    const k = pairKey(organOf(r), r.year);
    const holder = holders.get(k);
    if (holder && !takesOver(r, holder)) {
      current[i] = 0;
      if (holder.target !== undefined) w.targetInForce++;
      return;
    }
    if (holder?.target !== undefined) {
      retired.push(holder.target);
      w.sourceInForce++;
    }
    if (holder?.pending !== undefined) current[holder.pending] = 0;
    holders.set(k, { created_at: r.created_at, deleted_at: r.deleted_at, pending: i });
  });
  await retire(trx, retired);

  // The reports, then their wide value rows and cell rows.
  const inserted = await insertRows<{ id: number; document_id: number; organ_id: number; year: number }>(trx, 'report', fresh.map((r, i) => ({
    document_id: docs.get(r.sha256)!, organ_id: organOf(r), county_id: countyOf(r), year: r.year, organ_printed: r.organ_printed,
    published: r.published, published_source: r.published_source, template: r.template, status: r.status, current: current[i],
    deleted_at: r.deleted_at, headings: r.headings, overview: r.overview, problems: r.problems, other: r.other, cell_lines: r.cell_lines,
    created_at: r.created_at,
  })), { returning: ['id', 'document_id', 'organ_id', 'year'] });
  // Matched by natural key (several rows of one key: in id order).
  const byKey = new Map<string, number[]>();
  for (const row of [...inserted].sort((a, b) => a.id - b.id)) {
    const k = reportKey(row.document_id, row.organ_id, row.year);
    byKey.set(k, [...(byKey.get(k) ?? []), row.id]);
  }
  const freshPairs: [number, number][] = fresh.map((r) => [r.id, byKey.get(reportKey(docs.get(r.sha256)!, organOf(r), r.year))!.shift()!]);
  w.pairs.push(...freshPairs);
  w.reports.copied = fresh.length;
  const toTarget = new Map(freshPairs);

  const values = await valueRows(source, fresh.map((r) => r.id));
  await insertRows(trx, 'report_value', values.map((v) => ({ ...v, report_id: toTarget.get(v.report_id as number)! })));
  w.values = values.length;
  const cells = await cellRows(source, fresh.map((r) => r.id));
  await insertRows(trx, 'cell', cells.map((c) => ({ ...c, report_id: toTarget.get(c.report_id)! })));
  w.cells = cells.length;

  // Corrections: all of a copied report's; of a report already there, those the target lacks.
  const allPairs = new Map(w.pairs);
  const corrections = await correctionRows(source, batch.map((r) => r.id));
  const alreadyTargets = new Set(already.map((r) => allPairs.get(r.id)!));
  const contentKey = (c: { report_id: number; key: string; value: number | null; reason: string; author: string; created_at: string }) =>
    JSON.stringify([c.report_id, c.key, c.value, c.reason, c.author, c.created_at]);
  const targetCorrections = await correctionRows(trx, [...alreadyTargets]);
  const have = new Set(targetCorrections.map(contentKey));
  const newCorrections = [];
  for (const c of corrections) {
    const row = { report_id: allPairs.get(c.report_id)!, key: c.key, value: c.value, reason: c.reason, author: c.author, created_at: c.created_at };
    if (have.has(contentKey(row))) continue;
    have.add(contentKey(row));
    newCorrections.push({ row, sourceReport: c.report_id });
  }
  await insertRows(trx, 'correction', newCorrections.map((c) => c.row));
  w.corrections = { copied: newCorrections.length, already: corrections.length - newCorrections.length };

  // A report already there that took corrections it lacked: a cell whose latest correction is
  // now one of the source's has the source's value in force (unless the target's was later).
  const latestTarget = new Map<string, string>();
  for (const c of targetCorrections) {
    const k = `${c.report_id}|${c.key}`;
    if ((latestTarget.get(k) ?? '') < c.created_at) latestTarget.set(k, c.created_at);
  }
  const toApply = new Map<string, { source: number; target: number; key: string }>();
  for (const c of newCorrections) {
    if (!alreadyTargets.has(c.row.report_id)) continue;
    const k = `${c.row.report_id}|${c.row.key}`;
    if ((latestTarget.get(k) ?? '') <= c.row.created_at) toApply.set(k, { source: c.sourceReport, target: c.row.report_id, key: c.row.key });
  }
  const updated = new Set<number>();
  if (toApply.size) {
    const sourceIds = [...new Set([...toApply.values()].map((a) => a.source))];
    const sourceCells = new Map((await cellRows(source, sourceIds)).map((c) => [`${c.report_id}|${c.key}`, c]));
    const sourceValues = new Map((await valueRows(source, sourceIds)).map((v) => [v.report_id as number, v]));
    for (const a of toApply.values()) {
      const cell = sourceCells.get(`${a.source}|${a.key}`);
      if (!cell) continue;
      const column = valueColumn(a.key);
      const { report_id: _drop, ...state } = cell;
      await setCellState(trx, a.target, state, column, sourceValues.get(a.source)?.[column] ?? cell.value);
      updated.add(a.target);
    }
  }
  w.correctedInTarget = updated.size;

  w.changed = { reportIds: [...freshPairs.map(([, t]) => t), ...retired, ...updated] };
  return w;
}

// ------------------------------------------------------------------ report actions

async function copyActions(source: Db, target: Db, maps: IdMaps, result: CopyResult): Promise<void> {
  let after = 0;
  for (;;) {
    const batch = await actionBatch(source, after, 1000);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    const w = await writeWithFlags(target, async (trx) => {
      const rows = batch.filter((a) => maps.reports.has(a.report_id)).map((a) => ({
        report_id: maps.reports.get(a.report_id)!, action: a.action, reason: a.reason, author: a.author,
        detail: remapJsonText(a.detail, maps), created_at: a.created_at,
      }));
      const key = (a: (typeof rows)[number]) => JSON.stringify([a.report_id, a.action, a.reason, a.author, a.detail === null ? null : canonicalJson(JSON.parse(a.detail)), a.created_at]);
      const have = new Set((await actionsOfReports(trx, rows.map((r) => r.report_id))).map(key));
      const fresh = rows.filter((r) => {
        if (have.has(key(r))) return false;
        have.add(key(r));
        return true;
      });
      await insertRows(trx, 'report_action', fresh);
      return { copied: fresh.length, already: batch.length - fresh.length, changed: {} };
    });
    result.actions.copied += w.copied;
    result.actions.already += w.already;
  }
}

/**
 * Copy the source documents `ids` into the target, a few at a time (at most `documentBytes` of
 * files per statement; a larger one goes alone), adding each new row to `docs` (SHA-256 → target
 * id). Returns how many were written.
 */
async function copyDocuments(source: Db, trx: Db, ids: readonly number[], docs: Map<string, number>, options: CopyOptions): Promise<number> {
  const limit = options.documentBytes ?? 16 * 1024 * 1024;
  let written = 0;
  let group: number[] = [];
  let bytes = 0;
  const flush = async () => {
    if (group.length === 0) return;
    const inserted = await insertRows<{ id: number; sha256: string }>(trx, 'document', await documentsWhole(source, group), { returning: ['id', 'sha256'], maxRows: 200 });
    for (const d of inserted) docs.set(d.sha256, d.id);
    written += inserted.length;
    group = [];
    bytes = 0;
  };
  for (const d of await documentSizes(source, ids)) {
    if (group.length && bytes + d.size > limit) await flush();
    group.push(d.id);
    bytes += d.size;
  }
  await flush();
  return written;
}

// ------------------------------------------------------------------ attached scans

/**
 * The scan attached to a hand-entered report: its file (by SHA-256, copied when the target lacks
 * it) and the link. A target report that already has an attachment keeps its own.
 */
async function copyAttachments(source: Db, target: Db, maps: IdMaps, result: CopyResult, options: CopyOptions): Promise<void> {
  let after = 0;
  for (;;) {
    const batch = await attachmentBatch(source, after, 500);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.report_id;
    const mine = batch.filter((a) => maps.reports.has(a.report_id));
    const w = await writeWithFlags(target, async (trx) => {
      const docs = new Map((await documentsBySha(trx, mine.map((a) => a.sha256))).map((d) => [d.sha256, d.id]));
      const missing = [...new Map(mine.filter((a) => !docs.has(a.sha256)).map((a) => [a.sha256, a.document_id])).values()];
      const documents = await copyDocuments(source, trx, missing, docs, options);
      const linked = new Set((await attachedReports(trx, mine.map((a) => maps.reports.get(a.report_id)!))));
      const rows = mine.filter((a) => !linked.has(maps.reports.get(a.report_id)!))
        .map((a) => ({ report_id: maps.reports.get(a.report_id)!, document_id: docs.get(a.sha256)! }));
      await insertRows(trx, 'report_attachment', rows);
      return { copied: rows.length, already: mine.length - rows.length, documents, changed: {} };
    });
    result.attachments.copied += w.copied;
    result.attachments.already += w.already;
    result.documents.copied += w.documents;
  }
}

// ------------------------------------------------------------------ flag decisions

async function copyDecisions(source: Db, target: Db, maps: IdMaps, result: CopyResult): Promise<void> {
  let after = 0;
  for (;;) {
    const batch = await decisionBatch(source, after, 1000);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    // The source's flags these decisions are about, and the target's flags of the same identity.
    const sourceFlags = new Map((await flagsOf(source, batch.map((d) => d.identity))).map((f) => [`${f.identity}|${f.fingerprint}`, f]));
    const w = await writeWithFlags(target, async (trx) => {
      const identities = batch.map((d) => remapIdentity(d.identity, maps));
      const targetFlags = new Map((await flagsOf(trx, identities)).map((f) => [f.identity, f]));
      const rows = batch.map((d, i) => {
        const identity = identities[i]!;
        const was = sourceFlags.get(`${d.identity}|${d.fingerprint}`);
        const now = targetFlags.get(identity);
        const refinger = !!was && !!now && now.fingerprint !== d.fingerprint && sameFlag(was, now, maps);
        const fingerprint = refinger ? now.fingerprint : d.fingerprint;
        return { row: { identity, fingerprint, state: d.state, reason: d.reason, author: d.author, created_at: d.created_at }, refinger };
      });
      type Row = (typeof rows)[number]['row'];
      const key = (d: Row) => JSON.stringify([d.identity, d.fingerprint, d.state, d.reason, d.author, d.created_at]);
      const have = new Set((await decisionsOf(trx, identities)).map(key));
      const fresh = rows.filter(({ row }) => {
        if (have.has(key(row))) return false;
        have.add(key(row));
        return true;
      });
      // In the source's order, so the latest decision on a flag stays the latest.
      await insertRows(trx, 'flag_decision', fresh.map((f) => f.row));
      return { copied: fresh.length, already: batch.length - fresh.length, refingered: fresh.filter((f) => f.refinger).length, changed: {} };
    });
    result.decisions.copied += w.copied;
    result.decisions.already += w.already;
    result.decisionsRefingered += w.refingered;
  }
}

/** Do a source flag and a target flag say the same thing (rule, message, cells, details with ids remapped)? */
function sameFlag(
  was: { rule: string; message: string; cells: string; detail: string }, now: { rule: string; message: string; cells: string; detail: string }, maps: IdMaps,
): boolean {
  if (was.rule !== now.rule || was.message !== now.message || was.cells !== now.cells) return false;
  try {
    return canonicalJson(remapJson(JSON.parse(was.detail), maps)) === canonicalJson(JSON.parse(now.detail));
  } catch {
    return false;
  }
}
