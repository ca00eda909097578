/**
 * The data rows of a recipients CSV as the import numbers them (1 = first row
 * after the header; blank lines are not rows), each with its phone cell, so
 * the upload can show every row's result. Quotes as in RFC 4180.
 */
export function csvDataRows(text: string): { row: number; phone: string }[] {
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  if (records.length === 0) return [];
  const phoneColumn = records[0].findIndex((cell) => cell.trim().toLowerCase() === 'phone');
  return records.slice(1).map((cells, i) => ({ row: i + 1, phone: phoneColumn >= 0 ? (cells[phoneColumn] ?? '').trim() : '' }));
}

function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let lineHasContent = false;
  const endRecord = () => {
    if (lineHasContent) records.push([...cells, cell]);
    cells = [];
    cell = '';
    lineHasContent = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') (quoted = true), (lineHasContent = true);
    else if (c === ',') cells.push(cell), (cell = ''), (lineHasContent = true);
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else (cell += c), (lineHasContent = true);
  }
  endRecord();
  return records;
}
