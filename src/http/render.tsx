/** Server-rendered pages: preact JSX to an HTML string. Text is escaped by default. */
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export function renderPage(reply: FastifyReply, page: VNode): FastifyReply {
  return reply.type('text/html; charset=utf-8').send('<!doctype html>' + renderToString(page));
}

/** An htmx partial: the same rendering without a doctype. */
export function renderFragment(reply: FastifyReply, fragment: VNode): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(renderToString(fragment));
}
