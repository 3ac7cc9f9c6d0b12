import { describe, invalid, isPlainObject, ok, type ValueCodec } from './value-codec.ts';

export interface Money { amount: string; currency_code: string }

/** ISO 4217 codes as the runtime's ICU knows them. */
const CURRENCY_CODES = new Set(Intl.supportedValuesOf('currency'));
const AMOUNT = /^(-?)(\d{1,15})(?:\.(\d{1,6}))?$/;

/** The one form of an amount: no leading zeros, no trailing fraction zeros, no negative zero ("012.50" → "12.5"). */
export function canonicalAmount(raw: string): string | null {
  const m = AMOUNT.exec(raw);
  if (m === null) return null;
  const whole = (m[2] as string).replace(/^0+(?=\d)/, '');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const digits = fraction === '' ? whole : `${whole}.${fraction}`;
  return m[1] === '-' && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

/** `{"amount": "<decimal string>", "currency_code": "<ISO 4217>"}`: at most 15 integer and 6 fraction digits. */
export const currencyCodec: ValueCodec<Money> = {
  valueType: 'currency',
  parse: (raw) => {
    if (!isPlainObject(raw)) return invalid(`expected {"amount": "<decimal string>", "currency_code": "<ISO 4217 code>"}, got ${describe(raw)}`);
    const extra = Object.keys(raw).filter((k) => k !== 'amount' && k !== 'currency_code');
    if (extra.length > 0) return invalid(`unknown member(s) ${extra.map((k) => JSON.stringify(k)).join(', ')}; a currency value has amount and currency_code`);
    const amount = typeof raw.amount === 'string' ? canonicalAmount(raw.amount.trim()) : null;
    if (amount === null) return invalid(`amount must be a decimal string such as "1234.50" (at most 15 integer and 6 fraction digits), got ${describe(raw.amount)}`);
    const code = typeof raw.currency_code === 'string' ? raw.currency_code.trim().toUpperCase() : null;
    if (code === null || !/^[A-Z]{3}$/.test(code) || !CURRENCY_CODES.has(code)) return invalid(`currency_code must be an ISO 4217 code such as USD or EUR, got ${describe(raw.currency_code)}`);
    return ok({ amount, currency_code: code });
  },
  render: (value) => value,
};
