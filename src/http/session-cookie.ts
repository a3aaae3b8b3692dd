import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from './authenticate.ts';
import { SESSION_LIFETIME_MS } from '../modules/auth/sessions-repository.ts';

export function setSessionCookie(reply: FastifyReply, value: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Only same-site paths are followed after sign-in, never another host. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/app';
}
