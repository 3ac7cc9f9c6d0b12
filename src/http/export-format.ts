import { stringify } from 'csv-stringify/sync';
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

/** The CSV row of a contact: one cell per attribute of the organization's catalog (custom ones last), lists joined by ";". */
function csvRow(contact: Contact, attributes: readonly AttributeDef[], ctx: RenderContext): string[] {
  const values = contact as unknown as Record<string, unknown>;
  return attributes.map((def) => {
    const value = def.isCustom ? contact.custom[def.apiName] : values[def.apiName];
    // A custom list the contact never had a value for is absent, not [].
    if (def.isList) return ((value as unknown[] | undefined) ?? []).map((item) => cellOf(def, def.codec.render(item, ctx))).join(CSV_LIST_SEPARATOR);
    return value === null || value === undefined ? '' : cellOf(def, def.codec.render(value, ctx));
  });
}

/**
 * Renders an export: NDJSON is one wire record per line (exactly as GET renders it); CSV has a header of
 * api_names, then one row per contact. Cells starting with =, +, -, @, tab or carriage return are prefixed
 * with a single quote (csv-stringify's escape_formulas) so spreadsheets never run them as formulas.
 */
export function exportRenderer(format: ExportFormat, view: RecordView): { header: string; batch(contacts: Contact[]): string } {
  if (format === 'ndjson') {
    return { header: '', batch: (contacts) => contacts.map((c) => `${contactRecordJson(c, view)}\n`).join('') };
  }
  const ctx = renderContext(view.stages);
  const { attributes } = view.catalog;
  return {
    header: stringify([attributes.map((d) => d.apiName)], { record_delimiter: 'windows' }),
    batch: (contacts) => stringify(contacts.map((c) => csvRow(c, attributes, ctx)), { escape_formulas: true, record_delimiter: 'windows' }),
  };
}
