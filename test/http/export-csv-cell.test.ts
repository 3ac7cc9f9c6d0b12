import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/http/export-format.ts';

/** Text rich in what CSV quoting and formula escaping react to, plus any other code unit. */
const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom(',', '"', '\r', '\n', '=', '+', '-', '@', '\t', ';', "'", ' ', 'a', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', 'é'), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

describe('csvCell', () => {
  it('quotes a cell holding any line break: a lone LF or CR would end the record for most readers', () => {
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('a\rb')).toBe('"a\rb"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('writes a row byte-equal to csv-stringify with escape_formulas, CRLF records and every line break quoted (the export\'s former writer, plus lone LF/CR)', () => {
    fc.assert(fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (cells) => {
      expect(`${cells.map((c) => csvCell(c)).join(',')}\r\n`).toBe(stringify([cells], { escape_formulas: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ }));
    }), { numRuns: 2000 });
  });

  it('writes a header cell byte-equal to csv-stringify without formula escaping', () => {
    fc.assert(fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (cells) => {
      expect(`${cells.map((c) => csvCell(c, false)).join(',')}\r\n`).toBe(stringify([cells], { record_delimiter: 'windows', quoted_match: /[\r\n]/ }));
    }), { numRuns: 2000 });
  });
});
