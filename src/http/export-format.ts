import type { AttributeDef } from '../domain/catalog/contact-catalog.ts';
import { FORMULA_START_CHARACTERS, FORMULA_START_CLASS } from '../domain/contact-import.ts';
import type { Contact } from '../domain/contact.ts';
import type { ExportFormat } from '../domain/contacts.ts';
import type { RenderContext } from '../domain/values/value-codec.ts';
import { contactRecordJson, renderContext, type RecordView } from './contact-record.ts';

/** Lists are joined with this in CSV cells (and split on it by import). */
export const CSV_LIST_SEPARATOR = ';';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = { ndjson: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8' };

/** One rendered value (what a GET puts in an envelope) as the text of a CSV cell. */
function cellOf(def: AttributeDef, rendered: unknown): string {
  if (rendered === null || rendered === undefined) return '';
  if (typeof rendered !== 'object') return String(rendered);
  const value = rendered as Record<string, unknown>;
  if (def.valueType === 'contact_stage' || def.valueType === 'select') return String(value.api_name);
  if (def.valueType === 'record_reference') return String(value.related_record_id);
  if (def.valueType === 'contact_email') return String(value.email);
  if (def.valueType === 'contact_phone_number') return String(value.phone_number);
  return JSON.stringify(rendered);
}

/** Cells starting with one of these get a leading single quote (import's set: unquoteFormula takes it off again). */
const FORMULA_START: ReadonlySet<string> = new Set(FORMULA_START_CHARACTERS);
/** A value that starts with quotes and then a formula character gets one more, so that import's unquoting gives it back whole. */
const QUOTED_FORMULA_START = new RegExp(`^'+${FORMULA_START_CLASS}`);

/**
 * One CSV cell exactly as csv-stringify writes a string with `escape_formulas: true, record_delimiter:
 * 'windows'` (test/http/export-csv-cell.test.ts compares the two on arbitrary text): quoted when it holds
 * a comma, a double quote or CRLF, quotes doubled, formula starts prefixed with '. csv-stringify's sync
 * API normalizes options and casts each field on every call; writing the cells here halved the CPU of a
 * CSV export's rendering.
 */
export function csvCell(value: string, escapeFormulas = true): string {
  if (value === '') return '';
  // Any line break, not only CRLF: a lone LF or CR ends a record for most readers (RFC 4180 quotes line breaks).
  const quote = value.includes(',') || value.includes('\n') || value.includes('\r');
  let cell = escapeFormulas && (FORMULA_START.has(value[0] as string) || (value[0] === "'" && QUOTED_FORMULA_START.test(value))) ? `'${value}` : value;
  if (cell.includes('"')) return `"${cell.replaceAll('"', '""')}"`;
  if (quote) cell = `"${cell}"`;
  return cell;
}

/**
 * One CSV record of plain cells (CRLF-terminated), each written by csvCell: the import error reports (the
 * CLI's --errors file and GET /api/v2/import/{id}/errors) share it with the export, so a message or a raw
 * row holding a lone LF or CR is quoted there too.
 */
export function csvRecord(cells: ReadonlyArray<string | number>, escapeFormulas = true): string {
  let line = '';
  for (let i = 0; i < cells.length; i += 1) {
    if (i > 0) line += ',';
    line += csvCell(String(cells[i]), escapeFormulas);
  }
  return `${line}\r\n`;
}

/**
 * A list's cell: its items joined by ";", or, when an item holds a ";" (or the joined text would start with
 * "[" and so read as JSON), the JSON array of the items, which import reads back as the list.
 */
function listCell(items: string[]): string {
  const joined = items.join(CSV_LIST_SEPARATOR);
  return items.some((i) => i.includes(CSV_LIST_SEPARATOR)) || joined.startsWith('[') ? JSON.stringify(items) : joined;
}

/** The CSV line of a contact (CRLF-terminated): one cell per attribute of the organization's catalog (custom ones last), lists joined by ";". */
function csvLine(contact: Contact, attributes: readonly AttributeDef[], ctx: RenderContext): string {
  const values = contact as unknown as Record<string, unknown>;
  let line = '';
  for (let i = 0; i < attributes.length; i += 1) {
    const def = attributes[i] as AttributeDef;
    const value = def.isCustom ? contact.custom[def.apiName] : values[def.apiName];
    if (i > 0) line += ',';
    if (value === null || value === undefined) continue;
    // A custom list the contact never had a value for is absent (above), not [].
    line += csvCell(def.isList ? listCell((value as unknown[]).map((item) => cellOf(def, def.codec.render(item, ctx)))) : cellOf(def, def.codec.render(value, ctx)));
  }
  return `${line}\r\n`;
}

/**
 * The UTF-8 bytes of one batch, each line encoded into one buffer as it is rendered. Joining the batch
 * into one string first made V8 flatten tens of thousands of joined pieces before encoding; line by line
 * took 2.3-3.1 against 5.3-13.7 µs a 3.4 KB line in a probe of the two ways. A new buffer per batch: the
 * stream holds it until the reader takes it.
 */
class BatchBytes {
  private buffer: Buffer;
  private length = 0;

  constructor(expected: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(expected, 1 << 16));
  }

  add(text: string): void {
    // Three bytes per UTF-16 unit is the most UTF-8 takes, so the write below never truncates.
    const most = text.length * 3;
    if (this.length + most > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + most));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/** Renders batches of lines into bytes, sizing each batch's buffer by the bytes per line seen so far. */
function lineBatches(line: (contact: Contact) => string): (contacts: Contact[]) => Buffer {
  let bytesPerLine = 0;
  return (contacts) => {
    const out = new BatchBytes(Math.ceil(bytesPerLine * contacts.length * 1.1));
    for (const contact of contacts) out.add(line(contact));
    const bytes = out.bytes();
    if (contacts.length > 0) bytesPerLine = Math.max(bytesPerLine, bytes.length / contacts.length);
    return bytes;
  };
}

/**
 * Renders an export: NDJSON is one wire record per line (exactly as GET renders it); CSV has a header of
 * api_names, then one row per contact. Cells starting with =, +, -, @, tab or carriage return are prefixed
 * with a single quote (as csv-stringify's escape_formulas does) so spreadsheets never run them as formulas.
 */
export function exportRenderer(format: ExportFormat, view: RecordView): { header: string; batch(contacts: Contact[]): Buffer } {
  if (format === 'ndjson') return { header: '', batch: lineBatches((contact) => `${contactRecordJson(contact, view)}\n`) };
  const ctx = renderContext(view.stages);
  const { attributes } = view.catalog;
  return {
    header: `${attributes.map((d) => csvCell(d.apiName, false)).join(',')}\r\n`,
    batch: lineBatches((contact) => csvLine(contact, attributes, ctx)),
  };
}
