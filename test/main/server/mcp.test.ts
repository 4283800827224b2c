import { IngestRequest } from '../../../src-shared/schemas/library';
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON from the wire; the assertions check its shape */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src-main/engine';
import { startHarness, writeLibrary, type Harness } from '../../helpers/server-harness';
import { tempDir } from '../../helpers/temp';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

type TextResult = { content: { type: string; text: string }[]; structuredContent?: any; isError?: boolean };

function text(result: unknown): string {
  return (result as TextResult).content.map((c) => c.text).join('\n');
}

/** The checks both transports must pass: the tools a model sees, and real answers from the library. */
async function exerciseTools(client: Client): Promise<void> {
  const tools = await client.listTools();
  expect(tools.tools.map((t) => t.name).sort()).toEqual(['ask', 'get_passage', 'list_documents', 'search']);
  for (const tool of tools.tools) expect(tool.description!.length).toBeGreaterThan(80);

  const search = (await client.callTool({
    name: 'search',
    arguments: { query: 'flutter aeroelastic', mode: 'keyword', limit: 3 },
  })) as TextResult;
  expect(search.isError).toBeFalsy();
  const top = search.structuredContent.hits[0];
  expect(top.path).toMatch(/wing\.md$/);
  expect(text(search)).toContain(`chunk ${top.chunkId}`);

  const ask = (await client.callTool({
    name: 'ask',
    arguments: { question: 'How many tests did the Mach 7 wind tunnel run?' },
  })) as TextResult;
  expect(text(ask)).toContain('412');
  expect(text(ask)).toMatch(/Sources:\n\[1\] chunk \d+ · .*tunnel\.md/);
  expect(ask.structuredContent.citations[0].path).toMatch(/tunnel\.md$/);

  const passage = (await client.callTool({ name: 'get_passage', arguments: { chunkId: top.chunkId, contextChars: 40 } })) as TextResult;
  expect(text(passage)).toContain('>>> ');
  expect(passage.structuredContent.text).toContain('Flutter is an aeroelastic instability');

  const missing = (await client.callTool({ name: 'get_passage', arguments: { chunkId: 987_654 } })) as TextResult;
  expect(missing.isError).toBe(true);
  expect(text(missing)).toMatch(/^not-found: /);

  const documents = (await client.callTool({ name: 'list_documents', arguments: {} })) as TextResult;
  expect(documents.structuredContent.documents).toHaveLength(3);

  const resources = await client.listResources();
  expect(resources.resources).toHaveLength(3);
  const tunnel = resources.resources.find((r) => r.description?.includes('tunnel.md'))!;
  const read = await client.readResource({ uri: tunnel.uri });
  expect((read.contents[0] as { text: string }).text).toContain('412 tests');
}

describe('MCP over stdio (quarry mcp)', () => {
  let dataDir: string;
  let docsDir: string;
  beforeAll(async () => {
    dataDir = tempDir();
    docsDir = tempDir('quarry-docs-');
    writeLibrary(docsDir);
    const engine = createEngine({ dataDir });
    await engine.library.waitForJob((await engine.library.ingest(IngestRequest.parse({ paths: [docsDir], collection: 'aero' }))).jobId);
    await engine.close();
  });

  async function connect(extraArgs: string[] = []): Promise<Client> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['bin/quarry.js', 'mcp', '--data-dir', dataDir, ...extraArgs],
      cwd: repoRoot,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'quarry-test', version: '1.0.0' });
    await client.connect(transport);
    return client;
  }

  it('serves search, ask, list_documents, get_passage and document resources', async () => {
    const client = await connect();
    try {
      await exerciseTools(client);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('offers ingest only with --allow-ingest', async () => {
    const client = await connect(['--allow-ingest']);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('ingest');
      const extra = tempDir('quarry-mcp-extra-');
      writeFileSync(join(extra, 'ramjet.md'), '# Ramjet\n\nA ramjet has no compressor; ram pressure compresses the air.\n');
      const result = (await client.callTool({ name: 'ingest', arguments: { paths: [extra], collection: 'engines' } })) as TextResult;
      expect(result.structuredContent).toMatchObject({ status: 'done', documents: 1 });
      const search = (await client.callTool({
        name: 'search',
        arguments: { query: 'ramjet compressor', collection: 'engines' },
      })) as TextResult;
      expect(search.structuredContent.hits[0].path).toMatch(/ramjet\.md$/);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe('MCP over streamable HTTP (/mcp under quarry serve)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('serves the same tools to a client that presents the token', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(`${harness.server.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${harness.server.token}` } },
    });
    const client = new Client({ name: 'quarry-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      await exerciseTools(client);
    } finally {
      await client.close();
    }
  });

  it('refuses a client without the token', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(`${harness.server.url}/mcp`));
    const client = new Client({ name: 'quarry-test', version: '1.0.0' });
    await expect(client.connect(transport)).rejects.toThrow(/401|unauthorized/i);
  });
});
