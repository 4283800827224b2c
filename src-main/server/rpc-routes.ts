import type { FastifyInstance } from 'fastify';
import { channels, contract, type Channel, type Handlers } from '../../src-shared/contract';
import { runAsActor } from '../engine/audit/audit-log';
import { actorOf } from './metrics-route';

/** The URL of a contract channel over HTTP. */
export function rpcPath(channel: Channel): string {
  return `/api/rpc/${channel}`;
}

/**
 * `POST /api/rpc/<channel>` for every channel of the contract: the input is parsed with the channel's
 * own zod schema (a failure is a 400 `validation` error), the engine handler runs, and the value
 * leaves in the same `{ ok, value }` envelope the IPC bridge uses. No route is written by hand.
 */
export function registerRpcRoutes(app: FastifyInstance, handlers: Handlers): void {
  for (const channel of channels) {
    const call = handlers[channel] as (input: unknown) => Promise<unknown>;
    const schema = contract[channel].input;
    app.post(rpcPath(channel), async (request, reply) => {
      const input = schema.parse(request.body ?? {});
      // Audit entries written by the call name who made it.
      const value = await runAsActor(actorOf(request), () => call(input));
      void reply.header('cache-control', 'no-store');
      return { ok: true, value };
    });
  }
}
