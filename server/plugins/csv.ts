/** `reply.csv(name, columns, rows)` and `wantsCsv(request)`: every list and aggregate's CSV twin. */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { attachment, csvStream, toCsv } from '../csv.ts';
import type { CsvColumn } from '../csv.ts';

declare module 'fastify' {
  interface FastifyReply {
    csv<T>(fileName: string, columns: readonly CsvColumn<T>[], rows: Iterable<T> | AsyncIterable<T>): FastifyReply;
  }
}

export function wantsCsv(request: FastifyRequest): boolean {
  return (request.query as { format?: string } | undefined)?.format === 'csv';
}

/** Rows a CSV may hold (lists are otherwise paged). */
export const CSV_MAX_ROWS = 200_000;

/** The page a list answers: the asked one (default 50 rows), or for CSV every row up to CSV_MAX_ROWS. */
export function pageOf(request: FastifyRequest, q: { limit?: number | undefined; offset?: number | undefined }): { csv: boolean; limit: number; offset: number } {
  const csv = wantsCsv(request);
  return csv ? { csv, limit: CSV_MAX_ROWS, offset: 0 } : { csv, limit: q.limit ?? 50, offset: q.offset ?? 0 };
}

export default fp(async function csv(app: FastifyInstance) {
  app.decorateReply('csv', function csvReply<T>(this: FastifyReply, fileName: string, columns: readonly CsvColumn<T>[], rows: Iterable<T> | AsyncIterable<T>) {
    this.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', attachment(`${fileName}.csv`));
    if (Symbol.asyncIterator in rows) return this.send(Readable.from(csvStream(columns, rows)));
    return this.send(toCsv(columns, rows as Iterable<T>));
  });
}, { name: 'csv' });
