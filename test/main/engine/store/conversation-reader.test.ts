import { IngestRequest } from '../../../../src-shared/schemas/library';
import { AskRequest } from '../../../../src-shared/schemas/answer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src-main/engine';
import { FeedbackRequest } from '../../../../src-shared/schemas/feedback';
import { tempDir } from '../../../helpers/temp';

let root: string;
let engine: Engine;

beforeEach(async () => {
  root = tempDir('quarry-conversations-');
  const files = join(root, 'files');
  mkdirSync(files);
  writeFileSync(join(files, 'flaps.md'), '# Flaps\n\nTrailing edge flaps increase the maximum lift coefficient during landing.\n');
  engine = createEngine({ dataDir: join(root, 'data') });
  await engine.library.waitForJob((await engine.library.ingest(IngestRequest.parse({ paths: [files] }))).jobId);
});

afterEach(async () => {
  await engine.close();
});

describe('conversation reader', () => {
  it('lists stored conversations newest first and returns each with its answers and feedback', async () => {
    const first = engine.answers.ask(AskRequest.parse({ question: 'What do flaps increase?' }));
    await first.done;
    const followUp = engine.answers.ask(AskRequest.parse({ question: 'When are they used?', conversationId: first.conversationId }));
    await followUp.done;
    const other = engine.answers.ask(AskRequest.parse({ question: 'What is a trailing edge?' }));
    await other.done;
    engine.answers.setFeedback(FeedbackRequest.parse({ answerId: first.answerId, rating: 'up', comment: 'clear' }));

    const list = engine.answers.conversations(10);
    expect(list.map((conversation) => conversation.id)).toEqual([other.conversationId, first.conversationId]);
    expect(list[1]).toMatchObject({ title: 'What do flaps increase?', answers: 2 });

    const conversation = engine.answers.conversation(first.conversationId);
    expect(conversation.turns.map((turn) => turn.question)).toEqual(['What do flaps increase?', 'When are they used?']);
    expect(conversation.turns[0]).toMatchObject({
      answerId: first.answerId,
      status: 'done',
      answer: expect.stringMatching(/maximum lift/),
      route: { provider: expect.any(String), model: expect.any(String) },
      feedback: { rating: 'up', comment: 'clear' },
    });
    expect(conversation.turns[0]!.citations[0]).toMatchObject({ n: 1, path: expect.stringMatching(/flaps\.md$/) });
    expect(conversation.turns[1]!.feedback).toBeNull();
  });

  it('says plainly when a conversation does not exist', () => {
    expect(() => engine.answers.conversation('nope')).toThrow(/No conversation nope/);
  });
});
