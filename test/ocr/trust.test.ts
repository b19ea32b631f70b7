/**
 * The trust rules for OCR'd numbers, on texts written as the scan reader writes them: what a
 * doubtful reading becomes (null with a 识别不确定 review entry, through the parser), and which
 * cells the template's arithmetic vouches for.
 */
import { describe, expect, it } from 'vitest';
import { parseText } from '../../server/report/parse.ts';
import { renderText } from '../../server/report/render.ts';
import { arithmeticVerdict, level, settle, unsureText, type TrustCell } from '../../server/report/readers/ocr/trust.ts';
import { record } from '../support/records.ts';

describe('level of a reading', () => {
  it('needs two readings that agree and outnumber the rest; unanimous and confident for high', () => {
    const lv = (reads: string[], conf: number, zh = '') => level(reads, conf, zh).level;
    expect(lv(['112', '112'], 96)).toBe('high');
    expect(lv(['112', '112'], 70)).toBe('medium');
    expect(lv(['112', '113'], 96)).toBe('unsure');
    expect(lv(['112', '113'], 96, '112')).toBe('medium');
    expect(level(['112', '113'], 96, '112').value).toBe('112');
    expect(lv(['', '112', '112'], 90)).toBe('high');
    expect(lv(['', '112', ''], 90)).toBe('unsure');
    expect(lv(['', '112', ''], 90, '了')).toBe('unsure');
    expect(lv(['1-2', '1-2'], 96)).toBe('unsure');
    expect(lv(['12.5', '12.5'], 96)).toBe('high');
  });

  it('writes a doubtful cell so the parser nulls it with the page and the reading', () => {
    const r = record('青禾县东山镇人民政府', 2023, { 'requests.new.natural_person': 5, 'requests.new.total': 5 });
    const lines = renderText(r, 'exact-grid', { plain: true }).split('\n');
    const i = lines.findIndex((l) => l.includes('本年新收'));
    lines[i] = lines[i]!.replace(/\t5\t/, `\t${unsureText(2, '5', '识别把握不足')}\t`);
    const parsed = parseText(lines.join('\n'), { exactCells: true });
    expect(parsed.record!.requests.new.natural_person).toBeNull();
    expect(parsed.review).toContainEqual(expect.objectContaining({
      section: 'requests', row: 'new', column: 'natural_person', reason: '识别不确定：第2页此格识别为“5”，识别把握不足，请对照原件核对',
    }));
  });
});

describe('the arithmetic', () => {
  const base = {
    'requests.new.natural_person': 10, 'requests.new.total': 10,
    'requests.granted.natural_person': 8, 'requests.granted.total': 8,
    'requests.processed_total.natural_person': 8, 'requests.processed_total.total': 8,
    'requests.carried_forward.natural_person': 2, 'requests.carried_forward.total': 2,
    'appeals.review.upheld': 1, 'appeals.review.total': 1,
  };

  it('vouches for every cell of a consistent report except those no relation covers', () => {
    const { doubtful, unchecked } = arithmeticVerdict(record('某镇人民政府', 2023, base));
    expect(doubtful.size).toBe(0);
    expect([...unchecked].every((k) => k.startsWith('active.'))).toBe(true);
    expect(unchecked.has('active.fees.amount_wan_yuan')).toBe(true);
  });

  it('doubts the one cell whose row and column both break, not its neighbours', () => {
    // OCR read 8 as 3 in 予以公开/自然人: its row (total 8) and its column (processed 8) break.
    const { doubtful } = arithmeticVerdict(record('某镇人民政府', 2023, { ...base, 'requests.granted.natural_person': 3 }));
    expect([...doubtful]).toEqual(['requests.granted.natural_person']);
  });

  it('settles the texts: a misread number becomes 识别不确定, the rest stand', () => {
    const r = record('某镇人民政府', 2023, base);
    const lines = renderText(r, 'exact-grid', { plain: true }).split('\n');
    // Every number of the tables becomes a cell of the scan, read with medium confidence; 8 misread as 3 once.
    const cells: TrustCell[] = [];
    const rows = lines.map((line) => line.split('\t').map((f) => {
      if (!/^\d+(\.\d+)?$/.test(f)) return f;
      cells.push({ page: 1, text: f, read: f, level: 'medium' });
      return cells.length - 1;
    }));
    const granted = rows.findIndex((row) => row.some((f) => String(f).includes('予以公开')));
    const at = rows[granted]!.find((f) => typeof f === 'number' && cells[f]!.text === '8') as number;
    cells[at] = { ...cells[at]!, text: '3', read: '3' };
    const render = (texts: readonly string[]) => rows.map((row) => row.map((f) => (typeof f === 'number' ? texts[f] : f)).join('\t')).join('\n');
    const { texts, placed } = settle(cells, render);
    const parsed = parseText(render(texts), { exactCells: true });
    expect(placed.get('requests.granted.natural_person')).toBe(at);
    expect(parsed.record!.requests.granted.natural_person).toBeNull();
    expect(parsed.review.find((e) => e.row === 'granted' && e.column === 'natural_person')!.reason).toMatch(/^识别不确定：第1页此格识别为“3”，与表内勾稽关系不符/);
    expect(parsed.record!.requests.granted.total).toBe(8);
    expect(parsed.record!.requests.new.natural_person).toBe(10);
    // 主动公开 has no relation: a medium reading there is not enough.
    expect(parsed.record!.active.regulations.issued).toBeNull();
    expect(parsed.review.find((e) => e.section === 'active' && e.row === 'regulations' && e.column === 'issued')!.reason).toMatch(/无勾稽关系可核验/);
  });
});
