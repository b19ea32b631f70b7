/**
 * A browser's copy of a table whose cells hold paragraphs (Word pasted into a web page:
 * `<td><p>319</p></td>`), as Chromium's innerText and a select-and-copy give it: each cell's text
 * on a line of its own between empty lines, the tab between two cells on a line of its own, and
 * a run of blank cells as one line of tabs and no-break spaces:
 *
 *     6.属于四类过程性信息 / '' / '\t' / '' / 319 / '' / '\t' / '' / 113 / … / 213 / '' / '\t\u00a0\t\u00a0\t\u00a0'
 *
 * joinCellParagraphs puts each such row back on one line, cells separated by tabs (the tab-rows
 * layout), without changing the number of lines: the row stands on its first line holding a
 * number (else its first line), its other lines become empty. A row ends where a cell text
 * follows another, or a run of blank cells, with no tab between them (a row may start with a
 * blank cell: `\u00a0\t` after the last cell of the row above). Nothing changes in a text without at least
 * MIN_SEPARATORS tab lines standing between empty lines (a text of one cell per line, tab-indented,
 * has its blank cells as tab lines between cells, not between empty lines).
 */

const MIN_SEPARATORS = 10;

/** A line of tabs (at least one), no-break spaces and spaces only. */
function isSeparator(line: string): boolean {
  let tab = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 9) tab = true;
    else if (c !== 0x20 && c !== 0xa0) return false;
  }
  return tab;
}

const isEmpty = (line: string | undefined) => line !== undefined && line.trim() === '';

/**
 * How many empty lines after a tab begin a new row. A blank cell holding an empty paragraph (Word's
 * HTML: `<td><p><br></p></td>`) prints no no-break space: a row ending with one ends with its tab,
 * and the next row's first cell comes as a cell text after it would, only further below: after as
 * many empty lines as between rows. So where the document's rows stand further apart than a cell
 * from its tab (the commonest gap after a tab, by two lines or more), a text that far below a tab
 * starts a row; else never (Infinity).
 */
function rowBreakAfterTab(lines: readonly string[]): number {
  const afterTab = new Map<number, number>();
  const betweenTexts = new Map<number, number>();
  let empties = 0, last: 'tab' | 'text' | null = null;
  for (const line of lines) {
    if (isSeparator(line)) { last = 'tab'; empties = 0; continue; }
    if (isEmpty(line)) { empties++; continue; }
    if (last) { const m = last === 'tab' ? afterTab : betweenTexts; m.set(empties, (m.get(empties) ?? 0) + 1); }
    last = 'text';
    empties = 0;
  }
  const mode = (m: Map<number, number>) => [...m].reduce((best, e) => (e[1] > best[1] ? e : best), [-1, 0])[0];
  const cell = mode(afterTab), row = mode(betweenTexts);
  return cell >= 0 && row >= cell + 2 ? row : Infinity;
}

export function joinCellParagraphs(lines: string[]): string[] {
  // Cheap refusal first: most texts have no line starting with a tab that is only a separator.
  let separators = 0;
  for (let i = 1; i + 1 < lines.length && separators < MIN_SEPARATORS; i++) {
    const line = lines[i] as string;
    if (line.length > 0 && line.length < 40 && (line.charCodeAt(0) === 9 || line.charCodeAt(0) === 0xa0) && isSeparator(line)
      && lines[i - 1] === '' && lines[i + 1] === '') separators++;
  }
  if (separators < MIN_SEPARATORS) return lines;
  const out = [...lines];
  const rowBreak = rowBreakAfterTab(lines);
  let row: number[] = []; // line indices of the row being joined (texts and separators)
  let empties = 0; // empty lines since the last line that was not
  // Whether the next cell text continues the row: after a separator ending with a tab. After a
  // cell text, or a separator ending with a blank cell (`\t\u00a0`), a text starts the next row.
  let open = false;
  const flush = () => {
    if (row.some((i) => isSeparator(lines[i] as string))) {
      const text = row.map((i) => (isSeparator(lines[i] as string) ? (lines[i] as string).replace(/[ \u00a0]/g, '') : (lines[i] as string).trim())).join('');
      const at = row.find((i) => /\d/.test(lines[i] as string)) ?? (row[0] as number);
      for (const i of row) out[i] = '';
      out[at] = text;
    }
    row = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (isSeparator(line)) {
      // A separator that starts with a blank cell (`\u00a0\t`) after a cell text has no tab before
      // it: the blank cell starts the next row (a row whose first cell is blank). So does a tab as
      // far below a cell text as rows stand apart: the next row's first cell is blank, holding an
      // empty paragraph that prints nothing before its tab (see rowBreakAfterTab).
      if (!open && (line.charCodeAt(0) !== 9 || empties >= rowBreak)) flush();
      row.push(i);
      open = line.charCodeAt(line.length - 1) === 9;
      empties = 0;
      continue;
    }
    if (isEmpty(line)) {
      empties++;
      continue;
    }
    // A text further below a tab than a cell ever stands: the row ended with a blank cell.
    if (!open || empties >= rowBreak) flush();
    row.push(i);
    open = false;
    empties = 0;
  }
  flush();
  return out;
}
