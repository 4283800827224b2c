import { useEffect, useRef } from 'react';
import { useChat } from '../../app/stores';
import { highlightRange } from './answer-markup';
import { fileName } from '../../ui/format';

/** The cited passage in its surrounding text, with its file and page; opened from a citation chip. */
export function SourcePanel() {
  const source = useChat((s) => s.source);
  const closeSource = useChat((s) => s.closeSource);
  const markRef = useRef<HTMLElement>(null);
  const open = source !== null;
  useEffect(() => {
    markRef.current?.scrollIntoView({ block: 'center' });
  }, [source?.passage]);
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      closeSource();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [open, closeSource]);
  if (!source) return null;
  const { citation, passage } = source;
  const title = citation.title || fileName(citation.path);
  // A passage found by its quote in the document's current version is marked where the quote is now.
  const parts = passage ? highlightRange(passage, passage.found === 'quote' && passage.highlight ? passage.highlight : citation) : null;
  return (
    <aside className="source-panel" aria-label={`Source ${citation.n}`}>
      <header className="source-head">
        <div>
          <h2>
            <span className="citation-chip static">{citation.n}</span> {title}
          </h2>
          <p className="muted source-where">
            {citation.page ? `Page ${citation.page} · ` : ''}
            {citation.headingPath.length > 0 ? `${citation.headingPath.join(' › ')} · ` : ''}
            <span title={citation.path}>{citation.path}</span>
          </p>
        </div>
        <button type="button" className="link-button" onClick={closeSource} aria-label="Close source">
          Close
        </button>
      </header>
      {source.error ? <p role="alert">{source.error}</p> : null}
      {passage?.found === 'quote' ? (
        <p className="muted source-note" role="note">
          This document changed after the answer was written; the quoted text is shown where it is in the current version.
        </p>
      ) : null}
      {!passage && !source.error ? <p className="muted">Opening the passage…</p> : null}
      {passage && parts ? (
        <div className="passage" tabIndex={0} aria-label="Passage in context">
          {passage.before ? <span className="context">…{passage.before}</span> : null}
          <span className="chunk">
            {parts.before}
            <mark ref={markRef}>{parts.marked}</mark>
            {parts.after}
          </span>
          {passage.after ? <span className="context">{passage.after}…</span> : null}
        </div>
      ) : null}
    </aside>
  );
}
