/**
 * A table as a full grid of cell texts, and its text form for the parser: one line per row,
 * cells separated by tabs, every blank cell kept in place.
 *
 * Merged cells: the text stays in the top-left cell the merge starts at; the cells it covers
 * are left empty. Repeating the text instead would turn a value printed once across three
 * columns into three numbers, which the parser would read as three cells.
 */

/** A cell as the source declares it, before spans are expanded. */
export interface SourceCell {
  text: string;
  colspan: number;
  rowspan: number;
}

/** Rows of cells with spans -> a rectangular grid of texts ('' where covered or blank). */
export function expandSpans(rows: readonly (readonly SourceCell[])[]): string[][] {
  const grid: (string | undefined)[][] = rows.map(() => []);
  rows.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      const line = grid[r]!;
      while (line[c] !== undefined) c++;
      // A rowspan reaching past the table is cut at the last row, as browsers do.
      const rowspan = Math.max(1, Math.min(cell.rowspan, rows.length - r));
      const colspan = Math.max(1, Math.min(cell.colspan, 1000));
      for (let dr = 0; dr < rowspan; dr++) {
        for (let dc = 0; dc < colspan; dc++) {
          grid[r + dr]![c + dc] = dr === 0 && dc === 0 ? cell.text : '';
        }
      }
      c += colspan;
    }
  });
  const width = Math.max(0, ...grid.map((line) => line.length));
  return grid.map((line) => Array.from({ length: width }, (_, i) => line[i] ?? ''));
}

/** The parser's table form: a line per row, tabs between cells. */
export function gridLines(grid: readonly (readonly string[])[]): string[] {
  return grid.map((row) => row.join('\t'));
}

/**
 * The text of one cell: whitespace (also U+3000 and no-break spaces, which Word templates use
 * for "blank") collapsed, tabs and line breaks removed so a cell never splits its row.
 * Lines inside a cell are joined without a space between Chinese characters (a wrapped label),
 * with one space between Latin letters or digits.
 */
export function cellText(parts: readonly string[]): string {
  let out = '';
  for (const raw of parts) {
    const part = collapse(raw);
    if (!part) continue;
    if (out && /[A-Za-z0-9]$/.test(out) && /^[A-Za-z0-9]/.test(part)) out += ' ';
    out += part;
  }
  return out;
}

/** Whitespace of any kind -> one ASCII space, trimmed. */
export function collapse(s: string): string {
  return s.replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, ' ').trim();
}
