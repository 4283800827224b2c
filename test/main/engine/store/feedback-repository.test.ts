import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../src-main/engine/store/database';
import { createFeedbackRepository } from '../../../../src-main/engine/store/feedback-repository';
import { FeedbackRequest } from '../../../../src-shared/schemas/feedback';
import { tempDir } from '../../../helpers/temp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function openTemporary(): { db: Db; file: string } {
  const folder = tempDir('quarry-feedback-');
  const file = join(folder, 'library.sqlite');
  const db = openDatabase(file);
  cleanups.push(() => {
    if (db.open) db.close();
  });
  return { db, file };
}

describe('feedback repository', () => {
  it('keeps one verdict per answer, replaced by the latest, and survives reopening the file', () => {
    const { db, file } = openTemporary();
    let clock = 1000;
    const feedback = createFeedbackRepository(db, () => clock);
    expect(feedback.get('answer-1')).toBeNull();
    expect(feedback.set(FeedbackRequest.parse({ answerId: 'answer-1', rating: 'down', comment: '  cites the wrong page ' }))).toEqual({
      answerId: 'answer-1',
      rating: 'down',
      comment: 'cites the wrong page',
      updatedAt: 1000,
    });
    clock = 2000;
    feedback.set(FeedbackRequest.parse({ answerId: 'answer-1', rating: 'up' }));
    db.close();

    const reopened = createFeedbackRepository(openDatabase(file));
    expect(reopened.get('answer-1')).toEqual({ answerId: 'answer-1', rating: 'up', comment: '', updatedAt: 2000 });
  });

  it('withdraws a vote with a null rating', () => {
    const feedback = createFeedbackRepository(openTemporary().db);
    feedback.set(FeedbackRequest.parse({ answerId: 'a', rating: 'up' }));
    expect(feedback.set(FeedbackRequest.parse({ answerId: 'a', rating: null })).rating).toBeNull();
  });
});
