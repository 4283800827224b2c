import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { handleTokenLogin, needsToken } from './security';
import { sendError } from './http-errors';

/** Where electron-vite writes the renderer build, relative to this file in the repository. */
export const defaultRendererDir = fileURLToPath(new URL('../../out/renderer/', import.meta.url));

/** The UI page's policy: only this server's own scripts, styles and connections; never framed. */
const contentSecurityPolicy = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Quarry</title></head>
<body><h1>Quarry</h1><p>UI not built — run <code>npm run build</code>, then start <code>quarry serve</code> again.</p>
<p>The API is running: see <code>/api/openapi.json</code> (with the token).</p></body></html>
`;

function sendIndex(reply: FastifyReply, rendererDir: string | null): FastifyReply {
  void reply.header('content-security-policy', contentSecurityPolicy).header('x-frame-options', 'DENY').header('cache-control', 'no-cache');
  if (rendererDir === null) return reply.type('text/html; charset=utf-8').send(notBuiltPage);
  return reply.sendFile('index.html', rendererDir);
}

/**
 * Serves the renderer build at `/` (with `/?token=` logging the browser in), its assets, and
 * index.html for any other page path so the single-page app can route; a plain page says how to
 * build the UI when `out/renderer/` does not exist yet.
 */
export async function registerStaticUi(app: FastifyInstance, token: string, rendererDir: string = defaultRendererDir): Promise<void> {
  const built = existsSync(join(rendererDir, 'index.html')) ? rendererDir : null;
  if (built !== null) {
    await app.register(fastifyStatic, { root: built, index: false, wildcard: true, serve: true, decorateReply: true });
  }
  app.get('/', async (request: FastifyRequest<{ Querystring: { token?: string } }>, reply) => {
    if (handleTokenLogin(request, reply, token)) return reply;
    return sendIndex(reply, built);
  });
  app.setNotFoundHandler(async (request, reply) => {
    const wantsPage =
      request.method === 'GET' && !needsToken(request.method, request.url) && (request.headers.accept ?? '').includes('text/html');
    if (wantsPage) return sendIndex(reply, built);
    return sendError(reply, { code: 'not-found', message: `Nothing at ${request.method} ${request.url.split('?', 1)[0]}.` });
  });
}
