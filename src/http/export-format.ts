import type { AttributeDef } from '../domain/catalog/contact-catalog.ts';
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

/** Cells starting with one of these get a leading single quote (csv-stringify's escape_formulas set, fullwidth forms included). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/**
 * One CSV cell exactly as csv-stringify writes a string with `escape_formulas: true, record_delimiter:
 * 'windows'` (test/http/export-csv-cell.test.ts compares the two on arbitrary text): quoted when it holds
 * a comma, a double quote or CRLF, quotes doubled, formula starts prefixed with '. csv-stringify's sync
 * API normalizes options and casts each field on every call; writing the cells here halved the CPU of a
 * CSV export's rendering.
 */
export function csvCell(value: string, escapeFormulas = true): string {
  if (value === '') return '';
  const quote = value.includes(',') || value.includes('\r\n');
  let cell = escapeFormulas && FORMULA_START.has(value[0] as string) ? `'${value}` : value;
  if (cell.includes('"')) return `"${cell.replaceAll('"', '""')}"`;
  if (quote) cell = `"${cell}"`;
  return cell;
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
    line += csvCell(def.isList ? (value as unknown[]).map((item) => cellOf(def, def.codec.render(item, ctx))).join(CSV_LIST_SEPARATOR) : cellOf(def, def.codec.render(value, ctx)));
  }
  return `${line}\r\n`;
}

/**
 * Renders an export: NDJSON is one wire record per line (exactly as GET renders it); CSV has a header of
 * api_names, then one row per contact. Cells starting with =, +, -, @, tab or carriage return are prefixed
 * with a single quote (as csv-stringify's escape_formulas does) so spreadsheets never run them as formulas.
 */
export function exportRenderer(format: ExportFormat, view: RecordView): { header: string; batch(contacts: Contact[]): string } {
  if (format === 'ndjson') {
    return {
      header: '',
      batch: (contacts) => {
        let out = '';
        for (const contact of contacts) out += `${contactRecordJson(contact, view)}\n`;
        return out;
      },
    };
  }
  const ctx = renderContext(view.stages);
  const { attributes } = view.catalog;
  return {
    header: `${attributes.map((d) => csvCell(d.apiName, false)).join(',')}\r\n`,
    batch: (contacts) => {
      let out = '';
      for (const contact of contacts) out += csvLine(contact, attributes, ctx);
      return out;
    },
  };
}
