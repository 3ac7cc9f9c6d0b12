import { checkStorableText, describe, invalid, ok, type ValueCodec } from './value-codec.ts';

export const MAX_URL_BYTES = 2048;

/** An absolute http(s) URL, trimmed, at most 2048 bytes; stored as written. */
export const urlCodec: ValueCodec<string> = {
  valueType: 'url',
  constraints: { maxLength: MAX_URL_BYTES },
  parse: (raw) => {
    if (typeof raw !== 'string') return invalid(`expected an absolute http(s) URL string, got ${describe(raw)}`);
    const value = raw.trim();
    const bad = checkStorableText(value);
    if (bad !== null) return invalid(`the URL ${bad}`);
    if (Buffer.byteLength(value, 'utf8') > MAX_URL_BYTES) return invalid(`must be at most ${MAX_URL_BYTES} bytes`);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return invalid(`not an absolute URL: ${JSON.stringify(value.slice(0, 100))}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return invalid(`only http and https URLs are accepted, got ${url.protocol}`);
    if (url.hostname === '') return invalid('the URL has no host');
    return ok(value);
  },
  render: (value) => value,
};
