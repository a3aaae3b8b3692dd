/** /app/api-keys: create (key shown once), list and revoke API keys. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { renderPage } from '../../http/render.tsx';
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppError } from '../../lib/errors.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { listApiKeys } from './list-api-keys.ts';
import { createApiKey } from './create-api-key.ts';
import { revokeApiKey } from './revoke-api-key.ts';
import { ApiKeysPage, type ApiKeysPageProps } from './api-keys-view.tsx';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

export async function apiKeyPages(app: FastifyInstance): Promise<void> {
  const show = async (request: FastifyRequest, reply: FastifyReply, extra: Partial<ApiKeysPageProps> & { status?: number; cursor?: string | undefined }) => {
    const page = await inTenant(request, (ctx) => listApiKeys(ctx, { cursor: extra.cursor }));
    return renderPage(
      reply.status(extra.status ?? 200),
      <ApiKeysPage
        principal={request.principal as StaffPrincipal}
        keys={page.items}
        nextCursor={page.nextCursor}
        created={extra.created}
        values={extra.values ?? {}}
        errors={extra.errors ?? {}}
        message={extra.message}
        notice={extra.notice}
        showOutbox={app.mailer.usesOutbox}
      />,
    );
  };

  app.get<{ Querystring: { cursor?: string; notice?: string } }>('/app/api-keys', { schema: { hide: true }, onRequest: staffPage('api_keys.manage') }, async (request, reply) =>
    show(request, reply, { cursor: request.query.cursor, notice: request.query.notice === 'revoked' ? 'The key is revoked. Requests with it are refused from now on.' : undefined }),
  );

  app.post<{ Body: Record<string, unknown> }>('/app/api-keys', { schema: { hide: true }, onRequest: staffPage('api_keys.manage') }, async (request, reply) => {
    const values = { name: typeof request.body?.name === 'string' ? request.body.name : '', permissions: list(request.body?.permissions) };
    try {
      const created = await inTenant(request, (ctx) => createApiKey(ctx, values));
      // The secret is in this response only: keep it out of caches and browser history.
      void reply.header('cache-control', 'no-store');
      return show(request, reply, { status: 201, created: { name: created.apiKey.name, key: created.key } });
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return show(request, reply, { status: 422, values, errors: fieldMessages(err.fields), message: 'Please fix the highlighted fields. No key was created.' });
    }
  });

  app.post<{ Params: { id: string } }>('/app/api-keys/:id/revoke', { schema: { hide: true }, onRequest: staffPage('api_keys.manage') }, async (request, reply) => {
    await inTenant(request, (ctx) => revokeApiKey(ctx, { id: request.params.id }));
    return reply.redirect('/app/api-keys?notice=revoked', 303);
  });
}
