import { IngestRequest } from '../../../../src-shared/schemas/library';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activeTurns, createChatStore, isAnswering, type ChatStore } from '../../../../src-renderer/features/chat/chat-store';
import { createEngineClient, eventually, type EngineClient } from '../../../helpers/engine-client';
import { startFakeOllama } from '../../../fakes/ollama-server';

let setup: EngineClient;
let store: ChatStore;

beforeEach(async () => {
  setup = createEngineClient();
  mkdirSync(setup.filesDir, { recursive: true });
  writeFileSync(
    join(setup.filesDir, 'stall.md'),
    '# Stall\n\nA wing stalls when the angle of attack exceeds the critical angle and the flow separates from the upper surface.\n\n' +
      '# Flaps\n\nTrailing edge flaps increase the maximum lift coefficient during landing.\n',
  );
  const { jobId } = await setup.engine.library.ingest(IngestRequest.parse({ paths: [setup.filesDir] }));
  await setup.engine.library.waitForJob(jobId);
  store = createChatStore(setup.client);
});

afterEach(async () => {
  await setup.close();
});

describe('chat store', () => {
  it('streams an answer token by token, then keeps the result with its citations and route', async () => {
    const seen: string[] = [];
    const unsubscribe = store.subscribe((state) => {
      const turn = activeTurns(state).at(-1);
      if (turn?.status === 'streaming') seen.push(turn.text);
    });
    await store.getState().ask('When does a wing stall?');
    await eventually(() => expect(activeTurns(store.getState()).at(-1)?.status).toBe('done'));
    unsubscribe();

    const turn = activeTurns(store.getState()).at(-1)!;
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((text) => turn.text.startsWith(text.trim()))).toBe(true);
    expect(turn.text).toMatch(/critical angle/);
    expect(turn.result?.citations[0]).toMatchObject({ n: 1, path: join(setup.filesDir, 'stall.md') });
    expect(turn.result?.route).toMatchObject({ provider: expect.any(String), model: expect.any(String), reason: expect.any(String) });
    expect(isAnswering(store.getState())).toBe(false);
  });

  it('files the first question under the conversation the engine names, and follow-ups under it', async () => {
    await store.getState().ask('When does a wing stall?');
    await eventually(() => expect(store.getState().activeId).not.toBeNull());
    await eventually(() => expect(isAnswering(store.getState())).toBe(false));
    await store.getState().ask('What do flaps do?');
    await eventually(() => expect(isAnswering(store.getState())).toBe(false));

    const state = store.getState();
    expect(state.draft).toEqual([]);
    expect(state.conversations).toHaveLength(1);
    expect(state.conversations[0]).toMatchObject({ id: state.activeId, title: 'When does a wing stall?' });
    expect(state.conversations[0]!.turns.map((turn) => turn.question)).toEqual(['When does a wing stall?', 'What do flaps do?']);

    store.getState().newConversation();
    expect(activeTurns(store.getState())).toEqual([]);
    await store.getState().selectConversation(state.activeId!);
    expect(activeTurns(store.getState())).toHaveLength(2);
  });

  it('opens a citation with its passage, whose cited part lies inside the passage', async () => {
    await store.getState().ask('When does a wing stall?');
    await eventually(() => expect(activeTurns(store.getState()).at(-1)?.status).toBe('done'));
    const turn = activeTurns(store.getState()).at(-1)!;
    await store.getState().openCitation(turn.key, 1);

    const source = store.getState().source!;
    expect(source.error).toBeNull();
    expect(source.passage?.path).toBe(join(setup.filesDir, 'stall.md'));
    const cited = source.passage!.text.slice(source.citation.start - source.passage!.start, source.citation.end - source.passage!.start);
    expect(cited).toBe(source.citation.text);
    store.getState().closeSource();
    expect(store.getState().source).toBeNull();
  });

  it('shows "no answer" as an answer, not as a failure', async () => {
    await store.getState().ask('Which recipe uses saffron and cardamom?');
    await eventually(() => expect(isAnswering(store.getState())).toBe(false));
    const turn = activeTurns(store.getState()).at(-1)!;
    expect(turn.status).toBe('done');
    expect(turn.error).toBeNull();
    expect(turn.result?.noAnswer).toBe(true);
  });

  it('regenerates an answer in place: same turn, same question and model choice, a new answer; the stored conversation agrees', async () => {
    store.getState().setOverride('extractive');
    await store.getState().ask('When does a wing stall?');
    await eventually(() => expect(isAnswering(store.getState())).toBe(false));
    await store.getState().ask('What do flaps do?');
    await eventually(() => expect(isAnswering(store.getState())).toBe(false));
    const last = activeTurns(store.getState())[1]!;
    await store.getState().openCitation(last.key, 1);
    await store.getState().regenerate(last.key);
    expect(store.getState().source).toBeNull();
    await eventually(() => expect(isAnswering(store.getState())).toBe(false));
    const turns = activeTurns(store.getState());
    expect(turns).toHaveLength(2);
    expect(turns[1]).toMatchObject({ key: last.key, question: last.question, override: 'extractive', status: 'done' });
    expect(turns[1]!.answerId).not.toBe(last.answerId);
    expect(turns[1]!.text).toMatch(/flaps/i);
    // Asked anew, not served the answer it replaces from the cache.
    expect(turns[1]!.result?.cache).toBe('miss');

    // The engine took the replaced exchange out of the conversation: a reload shows two turns.
    const stored = await setup.client.call('conversations.get', { conversationId: store.getState().activeId! });
    expect(stored.turns.map((turn) => turn.answerId)).toEqual([turns[0]!.answerId, turns[1]!.answerId]);
  });

  it('reports a call the engine refuses as a failed turn with the reason', async () => {
    store.getState().setCollection('no/such');
    await store.getState().ask('When does a wing stall?');
    const turn = activeTurns(store.getState()).at(-1)!;
    expect(turn.status).toBe('failed');
    expect(turn.error).toMatchObject({ code: 'validation', message: expect.stringMatching(/collection/) });
  });

  it('stores thumbs down with a comment under the answer, and a withdrawn vote', async () => {
    await store.getState().ask('What do flaps do?');
    await eventually(() => expect(activeTurns(store.getState()).at(-1)?.status).toBe('done'));
    const turn = activeTurns(store.getState()).at(-1)!;
    await store.getState().rate(turn.key, 'down', 'Too short');
    expect(activeTurns(store.getState()).at(-1)?.feedback).toMatchObject({ answerId: turn.answerId, rating: 'down', comment: 'Too short' });
    expect(setup.engine.answers.feedback(turn.answerId!)).toMatchObject({ rating: 'down', comment: 'Too short' });

    await store.getState().rate(turn.key, null);
    expect(setup.engine.answers.feedback(turn.answerId!)?.rating).toBeNull();
  });

  it('lists conversations stored by the engine after a reload and resumes one with its answers and feedback', async () => {
    await store.getState().ask('When does a wing stall?');
    await eventually(() => expect(isAnswering(store.getState())).toBe(false));
    const first = activeTurns(store.getState())[0]!;
    await store.getState().rate(first.key, 'up');
    const conversationId = store.getState().activeId!;

    const reloaded = createChatStore(setup.client);
    await reloaded.getState().loadConversations();
    expect(reloaded.getState().conversations).toEqual([
      expect.objectContaining({ id: conversationId, title: 'When does a wing stall?', loaded: false }),
    ]);
    await reloaded.getState().selectConversation(conversationId);
    const turns = activeTurns(reloaded.getState());
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({ answerId: first.answerId, status: 'done', text: first.text, feedback: { rating: 'up' } });
    expect(turns[0]!.result?.citations).toEqual(first.result?.citations);

    await reloaded.getState().ask('What do flaps do?');
    await eventually(() => expect(isAnswering(reloaded.getState())).toBe(false));
    expect(activeTurns(reloaded.getState()).map((turn) => turn.question)).toEqual(['When does a wing stall?', 'What do flaps do?']);
    expect(setup.engine.answers.conversation(conversationId).turns).toHaveLength(2);
  });

  it('stops an answer mid-stream and keeps what had arrived', async () => {
    const ollama = await startFakeOllama();
    ollama.fail('/api/chat', { tokenDelayMs: 200 });
    const slow = createEngineClient({ environment: { OLLAMA_HOST: ollama.url } });
    try {
      mkdirSync(slow.filesDir, { recursive: true });
      writeFileSync(
        join(slow.filesDir, 'stall.md'),
        '# Stall\n\nA wing stalls when the angle of attack exceeds the critical angle and the flow separates from the upper surface.\n',
      );
      await slow.engine.library.waitForJob((await slow.engine.library.ingest(IngestRequest.parse({ paths: [slow.filesDir] }))).jobId);
      const chat = createChatStore(slow.client);
      void chat.getState().ask('When does a wing stall?');
      await eventually(() => expect(activeTurns(chat.getState()).at(-1)?.status).toBe('streaming'));
      await chat.getState().stop();
      const stopped = activeTurns(chat.getState()).at(-1)!;
      expect(stopped.status).toBe('stopped');
      expect(stopped.text.length).toBeGreaterThan(0);
      expect(stopped.error).toBeNull();
      // Nothing more arrives after the stop.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(activeTurns(chat.getState()).at(-1)!.text).toBe(stopped.text);
      expect(isAnswering(chat.getState())).toBe(false);
    } finally {
      await slow.close();
      await ollama.close();
    }
  });
});
