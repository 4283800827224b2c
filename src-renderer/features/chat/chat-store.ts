import { createStore } from 'zustand/vanilla';
import type { AnswerResult, Citation } from '../../../src-shared/schemas/answer';
import type { Passage } from '../../../src-shared/schemas/library';
import type { Feedback, FeedbackRating } from '../../../src-shared/schemas/feedback';
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
}

export interface ChatActions {
  ask(question: string): Promise<void>;
  stop(): Promise<void>;
  regenerate(turnKey: string): Promise<void>;
  openCitation(turnKey: string, n: number): Promise<void>;
  closeSource(): void;
  newConversation(): void;
  selectConversation(id: string): void;
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
          return updateTurn(key, (turn) => ({ ...turn, status: 'streaming', text: turn.text + event.payload.delta }));
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
        conversations: [{ id: conversationId, title, turns: state.draft, updatedAt: now() }, ...state.conversations],
        activeId: conversationId,
        draft: [],
      });
    };

    const run = async (key: string, question: string, override: string | null) => {
      const { activeId, collection } = get();
      try {
        const started = await client.streamAnswer(
          {
            question,
            ...(activeId ? { conversationId: activeId } : {}),
            ...(collection ? { collection } : {}),
            ...(override ? { override } : {}),
          },
          onAnswerEvent(key),
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
        const turn = freshTurn(original.question, original.override);
        appendTurn(turn);
        await run(turn.key, turn.question, turn.override);
      },
      async openCitation(turnKey, n) {
        const citation = activeTurns(get())
          .find((turn) => turn.key === turnKey)
          ?.result?.citations.find((candidate) => candidate.n === n);
        if (!citation) return;
        set({ source: { turnKey, citation, passage: null, error: null } });
        try {
          const passage = await client.call('library.passage', { chunkId: citation.chunkId });
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
      selectConversation(id) {
        if (get().conversations.some((conversation) => conversation.id === id)) set({ activeId: id, source: null });
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
