import type { FastifyInstance, FastifyReply } from 'fastify';
import { contract, type EventType } from '../../src-shared/contract';
import type { Engine } from '../engine';

/** One line of an NDJSON stream: first the ids of the work started, then its events as the socket sends them. */
export type StreamLine =
  { readonly type: 'started'; readonly value: unknown } | { readonly type: 'event'; readonly event: EventType; readonly payload: unknown };

interface LineWriter {
  write(line: StreamLine): void;
  end(): void;
  /** True once the client went away. */
  readonly closed: () => boolean;
  onClose(listener: () => void): void;
}

/** Takes the response over from Fastify and writes newline-delimited JSON, flushing each line. */
function openLines(reply: FastifyReply): LineWriter {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'application/x-ndjson; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  raw.flushHeaders();
  let closed = false;
  raw.on('close', () => {
    closed = true;
  });
  return {
    write(line) {
      if (!closed && !raw.writableEnded) raw.write(`${JSON.stringify(line)}\n`);
    },
    end() {
      if (!raw.writableEnded) raw.end();
    },
    closed: () => closed,
    onClose(listener) {
      raw.on('close', listener);
    },
  };
}

/**
 * `POST /api/stream/answer.ask`: the answer's tokens as they come, ending with `answer.done` or
 * `answer.error`. A client that hangs up stops the answer: nobody is left to read it.
 */
function registerAnswerStream(app: FastifyInstance, engine: Engine): void {
  app.post('/api/stream/answer.ask', async (request, reply) => {
    const input = contract['answer.ask'].input.parse(request.body ?? {});
    let answerId: string | undefined;
    let lines: LineWriter | undefined;
    // The answer's first event follows an await inside the engine, so subscribing before ask() and
    // learning the id right after it returns cannot miss one.
    const stop = engine.events.onAny((type, payload) => {
      if (!type.startsWith('answer.') || (payload as { answerId?: string }).answerId !== answerId) return;
      lines?.write({ type: 'event', event: type, payload });
    });
    try {
      const started = engine.ask(input);
      answerId = started.answerId;
      lines = openLines(reply);
      lines.write({ type: 'started', value: { answerId: started.answerId, conversationId: started.conversationId } });
      lines.onClose(() => engine.cancelAnswer(started.answerId));
      await started.done.catch(() => undefined);
    } finally {
      stop();
      lines?.end();
    }
  });
}

/**
 * `POST /api/stream/library.ingest`: progress of the job until `ingest.done`. Ingestion is a durable
 * job, so a client that hangs up only stops listening; the job goes on.
 */
function registerIngestStream(app: FastifyInstance, engine: Engine): void {
  app.post('/api/stream/library.ingest', async (request, reply) => {
    const input = contract['library.ingest'].input.parse(request.body ?? {});
    let jobId: string | undefined;
    let lines: LineWriter | undefined;
    let sawDone = false;
    // Events can fire while enqueue() is still awaiting (before the id is known): keep them until then.
    const early: { type: EventType; payload: { jobId: string } }[] = [];
    const forward = (type: EventType, payload: { jobId: string }) => {
      if (payload.jobId !== jobId) return;
      if (type === 'ingest.done') sawDone = true;
      lines?.write({ type: 'event', event: type, payload });
    };
    const stop = engine.events.onAny((type, payload) => {
      if (!type.startsWith('ingest.')) return;
      const event = { type, payload: payload as { jobId: string } };
      if (jobId === undefined) early.push(event);
      else forward(event.type, event.payload);
    });
    try {
      jobId = (await engine.ingest(input)).jobId;
      lines = openLines(reply);
      lines.write({ type: 'started', value: { jobId } });
      for (const event of early) forward(event.type, event.payload);
      const final = await engine.waitForJob(jobId);
      if (!sawDone) lines.write({ type: 'event', event: 'ingest.done', payload: final });
    } finally {
      stop();
      lines?.end();
    }
  });
}

/**
 * `POST /api/stream/models.pull`: a model download's status lines until it is done, failed or
 * cancelled. Like ingestion it is a job: a client that hangs up stops listening, the download goes on.
 */
function registerPullStream(app: FastifyInstance, engine: Engine): void {
  app.post('/api/stream/models.pull', async (request, reply) => {
    const input = contract['models.pull'].input.parse(request.body ?? {});
    let lines: LineWriter | undefined;
    let pullId: string | undefined;
    // start() returns before any event: the download's first status line follows a network round trip.
    const stop = engine.events.on('models.pull', (progress) => {
      if (progress.pullId === pullId) lines?.write({ type: 'event', event: 'models.pull', payload: progress });
    });
    try {
      const started = engine.models.start(input.model);
      pullId = started.pullId;
      lines = openLines(reply);
      lines.write({ type: 'started', value: started });
      await engine.models.wait(started.pullId);
    } finally {
      stop();
      lines?.end();
    }
  });
}

export function registerStreamRoutes(app: FastifyInstance, engine: Engine): void {
  registerAnswerStream(app, engine);
  registerIngestStream(app, engine);
  registerPullStream(app, engine);
}
