import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import type { KeyVerifier, Principal } from '../domain/tenancy.ts';
import type { Permission } from '../domain/tenancy-store.ts';
import type { Actor } from '../domain/contacts.ts';
import type { AuthFailureGuard } from './auth-failures.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The permission a route needs; routes without one need no key. */
    permission?: Permission;
  }
}

/** The presented key: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
export function presentedKey(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1] as string;
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.trim() !== '' ? apiKey.trim() : null;
}

/**
 * Authenticates a request for a route that declares a permission, and checks that permission. A key that fails
 * the check counts against the client address; an address over its limit has no key checked at all.
 */
export async function authenticate(request: FastifyRequest, reply: FastifyReply, verifier: KeyVerifier, failures: AuthFailureGuard): Promise<void> {
  const permission = request.routeOptions.config.permission;
  if (permission === undefined) return;
  const key = presentedKey(request);
  if (key === null) throw new AppError('unauthenticated', 'no API key: send Authorization: Bearer <api-key> or X-Api-Key: <api-key>');
  await failures.assertAllowed(request, reply);
  let principal: Principal;
  try {
    principal = await verifier.verify(key);
  } catch (error) {
    if (error instanceof AppError && error.code === 'unauthenticated') await failures.recordFailure(request);
    throw error;
  }
  request.principal = principal;
  if (!principal.permissions.includes(permission)) {
    throw new AppError('permission_denied', `this API key lacks the ${permission} permission`, [
      { code: 'permission_denied', message: `missing permission ${permission}`, missing_permission: permission },
    ]);
  }
}

export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new Error('route without a permission asked for the principal');
  return request.principal;
}

/** The acting user and key, and the request id the change log records. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = principalOf(request);
  return { organizationId: principal.organizationId, userId: principal.userId, apiKeyId: principal.keyId, requestId: request.id, source: 'API' };
}
