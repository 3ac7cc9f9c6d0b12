import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from '../config.ts';

const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g;
const API_KEY = /ctd_[A-Za-z0-9_-]{8,}/g;

/** Masks email addresses and API keys in free text (error messages, driver details, stacks). */
export function scrub(text: string): string {
  return text.replace(EMAIL, '[email]').replace(API_KEY, 'ctd_[redacted]');
}

/** Errors logged by value but with anything that might carry a person's email or a key masked. */
export function serializeError(error: unknown): { type: string; message: string; stack: string; [extra: string]: unknown } {
  if (!(error instanceof Error)) return { type: typeof error, message: scrub(String(error)), stack: '' };
  const e = error as Error & { code?: unknown; detail?: unknown };
  return {
    type: e.name,
    message: scrub(e.message),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.detail === 'string' ? { detail: scrub(e.detail) } : {}),
    stack: scrub(e.stack ?? ''),
  };
}

/**
 * The server's pino configuration: credentials are removed by path, and errors go through a serializer that
 * masks email addresses and keys, so neither is ever written to a log in clear.
 */
export function loggerOptions(level: LogLevel, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  if (level === 'silent' && stream === undefined) return false;
  return {
    level,
    ...(stream === undefined ? {} : { stream }),
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]', 'body', 'payload', 'attributes'],
      censor: '[redacted]',
    },
    serializers: { err: serializeError, error: serializeError },
  };
}
