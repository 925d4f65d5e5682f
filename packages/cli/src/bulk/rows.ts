import { parse } from 'csv-parse/sync';
import { closest } from '../did-you-mean.js';
import { UsageError } from '../exit-codes.js';

/** One send of a bulk run, with the input line it came from (1-based) for reports. */
export interface BulkRow {
  line: number;
  destination: string;
  body?: string;
  from?: string;
  to?: string;
  data?: Record<string, string>;
}

const CSV_COLUMNS = ['destination', 'body', 'from', 'to'] as const;
const DATA_COLUMN = 'data:';

/**
 * The rows of a `send --each` input. A first line that starts with `destination` is a CSV header
 * (columns destination, body, from, to, and `data:Name` for a MESSAGE_DATA value); anything else is
 * one destination a line, with `#` comments and blank lines skipped.
 */
export function readBulkRows(text: string): BulkRow[] {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (first === -1) return [];
  if (/^\s*"?destination"?\s*(,|$)/i.test(lines[first]!)) return csvRows(text);
  const rows: BulkRow[] = [];
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line !== '' && !line.startsWith('#')) rows.push({ line: index + 1, destination: line });
  });
  return rows;
}

function csvRows(text: string): BulkRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // csv-parse is the well-kept parser for RFC 4180 quoting; `info` gives each record's line.
    records = parse(text, {
      info: true,
      comment: '#',
      skip_empty_lines: true,
      relax_column_count: false,
      trim: true,
      bom: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw new UsageError(`--each: not a valid CSV file: ${(error as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) return [];
  const columns = header.record.map((name) => name.toLowerCase());
  for (const [i, name] of columns.entries()) {
    if ((CSV_COLUMNS as readonly string[]).includes(name)) continue;
    if (name.startsWith(DATA_COLUMN) && name.length > DATA_COLUMN.length) continue;
    const hint = closest(name, [...CSV_COLUMNS]);
    throw new UsageError(
      `--each: unknown CSV column "${header.record[i]}"${hint ? ` (did you mean "${hint}"?)` : ''}; columns are ${CSV_COLUMNS.join(', ')} and data:Name`,
    );
  }
  return body.map(({ record, info }) => {
    const row: BulkRow = { line: info.lines, destination: '' };
    for (const [i, name] of columns.entries()) {
      const value = record[i] ?? '';
      if (name === 'destination') row.destination = value;
      else if (name.startsWith(DATA_COLUMN)) {
        if (value !== '') {
          row.data ??= {};
          row.data[header.record[i]!.slice(DATA_COLUMN.length)] = value;
        }
      } else if (value !== '') row[name as 'body' | 'from' | 'to'] = value;
    }
    return row;
  });
}
