/**
 * Fuzzing the readers (fast-check): random bytes, text in every encoding, tag soup, and a real
 * .docx mutated byte by byte and entry by entry (entries dropped, duplicated, renamed, garbled,
 * sizes lied about). Every document either reads or fails with a ReportError carrying a reason;
 * none crashes the process or hangs (a per-case time limit).
 *
 * CI runs a fixed seed in well under a minute. Longer runs:
 *   NIANBAO_FUZZ_RUNS=20 NIANBAO_FUZZ_SEED=123 npx vitest run test/readers/fuzz.test.ts
 * (NIANBAO_FUZZ_RUNS multiplies the number of cases; a failure prints its seed and path to replay.)
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportError } from '../../server/report/errors.ts';
import { readDocument } from '../../server/report/readers/index.ts';
import { docxFile, htmlPage, reportBlocks, sampleRecord } from './fixtures.ts';
import { bombDocumentXml, buildZip, unzipEntries, type ZipEntry } from './zip-tools.ts';

const SEED = Number(process.env.NIANBAO_FUZZ_SEED ?? 20_250_117);
const SCALE = Math.max(1, Number(process.env.NIANBAO_FUZZ_RUNS ?? 1));
const CASE_MS = 20_000;
const runs = (n: number) => ({ seed: SEED, numRuns: n * SCALE, endOnFailure: true });
const TEST_MS = 60_000 * SCALE;

/** Reads or fails with a reason, within the time limit; anything else is a finding. */
async function readsOrRefuses(bytes: Buffer, fileName: string, tally?: Map<string, number>): Promise<void> {
  const count = (what: string) => tally?.set(what, (tally.get(what) ?? 0) + 1);
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => { timer = setTimeout(() => resolve('hang'), CASE_MS); });
  const outcome = await Promise.race([readDocument(bytes, fileName).then((doc) => ({ doc }), (error: unknown) => ({ error })), hang]);
  clearTimeout(timer);
  if (outcome === 'hang') throw new Error(`${fileName}: no answer in ${CASE_MS / 1000} s`);
  if ('doc' in outcome) {
    expect(typeof outcome.doc.text).toBe('string');
    count('read');
    return;
  }
  const { error } = outcome;
  if (!(error instanceof ReportError)) throw new Error(`${fileName}: not a ReportError: ${String((error as Error)?.stack ?? error)}`);
  expect(error.message.trim().length).toBeGreaterThan(0);
  expect(error.code).toBeTruthy();
  count(error.code);
}

const NAMES = ['报告.txt', 'report.html', 'report.docx', 'report', 'report.pdf', '年报.htm'];
const name = fc.constantFrom(...NAMES);

let docx: Buffer;
let entries: { name: string; data: Buffer }[];
let page: string;
let soffice: string | undefined;
/** document.xml of 5, 40 and 150 MB of repeated paragraphs, deflated (each a few hundred KB). */
let bombs: Awaited<ReturnType<typeof bombDocumentXml>>[];

beforeAll(async () => {
  // No LibreOffice: a mutated file that happens to look like .doc is refused at once, not converted for minutes.
  soffice = process.env.NIANBAO_SOFFICE;
  process.env.NIANBAO_SOFFICE = 'off';
  docx = await docxFile(reportBlocks(sampleRecord(4)));
  entries = await unzipEntries(docx);
  page = htmlPage(reportBlocks(sampleRecord(4)));
  bombs = [];
  for (const mb of [5, 40, 150]) bombs.push(await bombDocumentXml(mb * 1024 * 1024));
}, 60_000);
afterAll(() => {
  if (soffice === undefined) delete process.env.NIANBAO_SOFFICE;
  else process.env.NIANBAO_SOFFICE = soffice;
});

describe('fuzz: readDocument reads or refuses with a reason, never crashes or hangs', () => {
  it('random bytes, with and without document magic', { timeout: TEST_MS }, async () => {
    const magic = fc.constantFrom(
      Buffer.alloc(0), Buffer.from('PK\x03\x04', 'latin1'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.from('{\\rtf1', 'latin1'), Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff]), Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from('<html>', 'latin1'),
    );
    await fc.assert(fc.asyncProperty(magic, fc.uint8Array({ maxLength: 3000 }), name, async (head, body, file) => {
      await readsOrRefuses(Buffer.concat([head, Buffer.from(body)]), file);
    }), runs(1000));
  });

  it('text in every encoding, with and without a byte-order mark', { timeout: TEST_MS }, async () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.string({ unit: 'grapheme', maxLength: 400 }),
      fc.array(fc.constantFrom('某某区人民政府2024年政府信息公开工作年度报告\n', '总计\t', '1\t', '—\t', '\n', '\t', '本年新收政府信息公开申请数量', '\u0000', '\ufffd', '１２３'), { maxLength: 60 }).map((a) => a.join('')),
    );
    const encoding = fc.constantFrom('utf8', 'utf-16le', 'utf-16be', 'gb18030');
    await fc.assert(fc.asyncProperty(text, encoding, fc.boolean(), name, async (s, enc, bom, file) => {
      await readsOrRefuses(iconv.encode(s, enc, { addBOM: bom }), file);
    }), runs(1000));
  });

  it('tag soup and mutated web pages', { timeout: TEST_MS }, async () => {
    const piece = fc.oneof(
      fc.constantFrom('<table>', '</table>', '<tr>', '</tr>', '<td>', '</td>', '<td colspan="3">', '<td rowspan="2">', '<td colspan="0">',
        '<td rowspan="-1">', '<td colspan="1000">', '<th>', '<p>', '</p>', '<br>', '<meta charset="gbk">', '<meta charset="x-unknown">',
        '<!--', '-->', '<script>', '</script>', '<style>', '<![CDATA[', '&nbsp;', '&#0;', '&#xD800;', '&amp', '发布时间：2025-01-17', '总计', '12'),
      fc.string({ maxLength: 20 }),
    );
    const soup = fc.array(piece, { maxLength: 200 }).map((a) => a.join(''));
    const mutated = fc.tuple(fc.nat(), fc.nat({ max: 200 }), fc.string({ maxLength: 40 })).map(([at, cut, insert]) => {
      const i = at % page.length;
      return page.slice(0, i) + insert + page.slice(i + cut);
    });
    await fc.assert(fc.asyncProperty(fc.oneof(soup, mutated), fc.constantFrom('page.html', 'page.txt'), async (html, file) => {
      await readsOrRefuses(Buffer.from(html, 'utf8'), file);
    }), runs(500));
  });

  it('a real .docx with bytes flipped, cut, inserted and removed', { timeout: TEST_MS }, async () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 512 }) }),
    );
    const tally = new Map<string, number>();
    await fc.assert(fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
      let bytes = Buffer.from(docx);
      for (const e of edits) {
        const at = e.at % Math.max(1, bytes.length);
        if (e.kind === 'flip') bytes[at] = e.value;
        else if (e.kind === 'cut') bytes = bytes.subarray(0, at);
        else if (e.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.bytes), bytes.subarray(at)]);
        else bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + e.length)]);
      }
      await readsOrRefuses(bytes, 'mutated.docx', tally);
    }), runs(300));
    // The cases reach the Word reader: some still read, others are refused.
    expect(tally.get('read')).toBeGreaterThan(0);
    expect(tally.get('unsupported_format')).toBeGreaterThan(0);
    console.log('docx bytes:', Object.fromEntries(tally));
  });

  it('a real .docx taken apart: entries dropped, duplicated, renamed, garbled, stored, sizes lied about', { timeout: TEST_MS }, async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('drop' as const), i: fc.nat() }),
      fc.record({ kind: fc.constant('duplicate' as const), i: fc.nat() }),
      fc.record({ kind: fc.constant('rename' as const), i: fc.nat(), to: fc.constantFrom('word/document.xml', '../evil.xml', '/abs.xml', 'a\\b.xml', '', 'word/', '中文/文件.xml') }),
      fc.record({ kind: fc.constant('garble' as const), i: fc.nat(), bytes: fc.uint8Array({ maxLength: 200 }) }),
      fc.record({ kind: fc.constant('xml' as const), at: fc.nat(), text: fc.constantFrom('<', '>', '</w:p>', '<w:tbl>', '<w:gridSpan w:val="99999"/>', '<w:vMerge/>', '&lt;', '&bogus;', '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', '\u0000', '"', '<w:t>总计</w:t>') }),
      fc.record({ kind: fc.constant('lie' as const), i: fc.nat(), size: fc.oneof(fc.constant(0), fc.nat({ max: 1 << 20 }), fc.constant(0xffffffff)) }),
      fc.record({ kind: fc.constant('store' as const), i: fc.nat() }),
    );
    const tally = new Map<string, number>();
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 5 }), async (ops) => {
      let list: ZipEntry[] = entries.map((e) => ({ name: e.name, data: e.data }));
      for (const o of ops) {
        if (!list.length) break;
        if (o.kind === 'xml') {
          const doc = list.find((e) => e.name === 'word/document.xml');
          if (!doc?.data) continue;
          const xml = doc.data.toString('utf8');
          const at = o.at % xml.length;
          doc.data = Buffer.from(xml.slice(0, at) + o.text + xml.slice(at), 'utf8');
          continue;
        }
        const i = o.i % list.length;
        const e = list[i]!;
        if (o.kind === 'drop') list = list.filter((_, j) => j !== i);
        else if (o.kind === 'duplicate') list.push({ ...e });
        else if (o.kind === 'rename') list[i] = { ...e, name: o.to };
        else if (o.kind === 'garble') list[i] = { name: e.name, data: Buffer.from(o.bytes) };
        else if (o.kind === 'lie') list[i] = { ...e, declaredSize: o.size };
        else list[i] = { ...e, method: 0 };
      }
      await readsOrRefuses(buildZip(list), 'parts.docx', tally);
    }), runs(300));
    console.log('docx parts:', Object.fromEntries(tally));
    expect(tally.get('read')).toBeGreaterThan(0);
    expect(tally.get('unsupported_format')).toBeGreaterThan(0);
  });

  it('zip bombs of every shape: sizes told or understated, beside good entries, duplicated', { timeout: TEST_MS }, async () => {
    const shape = fc.record({
      bomb: fc.nat({ max: bombs.length - 1 }),
      declared: fc.constantFrom('true', 'small', 'zero', 'max'),
      as: fc.constantFrom('word/document.xml', 'word/styles.xml', 'word/media/image1.png'),
      twice: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(shape, async ({ bomb, declared, as, twice }) => {
      const b = bombs[bomb]!;
      const size = declared === 'true' ? b.size : declared === 'small' ? 4096 : declared === 'zero' ? 0 : 0xffffffff;
      const entry: ZipEntry = { name: as, deflated: b.deflated, crc: b.crc, size: b.size, declaredSize: size };
      const list: ZipEntry[] = entries.filter((e) => e.name !== as).map((e) => ({ name: e.name, data: e.data }));
      list.push(entry);
      if (twice) list.push({ ...entry, name: as === 'word/document.xml' ? 'word/styles.xml' : 'word/document.xml' });
      await readsOrRefuses(buildZip(list), 'bomb.docx');
    }), runs(24));
  });

  it('XML entity expansion (billion laughs) in document.xml is refused, not expanded', { timeout: TEST_MS }, async () => {
    const doc = entries.find((e) => e.name === 'word/document.xml')!.data.toString('utf8');
    const lol = ['<!ENTITY l0 "lollollollollollollollollollol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`)].join('');
    const bomb = doc.replace('?>', `?><!DOCTYPE w:document [${lol}]>`).replace('<w:t', '<w:t xml:space="preserve">&l9;</w:t><w:t');
    const zip = buildZip(entries.map((e) => (e.name === 'word/document.xml' ? { name: e.name, data: Buffer.from(bomb) } : e)));
    await readsOrRefuses(zip, 'laughs.docx');
  });
});
