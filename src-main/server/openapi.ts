import { z } from 'zod';
import {
  channels,
  contract,
  publicEventSchemas,
  publicEventTypes,
  SocketRequest,
  streamNames,
  streamPath,
  streams,
  type PublicEventType,
  type StreamName,
} from '../../src-shared/contract';
import { errorCodes } from '../../src-shared/errors';
import { rpcPath } from './rpc-routes';
import { ChatCompletionRequest } from './openai-compat';
import { UploadQuery } from './upload';

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema (2020-12, which OpenAPI 3.1 uses), without the `$schema` header. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['ok', 'error'],
  properties: {
    ok: { const: false },
    error: { type: 'object', required: ['code', 'message'], properties: { code: { enum: [...errorCodes] }, message: { type: 'string' } } },
  },
};

function okEnvelope(value: JsonSchema): JsonSchema {
  return { type: 'object', required: ['ok', 'value'], properties: { ok: { const: true }, value } };
}

const errorResponses = {
  default: {
    description: 'An error with a code (400 validation, 401 no or wrong token, 403 foreign Origin, 413 too large, 429 rate-limited…)',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
};

function jsonBody(schema: JsonSchema) {
  return { required: true, content: { 'application/json': { schema } } };
}

const eventRef = (type: PublicEventType): JsonSchema => ({ $ref: `#/components/schemas/event.${type}` });

/** The NDJSON lines of one stream: its started value, then its own events (the last one terminal). */
function streamLine(name: StreamName): JsonSchema {
  const entry = streams[name];
  return {
    description: `One JSON object per line: first \`started\`, then \`event\` lines (as the WebSocket sends them) whose payload's \`${entry.key}\` is the started one, until ${entry.terminal.join(' or ')}.`,
    oneOf: [
      {
        type: 'object',
        required: ['type', 'value'],
        properties: { type: { const: 'started' }, value: jsonSchemaOf(entry.started, 'output') },
      },
      ...entry.events.map((type) => ({
        type: 'object',
        required: ['type', 'event', 'payload'],
        properties: { type: { const: 'event' }, event: { const: type }, payload: eventRef(type) },
      })),
    ],
  };
}

/** What the event WebSocket sends: acknowledgements, refusals and public events (never internal ones). */
function socketServerMessage(): JsonSchema {
  return {
    oneOf: [
      {
        type: 'object',
        required: ['type', 'events'],
        properties: { type: { const: 'subscribed' }, events: { type: 'array', items: { enum: [...publicEventTypes] } } },
      },
      {
        type: 'object',
        required: ['type', 'error'],
        properties: { type: { const: 'error' }, error: (errorSchema.properties as JsonSchema).error },
      },
      ...publicEventTypes.map((type) => ({
        type: 'object',
        required: ['type', 'event', 'payload'],
        properties: { type: { const: 'event' }, event: { const: type }, payload: eventRef(type) },
      })),
    ],
  };
}

/** `POST /api/stream/<name>` for every stream of the contract, with the stream's description as `x-quarry-stream`. */
function streamPaths(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const name of streamNames) {
    const entry = streams[name];
    paths[streamPath(name)] = {
      post: {
        operationId: `stream.${name}`,
        summary: `Call ${name} and stream its events until ${entry.terminal.join(' or ')}${
          entry.cancel ? ` (hanging up calls ${entry.cancel})` : ' (hanging up only stops listening)'
        }`,
        requestBody: jsonBody(jsonSchemaOf(entry.input, 'input')),
        responses: {
          200: { description: 'NDJSON stream', content: { 'application/x-ndjson': { schema: streamLine(name) } } },
          ...errorResponses,
        },
        'x-quarry-stream': { key: entry.key, events: entry.events, terminal: entry.terminal, cancel: entry.cancel },
      },
    };
  }
  return paths;
}

function rpcPaths(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const channel of channels) {
    paths[rpcPath(channel)] = {
      post: {
        operationId: channel,
        summary: `Contract channel ${channel}`,
        requestBody: jsonBody(jsonSchemaOf(contract[channel].input, 'input')),
        responses: {
          200: {
            description: 'The value',
            content: { 'application/json': { schema: okEnvelope(jsonSchemaOf(contract[channel].output, 'output')) } },
          },
          ...errorResponses,
        },
      },
    };
  }
  return paths;
}

function otherPaths(): Record<string, unknown> {
  return {
    '/api/events': {
      get: {
        operationId: 'events',
        summary:
          'WebSocket of engine events. Send {"type":"subscribe"|"unsubscribe","events":[…]}; receive {"type":"subscribed","events"} and {"type":"event","event","payload"}.',
        'x-websocket-client-message': jsonSchemaOf(SocketRequest, 'input'),
        'x-websocket-server-message': socketServerMessage(),
        responses: { 101: { description: 'Switching protocols' }, ...errorResponses },
      },
    },
    '/api/upload': {
      post: {
        operationId: 'upload',
        summary: 'Upload files (multipart/form-data) and ingest them as one job',
        parameters: [
          {
            name: 'collection',
            in: 'query',
            required: false,
            schema: (jsonSchemaOf(UploadQuery, 'input').properties as JsonSchema).collection,
          },
        ],
        requestBody: {
          required: true,
          content: { 'multipart/form-data': { schema: { type: 'object', additionalProperties: { type: 'string', format: 'binary' } } } },
        },
        responses: {
          200: {
            description: 'The ingestion job',
            content: {
              'application/json': {
                schema: okEnvelope({
                  type: 'object',
                  properties: { jobId: { type: 'string' }, collection: { type: 'string' }, files: { type: 'array' } },
                }),
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    '/v1/chat/completions': {
      post: {
        operationId: 'openai.chatCompletions',
        summary:
          'OpenAI-compatible chat completion answered from the library (model "quarry" or "quarry:<collection>"); SSE when stream is true',
        requestBody: jsonBody(jsonSchemaOf(ChatCompletionRequest, 'input')),
        responses: { 200: { description: 'chat.completion, or text/event-stream of chat.completion.chunk' }, ...errorResponses },
      },
    },
    '/v1/models': {
      get: {
        operationId: 'openai.models',
        summary: 'The models this endpoint answers as',
        responses: { 200: { description: 'list' }, ...errorResponses },
      },
    },
    '/mcp': {
      post: {
        operationId: 'mcp',
        summary: 'Model Context Protocol, streamable-HTTP transport',
        responses: { 200: { description: 'JSON-RPC' }, ...errorResponses },
      },
    },
  };
}

let cached: JsonSchema | undefined;

/** The OpenAPI 3.1 document, generated from the contract's zod schemas: the same source the routes use. */
export function openApiDocument(): JsonSchema {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'Quarry local API',
      version: '1',
      description: 'Served by `quarry serve` on 127.0.0.1. Every call needs the per-launch token.',
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths: { ...rpcPaths(), ...streamPaths(), ...otherPaths() },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'quarry_token' } },
      schemas: {
        Error: errorSchema,
        ...Object.fromEntries(publicEventTypes.map((type) => [`event.${type}`, jsonSchemaOf(publicEventSchemas[type], 'output')])),
      },
    },
  };
  return cached;
}
