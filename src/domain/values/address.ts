import { charactersOver, checkStorableText, describe, invalid, isPlainObject, ok, type ValueCodec } from './value-codec.ts';

export const ADDRESS_FIELDS = ['street_one', 'street_two', 'city', 'state', 'country', 'zip_code'] as const;
export type Address = Record<(typeof ADDRESS_FIELDS)[number], string | null>;

/** An address with no field set is stored as null, so an unset address always reads as null. */
export const addressCodec: ValueCodec<Address | null, Address> = {
  valueType: 'address',
  parse: (raw) => {
    if (!isPlainObject(raw)) return invalid(`expected an object with ${ADDRESS_FIELDS.join(', ')}, got ${describe(raw)}`);
    const unknown = Object.keys(raw).filter((k) => !(ADDRESS_FIELDS as readonly string[]).includes(k));
    if (unknown.length > 0) return invalid(`unknown address field(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}; allowed: ${ADDRESS_FIELDS.join(', ')}`);
    const address = {} as Address;
    for (const field of ADDRESS_FIELDS) {
      const v = raw[field];
      if (v === undefined || v === null) {
        address[field] = null;
        continue;
      }
      if (typeof v !== 'string') return invalid(`address.${field} must be a string or null, got ${describe(v)}`);
      const trimmed = v.trim();
      const bad = checkStorableText(trimmed);
      if (bad !== null) return invalid(`address.${field} ${bad}`);
      if (charactersOver(trimmed, 255) !== null) return invalid(`address.${field} must be at most 255 characters`);
      address[field] = trimmed === '' ? null : trimmed;
    }
    return ok(ADDRESS_FIELDS.every((f) => address[f] === null) ? null : address);
  },
  render: (value) => value,
};
