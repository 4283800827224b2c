import { z } from 'zod';
import {
  CollectionName,
  CollectionSummary,
  DocumentFilter,
  DocumentRef,
  DocumentSummary,
  IngestRequest,
  JobProgress,
  JobRef,
  LibraryStats,
  Passage,
  PassageRequest,
  RemoveResult,
} from './schemas/library';
import { SearchRequest, SearchResult } from './schemas/search';
import { AnswerRef, AnswerStarted, AskRequest } from './schemas/answer';
import { Feedback, FeedbackRequest } from './schemas/feedback';
import { JobFile } from './schemas/job-files';
import { LibraryLocation } from './schemas/location';
import { Conversation, ConversationList, ConversationRef, ConversationSummary } from './schemas/conversations';
import { CacheClearResult, CacheStats, MaintenanceReport, MaintenanceRequest } from './schemas/cache';
import type { ErrorValue } from './errors';
import { monitorContract } from './monitor-contract';
import { providersContract } from './providers-contract';
import { modelsContract } from './models-contract';
import { streamContract, type StreamContract } from './stream-contract';

/**
 * Every call the renderer (or any host's client) can make, as data: the input and output schemas.
 * The IPC binder and the HTTP server are generic over this table; adding an entry without an engine
 * handler is a type error in `src-main/engine/handlers.ts`.
 */
export const contract = {
  'library.ingest': { input: IngestRequest, output: JobRef },
  'library.cancelJob': { input: JobRef, output: z.object({ cancelled: z.boolean() }) },
  'library.job': { input: JobRef, output: JobProgress },
  'library.jobFiles': { input: JobRef, output: z.array(JobFile) },
  'library.location': { input: z.object({}), output: LibraryLocation },
  'library.jobs': { input: z.object({ limit: z.number().int().min(1).max(500).default(50) }), output: z.array(JobProgress) },
  'library.documents': { input: DocumentFilter, output: z.array(DocumentSummary) },
  'library.remove': { input: DocumentRef, output: RemoveResult },
  'library.stats': { input: z.object({}), output: LibraryStats },
  'library.passage': { input: PassageRequest, output: Passage },
  'library.collections': { input: z.object({}), output: z.array(CollectionSummary) },
  'library.setCollectionPrivate': {
    input: z.object({ name: CollectionName, private: z.boolean() }),
    output: CollectionSummary,
  },
  'search.query': { input: SearchRequest, output: SearchResult },
  'answer.ask': { input: AskRequest, output: AnswerStarted },
  'answer.cancel': { input: AnswerRef, output: z.object({ cancelled: z.boolean() }) },
  ...monitorContract,
  'answer.feedback': { input: FeedbackRequest, output: Feedback },
  'conversations.list': { input: ConversationList, output: z.array(ConversationSummary) },
  'conversations.get': { input: ConversationRef, output: Conversation },
  'cache.stats': { input: z.object({}), output: CacheStats },
  'cache.clear': { input: z.object({}), output: CacheClearResult },
  'maintenance.run': { input: MaintenanceRequest, output: MaintenanceReport },
  ...providersContract,
  ...modelsContract,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type CallInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type CallOutput<C extends Channel> = z.output<Contract[C]['output']>;

/** What every call returns across a boundary: Electron passes only an error's message, so errors are values. */
export type Envelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorValue };

/** One handler per channel; the compiler refuses a contract entry without one. */
export type Handlers = { readonly [C in Channel]: (input: ParsedInput<C>) => Promise<CallOutput<C>> };

export const channels = Object.keys(contract) as Channel[];

/**
 * The streams: calls whose events keep coming after they return (see `stream-contract.ts`). Each is
 * started by the channel of the same name, so its input and started value must be that channel's
 * input and output, and its `cancel` must be a channel that takes the key; the compiler checks both.
 */
export const streams: {
  readonly [S in keyof StreamContract]: StreamContract[S] & {
    readonly input: Contract[S]['input'];
    readonly started: Contract[S]['output'];
    readonly cancel:
      { readonly [C in Channel]: ParsedInput<C> extends Record<StreamContract[S]['key'], string> ? C : never }[Channel] | null;
  };
} = streamContract;

export { eventSchemas, eventTypes, publicEventSchemas, publicEventTypes, isPublicEvent } from './schemas/events';
export type { EventType, EventPayload, PublicEventType, InternalEventType } from './schemas/events';
export {
  streamNames,
  streamPath,
  isTerminal,
  SocketRequest,
  type StreamName,
  type StreamStarted,
  type StreamEvent,
  type StreamEventType,
  type StreamLine,
  type SocketMessage,
  type EventOf,
} from './stream-contract';
