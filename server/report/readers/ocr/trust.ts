/**
 * Which OCR'd numbers may stand. A number is never guessed: a cell whose reading is doubtful is
 * written for the parser as `〔识别不确定〕…` (parser/text.ts OCR_UNSURE), which the parser reads as
 * null with a review entry saying 识别不确定, the OCR text and the page: the one review mechanism.
 *
 * - readings that disagree with no majority, or not a plain number: doubtful (level());
 * - a cell in a 勾稽 relation (shared/relations.ts) that breaks while no relation it belongs to
 *   holds: doubtful (the other cells of the broken relation are vouched for by their own);
 * - a cell no relation checks (主动公开 counts, 收费金额, or a relation with a blank): accepted only
 *   when every reading agrees with high confidence; a majority reading needs a relation that holds.
 *
 * Which template cell an OCR cell became is asked of the parser itself: the text is parsed once
 * with every number replaced by a unique marker value, so the matcher stays the only one that
 * places numbers.
 */
import { CELLS, cellDef, getCell, type ReportRecord } from '../../template.ts';
import { parseText } from '../../parse.ts';
import { OCR_UNSURE } from '../../parser/text.ts';
import { RELATIONS, relationHolds } from '../../../../shared/relations.ts';

/** How sure a number cell's reading is, before the arithmetic has its say. */
export type Level = 'high' | 'medium' | 'unsure';

export const HIGH_CONF = 85;

const PLAIN = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

/**
 * Readings of a number cell -> its level and value. `reads` are the digit passes ('' when a pass
 * found nothing), `zh` the Chinese pass's reading, `conf` the lowest word confidence.
 * - high: every reading that found something says the same (at least two did), confidently;
 * - medium: two or more readings agree and outnumber every other answer: accepted only where a
 *   勾稽 relation that holds vouches for it (settle());
 * - unsure: anything else.
 */
export function level(reads: readonly string[], conf: number, zh = ''): { level: Level; value: string } {
  const votes = reads.filter((r) => r !== '');
  if (PLAIN.test(zh)) votes.push(zh);
  const counts = new Map<string, number>();
  for (const v of votes) counts.set(v, (counts.get(v) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [top, n] = ranked[0] ?? ['', 0];
  if (n < 2 || !PLAIN.test(top) || (ranked[1] && ranked[1][1] === n)) return { level: 'unsure', value: top };
  if (ranked.length === 1 && conf >= HIGH_CONF) return { level: 'high', value: top };
  return { level: 'medium', value: top };
}

/** The cell text that makes the parser null the cell with a review entry. */
export function unsureText(page: number, read: string, why: string): string {
  const shown = read.replace(/[\t\n]/g, ' ').trim();
  return `${OCR_UNSURE}第${page}页此格${shown ? `识别为“${shown.slice(0, 20)}”` : '有字迹但未能识别'}，${why}，请对照原件核对`;
}

/**
 * The keys of the cells the arithmetic finds doubtful, and of the ones it cannot vouch for (in no
 * relation that could be checked), in a parsed record. The relations are shared/relations.ts's,
 * the ones the compliance checks and the web's live check use.
 */
export function arithmeticVerdict(record: ReportRecord): { doubtful: Set<string>; unchecked: Set<string> } {
  const value = (k: string) => getCell(record, cellDef(k)!);
  const holds = new Set<string>();
  const breaks = new Set<string>();
  for (const r of RELATIONS) {
    // A relation with a blank cell holds nothing and breaks nothing.
    const h = relationHolds(r, value);
    if (h === null) continue;
    for (const k of [...r.left, ...r.right]) (h ? holds : breaks).add(k);
  }
  const doubtful = new Set([...breaks].filter((k) => !holds.has(k)));
  const unchecked = new Set(CELLS.map((c) => c.key).filter((k) => !holds.has(k) && !breaks.has(k)));
  return { doubtful, unchecked };
}

/** A number cell of the scan as the trust rules see it. */
export interface TrustCell {
  page: number;
  /** The text written for the parser: the number, or an OCR_UNSURE text. */
  text: string;
  /** The reading as OCR gave it (for the review entry). */
  read: string;
  level: Level;
}

/** Marker values for the placement probe: far above any count a report prints. */
const PROBE_BASE = 7_000_000;

/**
 * Applies the arithmetic to the cells' texts: `render(texts)` writes the document's text with
 * the given text per number cell (index into `cells`). Returns the final texts, and for each
 * template key the index of the cell it was read from.
 */
export function settle(cells: TrustCell[], render: (texts: readonly string[]) => string): { texts: string[]; placed: Map<string, number> } {
  const texts = cells.map((c) => c.text);
  const probe = parseText(render(cells.map((_, i) => String(PROBE_BASE + i))), { exactCells: true });
  const placed = new Map<string, number>();
  if (probe.record) {
    for (const def of CELLS) {
      const v = getCell(probe.record, def);
      if (v !== null && v >= PROBE_BASE && v < PROBE_BASE + cells.length) placed.set(def.key, v - PROBE_BASE);
    }
  }
  const parsed = parseText(render(texts), { exactCells: true });
  if (!parsed.record) return { texts, placed };
  const { doubtful, unchecked } = arithmeticVerdict(parsed.record);
  for (const [key, i] of placed) {
    const c = cells[i]!;
    if (c.level === 'unsure') continue;
    if (doubtful.has(key)) texts[i] = unsureText(c.page, c.read, '与表内勾稽关系不符');
    else if (unchecked.has(key) && c.level !== 'high') texts[i] = unsureText(c.page, c.read, '识别把握不足且无勾稽关系可核验');
  }
  // A number the parser placed nowhere it could be found again is left as read: it is in no cell.
  return { texts, placed };
}
