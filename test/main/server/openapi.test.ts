import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channels, contract, streamNames, streams } from '../../../src-shared/contract';
import { startHarness, type Harness } from '../../helpers/server-harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});

describe('GET /api/openapi.json', () => {
  it('documents every contract channel with the JSON Schema of its zod input and output', async () => {
    const response = await fetch(`${harness.server.url}/api/openapi.json`, {
      headers: { authorization: `Bearer ${harness.server.token}` },
    });
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe('3.1.0');
    for (const channel of channels) {
      const operation = document.paths[`/api/rpc/${channel}`]?.post;
      expect(operation?.operationId, channel).toBe(channel);
      const { $schema: _input, ...input } = z.toJSONSchema(contract[channel].input, { io: 'input', unrepresentable: 'any' });
      expect(operation.requestBody.content['application/json'].schema).toEqual(input);
      const { $schema: _output, ...output } = z.toJSONSchema(contract[channel].output, { io: 'output', unrepresentable: 'any' });
      expect(operation.responses['200'].content['application/json'].schema.properties.value).toEqual(output);
    }
    for (const path of [
      '/api/stream/answer.ask',
      '/api/stream/library.ingest',
      '/api/events',
      '/api/upload',
      '/v1/chat/completions',
      '/mcp',
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
    expect(Object.keys(document.components.schemas)).toContain('event.answer.token');
    expect(Object.keys(document.components.schemas)).not.toContain('event.provider.call');
  });

  it("describes each stream from the contract's stream table: its started value, its own events, key and terminal events", async () => {
    const document = await (
      await fetch(`${harness.server.url}/api/openapi.json`, { headers: { authorization: `Bearer ${harness.server.token}` } })
    ).json();
    for (const name of streamNames) {
      const operation = document.paths[`/api/stream/${name}`].post;
      const { key, events, terminal, cancel } = streams[name];
      expect(operation['x-quarry-stream']).toEqual({ key, events, terminal, cancel });
      const lines = operation.responses['200'].content['application/x-ndjson'].schema.oneOf;
      const { $schema: _started, ...started } = z.toJSONSchema(streams[name].started, { io: 'output', unrepresentable: 'any' });
      expect(lines[0].properties.value).toEqual(started);
      expect(lines.slice(1).map((line: { properties: { event: { const: string } } }) => line.properties.event.const)).toEqual(events);
    }
    const serverMessages = document.paths['/api/events'].get['x-websocket-server-message'].oneOf;
    expect(JSON.stringify(serverMessages)).not.toContain('provider.call');
  });

  it('describes requests the server really accepts and rejects', async () => {
    const document = await (
      await fetch(`${harness.server.url}/api/openapi.json`, { headers: { authorization: `Bearer ${harness.server.token}` } })
    ).json();
    const searchSchema = document.paths['/api/rpc/search.query'].post.requestBody.content['application/json'].schema;
    expect(searchSchema.required).toEqual(['query']);
    expect((await harness.rpc('search.query', { query: 'flutter' })).status).toBe(200);
    expect((await harness.rpc('search.query', { limit: 3 })).status).toBe(400);
  });
});
