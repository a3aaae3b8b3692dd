/** Who is making a request, once the session cookie or API key has been checked. */
import type { Actor } from '../modules/context.ts';

export interface StaffPrincipal {
  kind: 'staff';
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  sessionId: string;
  userId: string;
  userName: string;
  email: string;
  roleName: string;
  actor: Actor;
  /** Session-bound CSRF token for forms and htmx requests. */
  csrfToken: string;
}

export interface ApiKeyPrincipal {
  kind: 'api_key';
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  apiKeyId: string;
  keyName: string;
  actor: Actor;
}

export type Principal = StaffPrincipal | ApiKeyPrincipal;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}
