import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CONTACT_CATALOG } from '../../src/domain/catalog/contact-catalog.ts';
import { MAX_RECORD_BYTES, readImportRows, type ImportItem } from '../../src/domain/import-reader.ts';

/** Reads NDJSON given as byte chunks exactly as they are cut (a file read or a stored import arrives in chunks). */
async function readNdjson(chunks: Buffer[]): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  const options = { format: 'ndjson' as const, map: new Map<string, string>(), catalog: CONTACT_CATALOG, ignoreUnknownColumns: false, resumeFrom: 1, unknownColumnsHint: '' };
  for await (const item of readImportRows(Readable.from(chunks, { objectMode: false }), options)) items.push(item);
  return items;
}

/** The bytes cut at each offset given. */
function cut(bytes: Buffer, ...at: number[]): Buffer[] {
  const edges = [0, ...at, bytes.length];
  return edges.slice(1).map((end, i) => bytes.subarray(edges[i], end));
}

const summary = (items: ImportItem[]) => items.map((i) => ('failure' in i ? { line: i.line, code: i.failure.code } : { line: i.line, attributes: i.attributes }));

describe('NDJSON import reader', () => {
  it('reads a character split across two chunks as the character, at every cut inside it', async () => {
    const bytes = Buffer.from('{"first_name":"Zoé"}\n{"last_name":"Ørsted 東京"}\n', 'utf8');
    const whole = summary(await readNdjson([bytes]));
    expect(whole).toEqual([{ line: 1, attributes: { first_name: 'Zoé' } }, { line: 2, attributes: { last_name: 'Ørsted 東京' } }]);
    // Every cut position, so each multi-byte character (2 and 3 bytes) is split at each of its inner edges.
    for (let at = 1; at < bytes.length; at += 1) expect(summary(await readNdjson(cut(bytes, at)))).toEqual(whole);
    expect(summary(await readNdjson([...bytes].map((b) => Buffer.from([b]))))).toEqual(whole);
  });

  it('reports a line that is not UTF-8 with its line number and the text as far as it decodes; a U+FFFD written in the file is data', async () => {
    const bytes = Buffer.concat([Buffer.from('{"first_name":"A"}\n{"first_name":"B'), Buffer.from([0xff]), Buffer.from('"}\r\n{"first_name":"\uFFFD"}\n')]);
    const items = await readNdjson(cut(bytes, 20));
    expect(summary(items)).toEqual([
      { line: 1, attributes: { first_name: 'A' } },
      { line: 2, code: 'field_value_invalid' },
      { line: 3, attributes: { first_name: '\uFFFD' } },
    ]);
    expect(items[1]).toMatchObject({ raw: '{"first_name":"B\uFFFD"}', failure: { message: 'the line is not valid UTF-8' } });
  });

  it('counts the line limit in bytes, whether the long line comes in one chunk or many, and goes on after it', async () => {
    // Two-byte characters: just over the limit in bytes, about half of it in characters.
    const long = `{"first_name":"${'é'.repeat(MAX_RECORD_BYTES / 2)}"}`;
    const bytes = Buffer.from(`{"first_name":"A"}\n${long}\n{"first_name":"C"}`, 'utf8');
    const expected = [{ line: 1, attributes: { first_name: 'A' } }, { line: 2, code: 'payload_too_large' }, { line: 3, attributes: { first_name: 'C' } }];
    expect(summary(await readNdjson([bytes]))).toEqual(expected);
    expect(summary(await readNdjson(cut(bytes, 1024 * 1024)))).toEqual(expected);
    expect(summary(await readNdjson(cut(bytes, ...Array.from({ length: 40 }, (_, i) => (i + 1) * 64 * 1024))))).toEqual(expected);
  });

  it('drops a byte order mark before the first line only, and reads a last line without a newline', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"first_name":"A"}\r\n\n{"first_name":"B"}')]);
    expect(summary(await readNdjson(cut(bytes, 2)))).toEqual([{ line: 1, attributes: { first_name: 'A' } }, { line: 3, attributes: { first_name: 'B' } }]);
    const later = Buffer.concat([Buffer.from('{"first_name":"A"}\n'), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"first_name":"B"}\n')]);
    expect(summary(await readNdjson([later]))).toEqual([{ line: 1, attributes: { first_name: 'A' } }, { line: 2, code: 'malformed_json' }]);
  });
});

/** Reads CSV given as byte chunks exactly as they are cut. */
async function readCsv(chunks: Buffer[]): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  const options = { format: 'csv' as const, map: new Map<string, string>(), catalog: CONTACT_CATALOG, ignoreUnknownColumns: false, resumeFrom: 1, unknownColumnsHint: '' };
  for await (const item of readImportRows(Readable.from(chunks, { objectMode: false }), options)) items.push(item);
  return items;
}

describe('CSV import reader: encodings', () => {
  it('reads a U+FFFD written in the file as data, and reports a cell whose bytes are not UTF-8, at every cut of the input', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('first_name,last_name\r\nZoé,\uFFFDrsted\r\n"Ann\r\nMarie",B'),
      Buffer.from([0xff]),
      Buffer.from('x\r\nC,'),
      // An overlong form, a surrogate and a sequence cut short by a comma: none is UTF-8.
      Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xe6, 0x9d]),
      Buffer.from('\r\n東京,Ørsted'),
    ]);
    const expected = [
      { line: 2, attributes: { first_name: 'Zoé', last_name: '\uFFFDrsted' } },
      { line: 3, code: 'field_value_invalid' },
      { line: 5, code: 'field_value_invalid' },
      { line: 6, attributes: { first_name: '東京', last_name: 'Ørsted' } },
    ];
    const whole = await readCsv([bytes]);
    expect(summary(whole)).toEqual(expected);
    expect(whole[1]).toMatchObject({ raw: '"Ann\r\nMarie",B\uFFFDx', failure: { column: 'last_name', message: 'the cell is not valid UTF-8 (or holds a NUL character)' } });
    expect(whole[2]).toMatchObject({ failure: { column: 'last_name' } });
    for (let at = 1; at < bytes.length; at += 1) expect(summary(await readCsv(cut(bytes, at))), `cut at ${at}`).toEqual(expected);
    expect(summary(await readCsv([...bytes].map((b) => Buffer.from([b]))))).toEqual(expected);
  });

  it('reports a last cell whose file ends in the middle of a character', async () => {
    const bytes = Buffer.concat([Buffer.from('first_name\nA\nB'), Buffer.from([0xe6, 0x9d])]);
    expect(summary(await readCsv(cut(bytes, 14)))).toEqual([{ line: 2, attributes: { first_name: 'A' } }, { line: 3, code: 'field_value_invalid' }]);
  });
});

describe('import reader input errors', () => {
  it('an input that fails midway (a stored chunk that cannot be read) rejects the reading, never an unhandled stream error or a hang', async () => {
    for (const format of ['csv', 'ndjson'] as const) {
      const input = Readable.from((async function* () {
        yield Buffer.from(format === 'csv' ? 'first_name\nAda\n' : '{"first_name":"Ada"}\n');
        throw new Error('the database went away');
      })(), { objectMode: false });
      const options = { format, map: new Map<string, string>(), catalog: CONTACT_CATALOG, ignoreUnknownColumns: false, resumeFrom: 0, unknownColumnsHint: '' };
      const read = async () => {
        for await (const item of readImportRows(input, options)) void item;
      };
      await expect(read(), format).rejects.toThrow('the database went away');
    }
  });
});
