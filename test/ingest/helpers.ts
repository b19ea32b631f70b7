/** Records built from the template and a small ZIP writer for the ingest tests (databases: ../support/db.ts). */
import { crc32, deflateRawSync } from 'node:zlib';
import { CELLS, SECTIONS, emptyTables, setCell } from '../../server/report/template.ts';
import type { ReportRecord } from '../../server/report/template.ts';

/** A report record: every cell 0 except the given ones, sections 一–六 present. */
export function record(organ: string, year: number, values: Record<string, number | null> = {}): ReportRecord {
  const tables = emptyTables();
  for (const c of CELLS) setCell(tables, c, c.key in values ? values[c.key]! : 0);
  return {
    organ, year, published: `${year + 1}-01-20`, published_source: 'report', template: '2021',
    headings: SECTIONS.map((s, i) => ({ no: s.no, title: s.title, line: i * 10 + 1 })),
    narrative: { overview: `${year}年，${organ}推进政务公开。`, problems: '公开内容不够丰富。', other: '无。' },
    ...tables,
  };
}

/** A ZIP archive (deflated entries). `gbkNames`: names are raw bytes without the UTF-8 flag, as Chinese Windows writes. */
export function makeZip(files: { name: string | Buffer; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = typeof f.name === 'string' ? Buffer.from(f.name, 'utf8') : f.name;
    const flag = typeof f.name === 'string' ? 0x800 : 0;
    const body = deflateRawSync(f.data);
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(flag, 6); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(body.length, 18); local.writeUInt32LE(f.data.length, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(flag, 8);
    central.writeUInt16LE(8, 10); central.writeUInt32LE(crc, 16); central.writeUInt32LE(body.length, 20); central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
