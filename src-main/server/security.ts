import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './http-errors';

/** The cookie the browser UI keeps the token in after opening the printed URL. */
export const tokenCookie = 'quarry_token';

/** A fresh per-launch secret: 256 random bits, URL-safe. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time; hashing first makes the lengths equal without revealing the real length. */
export function tokensMatch(expected: string, given: string | undefined): boolean {
  if (given === undefined || given.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

export interface SecurityOptions {
  readonly token: string;
  /** The port actually bound (known only after listen when 0 was asked for). */
  readonly port: () => number;
  /** Names of a non-loopback interface the user explicitly chose with --host, also accepted in Host and Origin. */
  readonly extraHostNames?: readonly string[];
}

const loopbackNames = ['127.0.0.1', 'localhost', '[::1]'];

function hostFor(name: string): string {
  return name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
}

/** `Host` values that name this server; anything else is a DNS-rebinding attempt or a misdirected request. */
export function allowedHosts(port: number, extraHostNames: readonly string[] = []): Set<string> {
  const names = [...loopbackNames, ...extraHostNames.map(hostFor)];
  return new Set(names.map((name) => `${name}:${port}`.toLowerCase()));
}

/** Origins of pages this server itself served; a page elsewhere must not drive the API. */
export function allowedOrigins(port: number, extraHostNames: readonly string[] = []): Set<string> {
  return new Set([...allowedHosts(port, extraHostNames)].map((host) => `http://${host}`));
}

/** Paths anyone on the machine may GET without the token: the UI's static files only. */
export function needsToken(method: string, url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  const api =
    path === '/api' ||
    path.startsWith('/api/') ||
    path.startsWith('/v1/') ||
    path === '/mcp' ||
    path.startsWith('/mcp/') ||
    path === '/metrics';
  return api || (method !== 'GET' && method !== 'HEAD');
}

/** The token a request presents: `Authorization: Bearer …`, else the HttpOnly cookie. */
export function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header);
    return match?.[1]?.trim();
  }
  return request.cookies?.[tokenCookie];
}

/** Host and Origin checks for every request, HTTP and WebSocket upgrade alike; runs before anything else. */
export function installOriginChecks(app: FastifyInstance, options: SecurityOptions): void {
  let memo: { port: number; hosts: Set<string>; origins: Set<string> } | undefined;
  app.addHook('onRequest', async (request, reply) => {
    const port = options.port();
    if (memo?.port !== port)
      memo = { port, hosts: allowedHosts(port, options.extraHostNames), origins: allowedOrigins(port, options.extraHostNames) };
    const host = (request.headers.host ?? '').toLowerCase();
    if (!memo.hosts.has(host)) {
      return sendError(reply, { code: 'forbidden', message: `This server answers only to 127.0.0.1:${port} or localhost:${port}.` }, 421);
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !memo.origins.has(origin.toLowerCase())) {
      return sendError(reply, { code: 'forbidden', message: 'Requests from other web pages are not allowed.' });
    }
    return undefined;
  });
}

/** The token check for the API, the event socket, the OpenAI endpoint and MCP. */
export function installTokenCheck(app: FastifyInstance, options: SecurityOptions): void {
  app.addHook('onRequest', async (request, reply) => {
    // Decide by the route that matched, not the raw URL: the router decodes `%61pi` to `api`.
    if (!needsToken(request.method, request.routeOptions.url ?? request.url)) return undefined;
    if (tokensMatch(options.token, presentedToken(request))) return undefined;
    reply.header('www-authenticate', 'Bearer realm="quarry"');
    return sendError(reply, {
      code: 'unauthorized',
      message: 'Open the URL that `quarry serve` printed, or send its token as `Authorization: Bearer <token>`.',
    });
  });
}

/**
 * `GET /?token=…`: the browser arrives with the printed URL; keep the token in an HttpOnly,
 * SameSite=Strict cookie and redirect to `/` so the token leaves the address bar and history.
 * Returns true when it answered the request.
 */
export function handleTokenLogin(
  request: FastifyRequest<{ Querystring: { token?: string } }>,
  reply: FastifyReply,
  token: string,
): boolean {
  const given = request.query.token;
  if (given === undefined) return false;
  if (!tokensMatch(token, given)) {
    void sendError(reply, {
      code: 'unauthorized',
      message: 'This link is from an earlier launch; open the URL `quarry serve` printed this time.',
    });
    return true;
  }
  void reply
    .setCookie(tokenCookie, token, { httpOnly: true, sameSite: 'strict', path: '/' })
    .header('cache-control', 'no-store')
    .redirect('/', 302);
  return true;
}
