import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../engine';
import { createMcpServer, type McpOptions } from './mcp';
import { sendError } from './http-errors';

/**
 * `/mcp`: the streamable-HTTP transport, stateless (one server and transport per request), which is
 * what the SDK recommends when no server-initiated messages are needed. The token, Host and Origin
 * checks ran before this handler, as for every API route.
 */
export function registerMcpRoute(app: FastifyInstance, engine: Engine, options: McpOptions): void {
  app.post('/mcp', async (request, reply) => {
    const server = createMcpServer(engine, options);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });
  // Stateless: there is no session to open a server-to-client stream on, or to delete.
  const notAllowed = async (_request: unknown, reply: Parameters<typeof sendError>[0]) =>
    sendError(
      reply.header('allow', 'POST'),
      { code: 'validation', message: 'This MCP endpoint is stateless: send JSON-RPC with POST.' },
      405,
    );
  app.get('/mcp', notAllowed);
  app.delete('/mcp', notAllowed);
}
