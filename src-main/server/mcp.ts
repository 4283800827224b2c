import { IngestRequest } from '../../src-shared/schemas/library';
import { SearchRequest } from '../../src-shared/schemas/search';
import { DocumentFilter } from '../../src-shared/schemas/library';
import { PassageRequest } from '../../src-shared/schemas/library';
import { AskRequest } from '../../src-shared/schemas/answer';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { toErrorValue } from '../../src-shared/errors';
import { CollectionName, FileType } from '../../src-shared/schemas/library';
import { SearchMode, type SearchHit } from '../../src-shared/schemas/search';
import type { AnswerResult } from '../../src-shared/schemas/answer';
import type { Engine } from '../engine';

export interface McpOptions {
  /** Ingesting reads files from this computer: only when the user turned it on (`--allow-ingest`). */
  readonly allowIngest?: boolean;
  readonly version?: string;
}

/** How long the ingest tool waits for its job before reporting progress instead. */
const ingestWaitMs = 45_000;

function where(hit: { path: string; page: number | null; headingPath: readonly string[] }): string {
  return `${hit.path}${hit.page ? `, page ${hit.page}` : ''}${hit.headingPath.length ? ` — ${hit.headingPath.join(' › ')}` : ''}`;
}

export function formatHits(hits: readonly SearchHit[]): string {
  if (hits.length === 0) return 'No passages match. Try other words, mode "keyword" for exact names, or no collection filter.';
  return hits.map((hit, i) => `[${i + 1}] chunk ${hit.chunkId} · ${where(hit)} (score ${hit.score.toFixed(4)})\n${hit.text}`).join('\n\n');
}

export function formatAnswer(result: AnswerResult): string {
  const sources = result.citations.map((c) => `[${c.n}] chunk ${c.chunkId} · ${where(c)} (chars ${c.start}–${c.end})`);
  return sources.length > 0 ? `${result.answer}\n\nSources:\n${sources.join('\n')}` : result.answer;
}

/** Runs a tool body and turns an expected failure into a tool error the model can read and act on. */
async function toolResult(run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await run();
  } catch (error) {
    const value = toErrorValue(error);
    return { isError: true, content: [{ type: 'text', text: `${value.code}: ${value.message}` }] };
  }
}

function registerTools(server: McpServer, engine: Engine, options: McpOptions): void {
  server.registerTool(
    'search',
    {
      title: 'Search the document library',
      description:
        "Find passages in the user's private document library (Quarry) that match a query. Returns the best passages with their chunk id, file, page and heading. " +
        'Use it to gather evidence or explore a topic; quote what you use and name the file. To read more around a passage, call get_passage with its chunk id. ' +
        'For a direct question, the ask tool gives a cited answer in one step.',
      inputSchema: {
        query: z
          .string()
          .trim()
          .min(1)
          .max(4000)
          .describe('Words or a question. Names, codes and exact phrases work best with mode "keyword".'),
        mode: SearchMode.optional().describe(
          '"hybrid" (default) combines keywords and meaning; "keyword" matches exact terms; "dense" matches meaning and paraphrases.',
        ),
        limit: z.number().int().min(1).max(50).optional().describe('How many passages to return (default 8).'),
        collection: CollectionName.optional().describe('Only search this collection (see list_documents for collection names).'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ query, mode, limit, collection }) =>
      toolResult(async () => {
        const result = await engine.search.query(
          SearchRequest.parse({ query, mode: mode ?? 'hybrid', limit: limit ?? 8, ...(collection ? { collection } : {}) }),
        );
        return {
          content: [{ type: 'text', text: formatHits(result.hits) }],
          structuredContent: { hits: result.hits, mode: result.mode, tookMs: result.tookMs },
        };
      }),
  );

  server.registerTool(
    'ask',
    {
      title: 'Answer a question from the library',
      description:
        "Answer a question using only the user's document library, with numbered citations [n] that name the file, page and chunk id of each passage used. " +
        'If nothing in the library answers it, the reply says so (noAnswer: true) rather than guessing. Check a citation with get_passage.',
      inputSchema: {
        question: z.string().trim().min(1).max(8000).describe('The question, in full sentences.'),
        collection: CollectionName.optional().describe('Only use documents of this collection.'),
        mode: SearchMode.optional().describe('How passages are retrieved; "hybrid" (default) suits most questions.'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ question, collection, mode }) =>
      toolResult(async () => {
        const result = await engine.answers.ask(
          AskRequest.parse({ question, mode: mode ?? 'hybrid', ...(collection ? { collection } : {}) }),
        ).done;
        return {
          content: [{ type: 'text', text: formatAnswer(result) }],
          structuredContent: { answer: result.answer, noAnswer: result.noAnswer, citations: result.citations, route: result.route },
        };
      }),
  );

  server.registerTool(
    'list_documents',
    {
      title: 'List documents in the library',
      description:
        'List the documents in the library with their id, path, collection, type, title, pages and number of chunks. Use it to see what the library holds and which collections exist before searching.',
      inputSchema: {
        collection: CollectionName.optional().describe('Only documents of this collection.'),
        fileType: FileType.optional().describe('Only this file type.'),
        text: z.string().max(500).optional().describe('Only documents whose path or title contains this text.'),
        limit: z.number().int().min(1).max(1000).optional().describe('At most this many (default 100).'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ collection, fileType, text, limit }) =>
      toolResult(async () => {
        const documents = engine.library.documents(
          DocumentFilter.parse({
            limit: limit ?? 100,
            ...(collection ? { collection } : {}),
            ...(fileType ? { fileType } : {}),
            ...(text ? { text } : {}),
          }),
        );
        const lines = documents.map(
          (d) =>
            `#${d.id} ${d.path} [${d.collection}, ${d.fileType}${d.pages ? `, ${d.pages} pages` : ''}, ${d.chunks} chunks]${d.title ? ` — ${d.title}` : ''}`,
        );
        return {
          content: [{ type: 'text', text: lines.length > 0 ? lines.join('\n') : 'The library has no documents that match.' }],
          structuredContent: { documents },
        };
      }),
  );

  server.registerTool(
    'get_passage',
    {
      title: 'Read a passage with its context',
      description:
        "Read one passage by its chunk id (from search results or an answer's citations), with the text just before and after it in the same document. Use it to verify a citation or to read on.",
      inputSchema: {
        chunkId: z.number().int().describe('The chunk id, e.g. 123 from "chunk 123".'),
        contextChars: z
          .number()
          .int()
          .min(0)
          .max(20_000)
          .optional()
          .describe('Characters of surrounding text on each side (default 1500).'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ chunkId, contextChars }) =>
      toolResult(async () => {
        const passage = engine.library.passage(PassageRequest.parse({ chunkId, contextChars: contextChars ?? 1500 }));
        const text = `${where(passage)} (chars ${passage.start}–${passage.end})\n\n…${passage.before}\n>>> ${passage.text} <<<\n${passage.after}…`;
        return { content: [{ type: 'text', text }], structuredContent: passage };
      }),
  );

  if (!options.allowIngest) return;
  server.registerTool(
    'ingest',
    {
      title: 'Add files to the library',
      description:
        'Read files or folders on this computer into the library (folders recursively; PDF, Word, HTML, Markdown, text, CSV and JSON). Unchanged files are skipped. ' +
        'Returns a summary when the job finishes, or its progress if it takes longer than about 45 seconds (it keeps running).',
      inputSchema: {
        paths: z.array(z.string().min(1)).min(1).describe('Absolute paths of files or folders.'),
        collection: CollectionName.optional().describe('Collection to put the documents in (default "default").'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    ({ paths, collection }) =>
      toolResult(async () => {
        const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths, collection: collection ?? 'default' }));
        const timeout = new Promise<null>((resolve) => setTimeout(resolve, ingestWaitMs, null).unref());
        const final = (await Promise.race([engine.library.waitForJob(jobId), timeout])) ?? engine.library.job(jobId);
        const failures = final.failed.map((f) => `  ${f.path}: ${f.error}`).join('\n');
        const text = `Job ${jobId} ${final.status}: ${final.filesDone}/${final.filesTotal} files, ${final.documents} documents, ${final.chunks} chunks, ${final.skipped} unchanged, ${final.failed.length} failed.${failures ? `\n${failures}` : ''}`;
        return { content: [{ type: 'text', text }], structuredContent: final };
      }),
  );
}

/** Documents as MCP resources: `quarry://documents/{id}`, listed from the library, read as full text. */
function registerDocumentResources(server: McpServer, engine: Engine): void {
  const template = new ResourceTemplate('quarry://documents/{id}', {
    list: async () => ({
      resources: engine.library.documents(DocumentFilter.parse({ limit: 10_000 })).map((d) => ({
        uri: `quarry://documents/${d.id}`,
        name: d.title ?? d.path.split(/[\\/]/).pop() ?? d.path,
        description: `${d.path} (${d.collection}, ${d.fileType}, ${d.chunks} chunks)`,
        mimeType: 'text/plain',
      })),
    }),
  });
  server.registerResource(
    'document',
    template,
    { title: 'A document of the library', description: 'The full text of one document, as Quarry read it.', mimeType: 'text/plain' },
    async (uri, variables) => {
      const id = Number(variables.id);
      return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: engine.library.documentText(id) }] };
    },
  );
}

/** An MCP server over the engine: tools for search, answers and passages; documents as resources. */
export function createMcpServer(engine: Engine, options: McpOptions = {}): McpServer {
  const server = new McpServer(
    { name: 'quarry', version: options.version ?? '0.1.0' },
    {
      instructions:
        "Quarry holds the user's private documents. Search or ask it for facts from those documents and cite the file and page it names.",
    },
  );
  registerTools(server, engine, options);
  registerDocumentResources(server, engine);
  return server;
}
