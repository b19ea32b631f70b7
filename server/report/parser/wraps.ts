/**
 * Numbers broken over two lines of a too-narrow cell, in text laid out by position (pdftotext
 * -layout of a Word or LibreOffice PDF): the cell's lines straddle its row's line, where the
 * row's one-line cells stand, vertically centred:
 *
 *                                  2302
 *     一、本年新收政府信息公开申请数量   3693 3892 2822 3866 4013 4741
 *                                  7
 *
 * Position alone cannot tell these parts from numbers of other rows out of step, so a reading
 * that joins them (`wrappedLines`) is only a hypothesis: the parser keeps it only where the
 * template's arithmetic witnesses every joined number it places (arith.ts joinWitnessed), and
 * otherwise reads the text as printed, where such parts are flagged.
 */

/** A number's characters on a line: digits with their separators. */
const NUMBER_WORD = /\d[\d,.]*/g;
/** A line of numbers alone (and spaces); one pattern with a digit in the middle would backtrack quadratically on a long line. */
const NUMBERS_ONLY = /^[\d,.\s]+$/;
const numbersOnly = (line: string) => NUMBERS_ONLY.test(line) && /\d/.test(line);

interface Word {
  start: number;
  end: number;
  text: string;
}

function numberWords(line: string): Word[] {
  return [...line.matchAll(NUMBER_WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
}

/** A number joined from the parts above and below its row's line. */
export interface JoinedNumber {
  /** 0-based index, into the lines given, of the row's line the number now stands on. */
  line: number;
  value: number;
}

/**
 * The lines with each straddling number joined onto its row's line (the lines of parts blanked,
 * so the line count stays), and the numbers joined; null when there are none. A row's line `m`
 * has a line of numbers alone right above and right below it, and the two pair up word by word:
 * each lower part stands where an upper part starts (a flush-left cell) or centred on it (a
 * centred one), every part has its pair, the upper parts are two or more digits long (a cell
 * holds at least two), and the joined number fits where its upper part stands on the row's line
 * (nothing printed there, a space before the next word).
 */
export function wrappedLines(lines: readonly string[]): { lines: string[]; joined: JoinedNumber[] } | null {
  let out: string[] | null = null;
  const joined: JoinedNumber[] = [];
  for (let m = 1; m + 1 < lines.length; m++) {
    const upper = lines[m - 1] as string;
    const lower = lines[m + 1] as string;
    if (!numbersOnly(upper) || !numbersOnly(lower) || (out && (out[m - 1] !== upper || out[m + 1] !== lower))) continue;
    const ups = numberWords(upper);
    const downs = numberWords(lower);
    if (ups.length !== downs.length || ups.some((u) => u.text.length < 2)) continue;
    const pairs = ups.map((u, k) => [u, downs[k] as Word] as const);
    const paired = pairs.every(([u, d]) => d.start === u.start || Math.abs(d.start + d.end - u.start - u.end) <= 1);
    if (!paired) continue;
    const row = (out ?? lines)[m] as string;
    const fits = pairs.every(([u, d], k) => {
      const end = u.start + u.text.length + d.text.length;
      const next = pairs[k + 1]?.[0].start ?? Infinity;
      return end < next && row.slice(Math.max(0, u.start - 1), end + 1).trim() === '';
    });
    if (!fits) continue;
    // Left to right, each joined number written over the blank where its upper part stands.
    let written = '', at = 0;
    for (const [u, d] of pairs) {
      const text = u.text + d.text;
      written += row.slice(at, u.start).padEnd(u.start - at) + text;
      at = u.start + text.length;
      joined.push({ line: m, value: Number(text.replace(/,/g, '')) });
    }
    out ??= [...lines];
    out[m] = written + row.slice(at);
    out[m - 1] = '';
    out[m + 1] = '';
  }
  return out ? { lines: out, joined } : null;
}
