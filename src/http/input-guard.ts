/**
 * PostgreSQL text cannot hold the NUL character: a string carrying one fails inside the
 * database as an internal error, after part of the work may have run. Every request is
 * checked before validation instead, and answered 422 naming the field.
 */
import type { FastifyInstance } from 'fastify';
import { fieldError } from '../lib/errors.ts';

/** Dotted path of the first string holding a NUL character, or undefined. */
export function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 20 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return path ? `${path}.${key.replaceAll('\u0000', '')}` : key.replaceAll('\u0000', '');
    const found = findNul(item, path ? `${path}.${key}` : key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const part of [request.params, request.query, request.body]) {
      const field = findNul(part, '');
      if (field !== undefined) {
        const name = field || 'body';
        throw fieldError(name, 'format', `${name} must not contain NUL characters`);
      }
    }
  });
}
