import { useState } from 'react';
import type { Turn } from './chat-store';
import { useChat } from '../../app/stores';
import { ThumbDownIcon, ThumbUpIcon } from '../../ui/icons';

/** Thumbs up or down on an answer, with a comment box that opens after a vote. */
export function FeedbackControls({ turn }: { readonly turn: Turn }) {
  const rate = useChat((s) => s.rate);
  const [comment, setComment] = useState(turn.feedback?.comment ?? '');
  const [editing, setEditing] = useState(false);
  const rating = turn.feedback?.rating ?? null;

  const vote = (choice: 'up' | 'down') => {
    const next = rating === choice ? null : choice;
    setEditing(next !== null);
    void rate(turn.key, next, comment);
  };

  return (
    <div className="feedback" role="group" aria-label="Feedback on this answer">
      <button type="button" aria-pressed={rating === 'up'} aria-label="Good answer" onClick={() => vote('up')}>
        <ThumbUpIcon />
      </button>
      <button type="button" aria-pressed={rating === 'down'} aria-label="Bad answer" onClick={() => vote('down')}>
        <ThumbDownIcon />
      </button>
      {editing && rating !== null ? (
        <form
          className="feedback-comment"
          onSubmit={(event) => {
            event.preventDefault();
            setEditing(false);
            void rate(turn.key, rating, comment);
          }}
        >
          <input
            aria-label="Comment on this answer"
            placeholder={rating === 'down' ? 'What was wrong? (optional)' : 'What was good? (optional)'}
            value={comment}
            maxLength={2000}
            onChange={(event) => setComment(event.target.value)}
          />
          <button type="submit">Save comment</button>
        </form>
      ) : null}
      {turn.feedback && !editing ? <span className="muted feedback-saved">Thanks — saved with this answer.</span> : null}
      {turn.feedbackError ? (
        <span className="answer-error" role="alert">
          {turn.feedbackError}
        </span>
      ) : null}
    </div>
  );
}
