/** A small ZIP writer for the ingest tests (databases: ../support/db.ts, records: ../support/records.ts). */
import { buildZip } from '../readers/zip-tools.ts';

/** A ZIP archive (deflated entries). A name given as bytes is written without the UTF-8 flag, as Chinese Windows writes GBK names. */
export function makeZip(files: { name: string | Buffer; data: Buffer }[]): Buffer {
  return buildZip(files);
}
