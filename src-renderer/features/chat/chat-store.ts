import { createStore } from 'zustand/vanilla';
import type { AnswerResult, Citation } from '../../../src-shared/schemas/answer';
import type { Passage } from '../../../src-shared/schemas/library';
import type { Feedback, FeedbackRating } from '../../../src-shared/schemas/feedback';
import type { ConversationTurn } from '../../../src-shared/schemas/conversations';
import type { AnswerEvent, QuarryClient } from '../../api';
import { ClientError } from '../../api';

export type TurnStatus = 'waiting' | 'streaming' | 'done' | 'stopped' | 'failed';

/** One question and its answer as the conversation shows it. */
export interface Turn {
  readonly key: string;
  readonly question: string;
  readonly override: string | null;
  readonly answerId: string | null;
  readonly text: string;
  readonly status: TurnStatus;
  readonly result: AnswerResult | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  /** The verdict stored with this answer, once the engine has it. */
  readonly feedback: Feedback | null;
  /** Why the last feedback could not be saved; null when it was. */
  readonly feedbackError: string | null;
}

export interface Conversation {
  readonly id: string;
  readonly title: string;
  readonly turns: readonly Turn[];
  readonly updatedAt: number;
  /** False for a stored conversation listed but not opened yet: its turns are still in the engine. */
  readonly loaded: boolean;
}

/** The source panel: one citation and, once loaded, its passage with the text around it. */
export interface SourceView {
  readonly turnKey: string;
  readonly citation: Citation;
  readonly passage: Passage | null;
  readonly error: string | null;
}

export interface ChatState {
  readonly conversations: readonly Conversation[];
  /** Null for a new conversation that has no question yet. */
  readonly activeId: string | null;
  /** The draft conversation's turns until the engine names it. */
  readonly draft: readonly Turn[];
  /** Per-question model choice (`ollama:llama3.2`, `extractive`); empty lets the router choose. */
  readonly override: string;
  readonly collection: string | null;
  readonly source: SourceView | null;
  /** Why the conversation list or a conversation could not be loaded; null when it could. */
  readonly loadError: string | null;
}

export interface ChatActions {
  ask(question: string): Promise<void>;
  stop(): Promise<void>;
  regenerate(turnKey: string): Promise<void>;
  openCitation(turnKey: string, n: number): Promise<void>;
  closeSource(): void;
  newConversation(): void;
  /** Lists the conversations the engine stored (newest first), keeping the ones open here. */
  loadConversations(): Promise<void>;
  /** Shows a conversation, loading its questions and answers from the engine the first time. */
  selectConversation(id: string): Promise<void>;
  setOverride(value: string): void;
  setCollection(name: string | null): void;
  /** Stores thumbs up or down (null withdraws it) and an optional comment with the answer. */
  rate(turnKey: string, rating: FeedbackRating | null, comment?: string): Promise<void>;
}

export type ChatStore = ReturnType<typeof createChatStore>;

/** The turns on screen: the active conversation's, or the draft's. */
export function activeTurns(state: ChatState): readonly Turn[] {
  if (state.activeId === null) return state.draft;
  return state.conversations.find((conversation) => conversation.id === state.activeId)?.turns ?? [];
}

/** True while the newest answer is still arriving. */
export function isAnswering(state: ChatState): boolean {
  const last = activeTurns(state).at(-1);
  return last?.status === 'waiting' || last?.status === 'streaming';
}

/** A stored question and answer as the conversation view shows it. */
export function turnFromStored(conversationId: string, stored: ConversationTurn): Turn {
  const status: TurnStatus = stored.status === 'done' ? 'done' : stored.status === 'cancelled' ? 'stopped' : 'failed';
  return {
    key: stored.answerId,
    question: stored.question,
    override: null,
    answerId: stored.answerId,
    text: stored.answer,
    status,
    result: {
      answerId: stored.answerId,
      conversationId,
      question: stored.question,
      answer: stored.answer,
      noAnswer: false,
      citations: stored.citations,
      route: stored.route,
      cache: 'miss',
      timings: {},
    },
    error: status === 'failed' ? { code: stored.errorCode ?? 'internal', message: 'This answer stopped before it finished.' } : null,
    feedback: stored.feedback,
    feedbackError: null,
  };
}

let keySequence = 0;
const nextKey = () => `turn-${Date.now().toString(36)}-${(keySequence += 1)}`;

/** The chat feature's state: conversations, the streaming answer, and the open source passage. */
export function createChatStore(client: QuarryClient, now: () => number = Date.now) {
  return createStore<ChatState & ChatActions>()((set, get) => {
    /** Applies a change to one turn wherever it lives (draft or a conversation). */
    const updateTurn = (key: string, change: (turn: Turn) => Turn) => {
      const state = get();
      const patch = (turns: readonly Turn[]) => turns.map((turn) => (turn.key === key ? change(turn) : turn));
      set({
        draft: patch(state.draft),
        conversations: state.conversations.map((conversation) =>
          conversation.turns.some((turn) => turn.key === key)
            ? { ...conversation, turns: patch(conversation.turns), updatedAt: now() }
            : conversation,
        ),
      });
    };

    const onAnswerEvent = (key: string) => (event: AnswerEvent) => {
      switch (event.type) {
        case 'answer.token':
          // A token already on its way when the person pressed Stop does not restart the answer.
          return updateTurn(key, (turn) =>
            turn.status === 'stopped' ? turn : { ...turn, status: 'streaming', text: turn.text + event.payload.delta },
          );
        case 'answer.done':
          return updateTurn(key, (turn) => ({ ...turn, status: 'done', text: event.payload.answer, result: event.payload }));
        case 'answer.error': {
          const { code, message, partial } = event.payload;
          return updateTurn(key, (turn) => ({
            ...turn,
            status: code === 'cancelled' ? 'stopped' : 'failed',
            text: turn.text || partial,
            error: code === 'cancelled' ? null : { code, message },
          }));
        }
        default: {
          const unexpected: never = event;
          return unexpected;
        }
      }
    };

    /** Moves the draft into a named conversation once the engine has given it an id. */
    const adoptConversation = (conversationId: string) => {
      const state = get();
      if (state.activeId !== null) return;
      const title = state.draft[0]?.question ?? 'New conversation';
      set({
        conversations: [
          { id: conversationId, title, turns: state.draft, updatedAt: now(), loaded: true },
          ...state.conversations.filter((conversation) => conversation.id !== conversationId),
        ],
        activeId: conversationId,
        draft: [],
      });
    };

    const run = async (key: string, question: string, override: string | null, replaces: string | null = null) => {
      const { activeId, collection } = get();
      try {
        const started = await client.stream(
          'answer.ask',
          {
            question,
            ...(activeId ? { conversationId: activeId } : {}),
            ...(collection ? { collection } : {}),
            ...(override ? { override } : {}),
            ...(replaces && activeId ? { replaces } : {}),
          },
          {
            onEvent: onAnswerEvent(key),
            onLost: () =>
              updateTurn(key, (turn) => ({
                ...turn,
                status: 'failed',
                error: { code: 'internal', message: 'The connection to Quarry was lost before the answer finished.' },
              })),
          },
        );
        updateTurn(key, (turn) => ({ ...turn, answerId: started.answerId }));
        adoptConversation(started.conversationId);
      } catch (error) {
        const value =
          error instanceof ClientError
            ? { code: error.code, message: error.message }
            : { code: 'internal', message: 'Quarry could not be reached.' };
        updateTurn(key, (turn) => ({ ...turn, status: 'failed', error: value }));
      }
    };

    const appendTurn = (turn: Turn) => {
      const state = get();
      if (state.activeId === null) return set({ draft: [...state.draft, turn] });
      set({
        conversations: state.conversations.map((conversation) =>
          conversation.id === state.activeId ? { ...conversation, turns: [...conversation.turns, turn], updatedAt: now() } : conversation,
        ),
      });
    };

    const freshTurn = (question: string, override: string | null): Turn => ({
      key: nextKey(),
      question,
      override,
      answerId: null,
      text: '',
      status: 'waiting',
      result: null,
      error: null,
      feedback: null,
      feedbackError: null,
    });

    return {
      conversations: [],
      activeId: null,
      draft: [],
      override: '',
      collection: null,
      source: null,
      loadError: null,

      async ask(question) {
        const trimmed = question.trim();
        if (trimmed === '' || isAnswering(get())) return;
        const override = get().override.trim() || null;
        const turn = freshTurn(trimmed, override);
        appendTurn(turn);
        await run(turn.key, trimmed, override);
      },
      async stop() {
        const last = activeTurns(get()).at(-1);
        if (!last || (last.status !== 'waiting' && last.status !== 'streaming')) return;
        if (last.answerId) {
          await client.call('answer.cancel', { answerId: last.answerId }).catch(() => undefined);
        }
        // The engine confirms with `answer.error` (cancelled); mark it now so the button responds at once.
        updateTurn(last.key, (turn) => (turn.status === 'done' ? turn : { ...turn, status: 'stopped' }));
      },
      async regenerate(turnKey) {
        const original = activeTurns(get()).find((turn) => turn.key === turnKey);
        if (!original || isAnswering(get())) return;
        // The new answer takes the old one's place (here and in the stored conversation), not a new turn.
        if (get().source?.turnKey === turnKey) set({ source: null });
        updateTurn(turnKey, () => ({ ...freshTurn(original.question, original.override), key: turnKey }));
        await run(turnKey, original.question, original.override, original.answerId);
      },
      async openCitation(turnKey, n) {
        const citation = activeTurns(get())
          .find((turn) => turn.key === turnKey)
          ?.result?.citations.find((candidate) => candidate.n === n);
        if (!citation) return;
        set({ source: { turnKey, citation, passage: null, error: null } });
        try {
          // With the quote, a passage whose chunk changed in a re-index is found in the document's current text.
          const passage = await client.call('library.passage', {
            chunkId: citation.chunkId,
            documentId: citation.documentId,
            path: citation.path,
            quote: citation.text,
          });
          if (get().source?.citation === citation) set({ source: { turnKey, citation, passage, error: null } });
        } catch (error) {
          const message = error instanceof ClientError ? error.message : 'The passage could not be loaded.';
          if (get().source?.citation === citation) set({ source: { turnKey, citation, passage: null, error: message } });
        }
      },
      closeSource() {
        set({ source: null });
      },
      newConversation() {
        set({ activeId: null, draft: [], source: null });
      },
      async loadConversations() {
        try {
          const stored = await client.call('conversations.list', { limit: 200 });
          const open = new Map(get().conversations.map((conversation) => [conversation.id, conversation]));
          const listed = stored.map(
            (summary): Conversation =>
              open.get(summary.id) ?? { id: summary.id, title: summary.title, turns: [], updatedAt: summary.updatedAt, loaded: false },
          );
          const unlisted = get().conversations.filter((conversation) => !stored.some((summary) => summary.id === conversation.id));
          set({ conversations: [...unlisted, ...listed], loadError: null });
        } catch (error) {
          set({ loadError: error instanceof ClientError ? error.message : 'Quarry could not be reached.' });
        }
      },
      async selectConversation(id) {
        const conversation = get().conversations.find((candidate) => candidate.id === id);
        if (!conversation) return;
        set({ activeId: id, source: null });
        if (conversation.loaded) return;
        try {
          const stored = await client.call('conversations.get', { conversationId: id });
          const turns = stored.turns.map((turn) => turnFromStored(id, turn));
          set({
            conversations: get().conversations.map((candidate) =>
              candidate.id === id ? { ...candidate, turns, loaded: true } : candidate,
            ),
            loadError: null,
          });
        } catch (error) {
          set({ loadError: error instanceof ClientError ? error.message : 'Quarry could not be reached.' });
        }
      },
      setOverride(value) {
        set({ override: value });
      },
      setCollection(name) {
        set({ collection: name });
      },
      async rate(turnKey, rating, comment = '') {
        const turn = activeTurns(get()).find((candidate) => candidate.key === turnKey);
        if (!turn?.answerId || turn.status !== 'done') return;
        try {
          const feedback = await client.call('answer.feedback', { answerId: turn.answerId, rating, comment });
          updateTurn(turnKey, (current) => ({ ...current, feedback, feedbackError: null }));
        } catch (error) {
          const message = error instanceof ClientError ? error.message : 'Quarry could not be reached.';
          updateTurn(turnKey, (current) => ({ ...current, feedbackError: message }));
        }
      },
    };
  });
}
