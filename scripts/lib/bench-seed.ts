/**
 * The generated province of `npm run bench:api`: one generator of rows, two writers (SQLite
 * prepared statements, PostgreSQL COPY), so both backends hold identical data.
 *
 * COUNTIES counties × organs × YEARS years; per report the rows `storeReport` writes for a report
 * without doubts (document, report, the wide report_value row), about one flag per three reports,
 * and with `cells` the 200 cell rows reports stored before migration 0003 have. Ids are given
 * explicitly (1, 2, … in generation order, as autoincrement would give them), sort keys are
 * written with the names. The schema is the application's: the database is opened, and so
 * migrated, by `openDatabase` before any row is written.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type SQLite from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { VALUE_COLUMNS } from '../../db/schema.ts';
import { sortKey } from '../../db/sort-key.ts';
import { CELLS, SECTIONS, emptyTables, getCell, setCell } from '../../server/report/template.ts';
import type { ReportRecord } from '../../server/report/template.ts';

export const YEARS = 10;
export const COUNTIES = 100;
export const FIRST_YEAR = 2015;

export interface SeedShape {
  reports: number;
  /** Organs per county. */
  organs: number;
  /** 200 cell rows per report too. */
  cells: boolean;
}

export function seedShape(reports: number, cells = false): SeedShape {
  return { reports, organs: Math.max(1, Math.round(reports / YEARS / COUNTIES)), cells };
}

export function describeShape(s: SeedShape): string {
  return `${s.reports} 份报告（${COUNTIES} 县 × ${s.organs} 单位 × ${YEARS} 年${s.cells ? '，含长表单元格' : ''}）`;
}

type Value = string | number | Buffer | null;
type Row = Value[];

/** Each table's columns, in the order the generator gives a row's values. */
export const SEED_COLUMNS = {
  county: ['id', 'name', 'sort_key'],
  organ: ['id', 'county_id', 'name', 'full_name', 'sort_key', 'kind', 'in_registry'],
  document: ['id', 'sha256', 'file_name', 'format', 'extraction', 'size', 'content', 'text', 'received_via'],
  report: ['id', 'document_id', 'organ_id', 'county_id', 'year', 'organ_printed', 'published', 'published_source', 'template', 'status', 'current', 'headings', 'overview', 'problems', 'other'],
  report_value: ['report_id', ...VALUE_COLUMNS],
  cell: ['report_id', 'key', 'parsed', 'value', 'review', 'line', 'corrected'],
  flag: ['id', 'identity', 'fingerprint', 'rule', 'severity', 'message', 'report_id', 'organ_id', 'county_id', 'year', 'cells', 'detail'],
} as const;

export type SeedTable = keyof typeof SEED_COLUMNS;
/** Parents first: the order rows are written in, so that every reference finds its row. */
export const SEED_TABLES: readonly SeedTable[] = ['county', 'organ', 'document', 'report', 'report_value', 'cell', 'flag'];
/** Tables whose `id` the database fills: its sequence must go on after the seeded ids. */
const ID_TABLES: readonly SeedTable[] = ['county', 'organ', 'document', 'report', 'flag'];

/** One county's rows, table by table. */
export type SeedBatch = Record<SeedTable, Row[]>;

/** Deterministic PRNG (mulberry32): the same data every run, on either backend. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RULES = [['cells.blank', 'warning'], ['timeliness.late', 'warning'], ['arith.balance', 'error'], ['risk.disclosure_rate', 'info']] as const;

/** The rows of the whole province, one county at a time (about reports/100 reports each). */
export function* seedBatches(shape: SeedShape): Generator<SeedBatch> {
  const rand = prng(20240131);
  const int = (max: number) => Math.floor(rand() * (max + 1));
  const cellIndex = (key: string) => CELLS.find((c) => c.key === key)!;

  const generate = (organ: string, year: number): ReportRecord => {
    const t = emptyTables();
    for (const c of CELLS) setCell(t, c, c.section === 'requests' ? 0 : int(3));
    const granted = int(20);
    const partial = int(5);
    const notHeld = int(5);
    const total = granted + partial + notHeld;
    const set = (key: string, v: number | null) => setCell(t, cellIndex(key), v);
    set('requests.new.natural_person', total); set('requests.new.total', total);
    set('requests.granted.natural_person', granted); set('requests.granted.total', granted);
    set('requests.partially_granted.natural_person', partial); set('requests.partially_granted.total', partial);
    set('requests.unable_not_held.natural_person', notHeld); set('requests.unable_not_held.total', notHeld);
    set('requests.processed_total.natural_person', total); set('requests.processed_total.total', total);
    if (rand() < 0.05) set('appeals.review.total', null);
    return {
      organ, year, published: `${year + 1}-01-${10 + int(20)}`, published_source: 'report', template: '2021',
      headings: SECTIONS.map((s, i) => ({ no: s.no, title: s.title, line: i * 10 + 1 })),
      narrative: { overview: `${year}年，${organ}推进政务公开。`, problems: '公开内容不够丰富。', other: '无。' }, ...t,
    };
  };

  let n = 0;
  let organId = 0;
  let flagId = 0;
  for (let c = 0; c < COUNTIES && n < shape.reports; c++) {
    const batch: SeedBatch = { county: [], organ: [], document: [], report: [], report_value: [], cell: [], flag: [] };
    const countyId = c + 1;
    const county = `生成第${c + 1}县`;
    batch.county.push([countyId, county, sortKey(county)]);
    for (let o = 0; o < shape.organs; o++) {
      const name = `第${o + 1}镇`;
      const fullName = `${county}${name}人民政府`;
      organId++;
      batch.organ.push([organId, countyId, name, fullName, sortKey(name), 'township', 1]);
      for (let y = 0; y < YEARS && n < shape.reports; y++, n++) {
        const year = FIRST_YEAR + y;
        const rec = generate(fullName, year);
        const text = `${rec.organ}${year}年政府信息公开工作年度报告`;
        const bytes = Buffer.from(`${text}#${n}`);
        const id = n + 1;
        batch.document.push([id, createHash('sha256').update(bytes).digest('hex'), `${name}${year}.txt`, 'txt', 'utf-8', bytes.length, bytes, text, 'seed']);
        batch.report.push([id, id, organId, countyId, year, rec.organ, rec.published, 'report', '2021', 'ok', 1, JSON.stringify(rec.headings),
          rec.narrative.overview, rec.narrative.problems, rec.narrative.other]);
        const values = CELLS.map((cell) => getCell(rec, cell));
        batch.report_value.push([id, ...values]);
        if (shape.cells) CELLS.forEach((cell, i) => batch.cell.push([id, cell.key, values[i]!, values[i]!, null, null, 0]));
        if (rand() < 0.35) {
          const [rule, severity] = RULES[int(RULES.length - 1)]!;
          batch.flag.push([++flagId, `${rule}|${organId}|${year}|`, 'x', rule, severity, '生成的提示', id, organId, countyId, year, '[]', '{}']);
        }
      }
    }
    yield batch;
  }
}

export interface SeedResult { reports: number; seconds: number }

/** Write the province into an opened (migrated, empty) SQLite database: one transaction of prepared statements. */
export function seedSqlite(sqlite: SQLite.Database, shape: SeedShape): SeedResult {
  const started = Date.now();
  sqlite.pragma('synchronous = OFF');
  const insert = Object.fromEntries(SEED_TABLES.map((t) => {
    const cols = SEED_COLUMNS[t];
    return [t, sqlite.prepare(`insert into ${t} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`)];
  })) as Record<SeedTable, SQLite.Statement>;
  let reports = 0;
  sqlite.transaction(() => {
    for (const batch of seedBatches(shape)) {
      for (const t of SEED_TABLES) for (const row of batch[t]) insert[t].run(...row);
      reports += batch.report.length;
    }
  })();
  sqlite.pragma('optimize');
  sqlite.pragma('synchronous = NORMAL');
  return { reports, seconds: (Date.now() - started) / 1000 };
}

/** A value in COPY's text format: `\N` for null, bytea as `\\x…`, text with backslash escapes. */
function copyField(v: Value): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (ch) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[ch]!) : v;
}

function* copyChunks(rows: Row[]): Generator<string> {
  const size = 500;
  for (let i = 0; i < rows.length; i += size) {
    yield rows.slice(i, i + size).map((r) => `${r.map(copyField).join('\t')}\n`).join('');
  }
}

/** One county: every table by COPY, in one transaction on one connection. */
async function copyBatch(client: pg.Client, batch: SeedBatch): Promise<void> {
  await client.query('begin');
  try {
    for (const t of SEED_TABLES) {
      if (!batch[t].length) continue;
      const stream = client.query(copyFrom(`copy ${t} (${SEED_COLUMNS[t].join(', ')}) from stdin`));
      await pipeline(Readable.from(copyChunks(batch[t])), stream);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/**
 * Write the province into an opened (migrated, empty) PostgreSQL database by COPY: each county
 * in its own transaction, two connections taking turns so that the next county is generated
 * while the last one is copied. Then the id sequences are moved past the seeded ids, and
 * VACUUM ANALYZE gives the planner its statistics (and the index-only scans their visibility map).
 */
export async function seedPostgres(url: string, shape: SeedShape, log: (line: string) => void = () => undefined): Promise<SeedResult> {
  const started = Date.now();
  const clients = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
  await Promise.all(clients.map((c) => c.connect()));
  let reports = 0;
  try {
    const inFlight: Promise<void>[] = [];
    let turn = 0;
    for (const batch of seedBatches(shape)) {
      if (inFlight.length >= clients.length) await inFlight.shift();
      reports += batch.report.length;
      inFlight.push(copyBatch(clients[turn++ % clients.length]!, batch));
      if (turn % 10 === 0) log(`  已写入约 ${reports} 份（${((Date.now() - started) / 1000).toFixed(0)} 秒）`);
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(inFlight);
    const c = clients[0]!;
    for (const t of ID_TABLES) {
      await c.query(`select setval(pg_get_serial_sequence('${t}', 'id'), coalesce((select max(id) from ${t}), 0) + 1, false)`);
    }
    const copied = Date.now();
    await c.query('vacuum analyze');
    log(`  COPY ${((copied - started) / 1000).toFixed(0)} 秒，VACUUM ANALYZE ${((Date.now() - copied) / 1000).toFixed(0)} 秒`);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  return { reports, seconds: (Date.now() - started) / 1000 };
}
