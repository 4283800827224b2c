import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyWebsocket from '@fastify/websocket';
import { createHandlers } from '../engine/handlers';
import type { Engine } from '../engine';
import { installErrorHandlers } from './http-errors';
import { createToken, installOriginChecks, installTokenCheck } from './security';
import { registerRpcRoutes } from './rpc-routes';
import { registerStreamRoutes } from './streams';
import { registerEventSocket } from './events-socket';
import { registerUploadRoute } from './upload';
import { registerOpenAiRoutes } from './openai-compat';
import { openApiDocument } from './openapi';
import { registerMcpRoute } from './mcp-http';
import { registerStaticUi } from './static-ui';
import { registerMetricsRoute } from './metrics-route';
import type { Logger } from 'pino';
import { createFileLogger } from '../engine/logger';

export interface ServerOptions {
  readonly engine: Engine;
  /** Where request errors are logged; the engine's log file in its data folder when not given. */
  readonly logger?: Logger;
  /** Per-launch secret; a fresh random one when not given. */
  readonly token?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Interface to bind; anything but loopback is the caller's explicit choice (the CLI warns). */
  readonly host?: string;
  readonly rendererDir?: string;
  /** Largest JSON body accepted (413 past it). */
  readonly bodyLimitBytes?: number;
  /** Largest uploaded file, counted while it streams (413 past it). */
  readonly maxUploadBytes?: number;
  /** Requests per minute per client address; 0 turns the limit off. */
  readonly rateLimitPerMinute?: number;
  /** Lets MCP clients ingest files from this computer. */
  readonly allowIngest?: boolean;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** Base URL, e.g. http://127.0.0.1:7341 */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly token: string;
  /** The URL to open in a browser: logs it in through the token cookie. */
  readonly openUrl: string;
  close(): Promise<void>;
}

export const defaultPort = 7341;
export const defaultBodyLimitBytes = 1024 * 1024;
export const defaultUploadLimitBytes = 200 * 1024 * 1024;
export const defaultRateLimitPerMinute = 6000;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

export function isLoopback(host: string): boolean {
  return loopbackHosts.has(host);
}

/** Names besides loopback a Host header may carry: the chosen interface, or every interface for a wildcard bind. */
function extraHostNames(host: string): string[] {
  if (isLoopback(host)) return [];
  if (host !== '0.0.0.0' && host !== '::') return [host];
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((entry) => entry.address);
}

/** Builds the Fastify app with every route and check; `startServer` binds it. */
export async function buildServerApp(
  options: Omit<ServerOptions, 'port'> & { token: string; port: () => number; host: string },
): Promise<FastifyInstance> {
  const { engine } = options;
  const logger = options.logger ?? createFileLogger(engine.library.location.dataDir);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // The engine's log is a synchronous file: a line per request would cost more than the request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes ?? defaultBodyLimitBytes,
    trustProxy: false,
    // Open streams and sockets must not keep a shutdown waiting.
    forceCloseConnections: true,
    // Header and query sizes are bounded by Node's own limits (16 KiB of headers).
    routerOptions: { maxParamLength: 200 },
  });
  installErrorHandlers(app);
  // First, so that its hook marks upgrade requests even when a check below refuses them: the plugin
  // then destroys a refused upgrade's socket, which would otherwise stay open and stall shutdown.
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  // Order matters: Host/Origin first (DNS rebinding, cross-site), then cookies, the rate limit, the token.
  installOriginChecks(app, { token: options.token, port: options.port, extraHostNames: extraHostNames(options.host) });
  await app.register(fastifyCookie);
  const perMinute = options.rateLimitPerMinute ?? defaultRateLimitPerMinute;
  if (perMinute > 0) await app.register(fastifyRateLimit, { global: true, max: perMinute, timeWindow: 60_000 });
  installTokenCheck(app, { token: options.token, port: options.port });
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
    return payload;
  });
  await app.register(fastifyMultipart, {
    limits: { fileSize: options.maxUploadBytes ?? defaultUploadLimitBytes, files: 1000, fields: 20 },
  });

  const handlers = createHandlers(engine);
  const streamDeps = { handlers, events: engine.events, logger };
  registerRpcRoutes(app, handlers);
  registerStreamRoutes(app, streamDeps);
  registerEventSocket(app, engine.events);
  registerUploadRoute(app, engine, options.maxUploadBytes ?? defaultUploadLimitBytes);
  registerOpenAiRoutes(app, { ...streamDeps, collections: () => engine.library.collections() });
  registerMcpRoute(app, engine, { allowIngest: options.allowIngest ?? false });
  app.get('/api/openapi.json', async () => openApiDocument());
  registerMetricsRoute(app, engine);
  await registerStaticUi(app, options.token, options.rendererDir);
  return app;
}

/** Starts the server on 127.0.0.1 (or the chosen host) and returns where it listens and its token. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? createToken();
  const host = options.host ?? '127.0.0.1';
  let boundPort = options.port ?? defaultPort;
  const app = await buildServerApp({ ...options, token, host, port: () => boundPort });
  try {
    await app.listen({ port: boundPort, host });
  } catch (error) {
    await app.close();
    throw error;
  }
  boundPort = (app.server.address() as AddressInfo).port;
  const urlHost =
    host === '::1'
      ? '[::1]'
      : isLoopback(host) || host === '0.0.0.0' || host === '::'
        ? '127.0.0.1'
        : host.includes(':')
          ? `[${host}]`
          : host;
  const url = `http://${urlHost}:${boundPort}`;
  return {
    app,
    url,
    port: boundPort,
    host,
    token,
    openUrl: `${url}/?token=${token}`,
    async close() {
      await app.close();
    },
  };
}
