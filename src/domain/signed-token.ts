import { createHmac, timingSafeEqual } from 'node:crypto';
import { isPlainObject } from './values/value-codec.ts';

/**
 * Opaque cursors: base64url(JSON) "." base64url(HMAC-SHA256), each kind signed under its own context so one
 * kind's token is never another's. Signed, not encrypted: a client can read them, not forge them.
 */
function sign(context: string, payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`contactd.${context}.v1.${payload}`).digest();
}

export function encodeSigned(context: string, value: unknown, secret: string): string {
  const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${payload}.${sign(context, payload, secret).toString('base64url')}`;
}

/** The object a token of this context carries, or null when it is malformed, tampered with or of another context. */
export function decodeSigned(context: string, raw: string, secret: string): Record<string, unknown> | null {
  const [payload, signature, extra] = raw.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = sign(context, payload, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return isPlainObject(value) ? value : null;
  } catch {
    return null;
  }
}
