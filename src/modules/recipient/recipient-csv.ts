import { CsvError, parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { DomainError, InvalidInputError } from '../../common/domain-error.js';
import { RecipientLimits } from './recipient-limits.js';

/** Where each known column sits in a CSV row; every other column is an attribute. */
export interface CsvColumns {
  phone: number;
  segments?: number;
  externalId?: number;
  timezone?: number;
  attributes: { name: string; position: number }[];
}

/** Header names are matched case-insensitively; spaces and dashes count as underscores ("External ID"). */
const KNOWN_COLUMNS: Record<string, 'phone' | 'segments' | 'externalId' | 'timezone'> = {
  phone: 'phone',
  segments: 'segments',
  external_id: 'externalId',
  externalid: 'externalId',
  timezone: 'timezone',
};

/** Segments share one cell, separated by "|". */
export const SEGMENT_SEPARATOR = '|';

/** Reads the header row; refuses a header without a phone column or with a name twice. */
export function readCsvHeader(cells: string[]): CsvColumns {
  const names = cells.map((cell) => cell.trim());
  const known: Partial<Record<'phone' | 'segments' | 'externalId' | 'timezone', number>> = {};
  const attributes: CsvColumns['attributes'] = [];
  const seen = new Set<string>();
  names.forEach((name, position) => {
    const key = name.toLowerCase().replace(/[\s-]+/g, '_');
    if (name === '') throw new InvalidInputError('header', `column ${position + 1} of the CSV header has no name`);
    if (seen.has(key)) throw new InvalidInputError('header', `column "${name}" appears twice in the CSV header`);
    seen.add(key);
    const field = KNOWN_COLUMNS[key];
    if (field && known[field] === undefined) known[field] = position;
    else attributes.push({ name, position });
  });
  if (known.phone === undefined) {
    throw new InvalidInputError('phone', `the CSV header has no phone column (columns found: ${names.join(', ').slice(0, 200)})`);
  }
  return { ...known, phone: known.phone, attributes };
}

export type CsvRecipientRow = { row: Record<string, unknown> } | { phone: string | null; problem: string };

/**
 * Turns one CSV record into the same row shape the JSON API takes. An empty
 * cell means "not given" (the stored value is kept), because spreadsheets
 * leave cells empty for unknown values, not to erase them.
 */
export function csvRecordToRow(cells: string[], columns: CsvColumns, columnCount: number): CsvRecipientRow {
  if (cells.length !== columnCount) {
    const phone = cells[columns.phone]?.trim() || null;
    return { phone, problem: `expected ${columnCount} columns as in the header, got ${cells.length}` };
  }
  const cell = (position: number | undefined) => (position === undefined ? '' : cells[position].trim());
  const row: Record<string, unknown> = { phone: cell(columns.phone) };
  if (cell(columns.externalId)) row.externalId = cell(columns.externalId);
  if (cell(columns.timezone)) row.timezone = cell(columns.timezone);
  if (cell(columns.segments)) row.segments = cell(columns.segments).split(SEGMENT_SEPARATOR);
  const attributes = columns.attributes.filter((column) => cell(column.position) !== '');
  if (attributes.length) row.attributes = Object.fromEntries(attributes.map((column) => [column.name, cell(column.position)]));
  return { row };
}

/**
 * Streams a CSV body record by record (never the whole file in memory) and
 * yields each data row with its 1-based number. Rows whose cells are all
 * empty (spreadsheet padding) are counted but skipped. Malformed CSV stops
 * the import with a 400 naming the line.
 */
export async function* readRecipientCsv(source: Readable): AsyncGenerator<{ index: number } & CsvRecipientRow> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: RecipientLimits.maxCsvRecordBytes,
  });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let columns: CsvColumns | undefined;
  let columnCount = 0;
  let index = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (!columns) {
        columns = readCsvHeader(cells);
        columnCount = cells.length;
        continue;
      }
      index++;
      if (cells.every((cell) => cell.trim() === '')) continue;
      yield { index, ...csvRecordToRow(cells, columns, columnCount) };
    }
  } catch (error) {
    throw readFailure(error);
  } finally {
    source.unpipe(parser);
    parser.destroy();
  }
  if (!columns) throw new InvalidInputError('body', 'the CSV is empty; expected a header row with a phone column');
}

/**
 * Only the parser, the header check and the request stream fail in here (a
 * consumer's own error ends the generator through `finally`): bad CSV, or an
 * upload that broke off, which is the client's side, not a 500.
 */
function readFailure(error: unknown): Error {
  if (error instanceof CsvError) return malformedCsv(error);
  if (error instanceof DomainError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new InvalidInputError('body', `the upload ended before the end of the CSV (${reason})`, 'upload_interrupted');
}

function malformedCsv(error: CsvError): InvalidInputError {
  const line = typeof error.lines === 'number' ? ` at line ${error.lines}` : '';
  const detail = error.message.replace(/\s*at line \d+/, '');
  return new InvalidInputError('body', `malformed CSV${line}: ${detail}`, 'malformed_csv');
}
