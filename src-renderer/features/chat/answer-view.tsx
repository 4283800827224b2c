import { useMemo, useState } from 'react';
import type { Route } from '../../../src-shared/schemas/answer';
import type { Turn } from './chat-store';
import { useChat } from '../../app/stores';
import { splitCitations } from './answer-markup';
import { describeFailure } from '../../ui/describe-error';
import { fileName } from '../../ui/format';
import { FeedbackControls } from './feedback-controls';

function CitationChip({ turn, n }: { readonly turn: Turn; readonly n: number }) {
  const openCitation = useChat((s) => s.openCitation);
  const open = useChat((s) => s.source?.turnKey === turn.key && s.source.citation.n === n);
  const citation = turn.result?.citations.find((candidate) => candidate.n === n);
  const where = citation ? `${citation.title || fileName(citation.path)}${citation.page ? `, page ${citation.page}` : ''}` : '';
  return (
    <button
      type="button"
      className="citation-chip"
      aria-pressed={open}
      aria-label={`Source ${n}: ${where}`}
      title={where}
      onClick={() => void openCitation(turn.key, n)}
    >
      {n}
    </button>
  );
}

function AnswerText({ turn }: { readonly turn: Turn }) {
  // While the answer streams its citations are not known yet: markers show as chips to come, not as "[1]".
  const known = useMemo(() => (turn.result ? new Set(turn.result.citations.map((citation) => citation.n)) : null), [turn.result]);
  const pieces = useMemo(() => splitCitations(turn.text, known), [turn.text, known]);
  return (
    <p className="answer-text">
      {pieces.map((piece, index) => {
        if (piece.kind === 'text') return <span key={index}>{piece.text}</span>;
        if (!turn.result)
          return (
            <span key={index} className="citation-chip pending" aria-hidden="true">
              {piece.n}
            </span>
          );
        return <CitationChip key={index} turn={turn} n={piece.n} />;
      })}
      {turn.status === 'streaming' || turn.status === 'waiting' ? <span className="cursor" aria-hidden="true" /> : null}
    </p>
  );
}

/** The route's full story: the reason, the question's complexity, each candidate, what was left out, each try. */
function RouteDetails({ route }: { readonly route: Route }) {
  return (
    <ul className="route-details" aria-label="Route details">
      <li>{route.reason}</li>
      {route.complexity ? <li>Question judged {route.complexity}.</li> : null}
      {(route.candidates ?? []).map((step) => (
        <li key={`c-${step.provider}-${step.model}`}>
          Considered {step.provider} · {step.model}: {step.reason}
        </li>
      ))}
      {(route.rejected ?? []).map((step) => (
        <li key={`r-${step.provider}-${step.model}`}>
          Left out {step.provider} · {step.model}: {step.reason}
        </li>
      ))}
      {(route.attempts ?? []).map((attempt, index) => (
        <li key={`a-${index}`}>
          Tried {attempt.provider} · {attempt.model}: {attempt.outcome}
          {attempt.error ? ` (${attempt.error})` : ''}
        </li>
      ))}
    </ul>
  );
}

/** "Ollama · llama3.2 — simple question…" on one line; the router's reasons on demand. */
function RouteLine({ turn }: { readonly turn: Turn }) {
  const [open, setOpen] = useState(false);
  const route = turn.result?.route;
  if (!route) return null;
  const label = route.provider === 'extractive' ? 'Extractive' : route.provider.charAt(0).toUpperCase() + route.provider.slice(1);
  return (
    <div className="route" role="group" aria-label="Route">
      <div className="route-row">
        <p className="route-line" title={route.reason}>
          <span className="route-model">
            {label} · {route.model}
          </span>
          <span className="muted"> — {route.reason}</span>
        </p>
        {turn.result?.cache === 'hit' ? <span className="badge">from cache</span> : null}
        <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide details' : 'Details'}
        </button>
      </div>
      {open ? <RouteDetails route={route} /> : null}
    </div>
  );
}

function CopyButton({ text }: { readonly text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={() =>
        void navigator.clipboard.writeText(text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => setCopied(false),
        )
      }
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

/** One question and its answer, with citations, route, and the actions on it. */
export function AnswerView({ turn, last }: { readonly turn: Turn; readonly last: boolean }) {
  const stop = useChat((s) => s.stop);
  const regenerate = useChat((s) => s.regenerate);
  const active = turn.status === 'waiting' || turn.status === 'streaming';
  return (
    <article className="turn" aria-label={`Question: ${turn.question}`}>
      <div className="question-bubble">
        <p>{turn.question}</p>
        {turn.override ? <span className="badge">model: {turn.override}</span> : null}
      </div>
      <div className={`answer ${turn.result?.noAnswer ? 'no-answer' : ''}`} aria-live={last ? 'polite' : 'off'} aria-busy={active}>
        {turn.status === 'waiting' && turn.text === '' ? <p className="muted">Searching your library…</p> : null}
        {turn.text !== '' ? <AnswerText turn={turn} /> : null}
        {turn.result?.noAnswer ? (
          <p className="muted">Nothing in your library answers this yet. Try other words, or add documents that cover it.</p>
        ) : null}
        {turn.status === 'stopped' ? <p className="muted">Stopped.</p> : null}
        {turn.error ? (
          <p className="answer-error" role="alert">
            {describeFailure(turn.error.code, turn.error.message)}
          </p>
        ) : null}
        <RouteLine turn={turn} />
        <div className="answer-actions">
          {active ? (
            <button type="button" onClick={() => void stop()}>
              Stop
            </button>
          ) : null}
          {!active && last ? (
            <button type="button" onClick={() => void regenerate(turn.key)}>
              Regenerate
            </button>
          ) : null}
          {turn.status === 'done' ? <CopyButton text={turn.text} /> : null}
          {turn.status === 'done' && turn.answerId ? <FeedbackControls turn={turn} /> : null}
        </div>
      </div>
    </article>
  );
}
