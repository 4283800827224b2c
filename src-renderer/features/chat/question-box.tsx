import { useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useChat, useLibrary, useProviders } from '../../app/stores';
import { chatModelChoices } from '../settings/providers-store';
import { isAnswering } from './chat-store';
import { shortcutLabels } from '../../app/shortcuts';

/** Model choices the UI can offer without asking any provider; more arrive as providers report them. */
const builtInModels = [{ value: 'extractive', label: 'Extractive (quotes your documents, no model)' }];

/** The question box with its per-question model and collection choices. */
export function QuestionBox(props: { readonly inputRef?: React.Ref<HTMLTextAreaElement> }) {
  const [question, setQuestion] = useState('');
  const ask = useChat((s) => s.ask);
  const stop = useChat((s) => s.stop);
  const answering = useChat(isAnswering);
  const override = useChat((s) => s.override);
  const setOverride = useChat((s) => s.setOverride);
  const collection = useChat((s) => s.collection);
  const setCollection = useChat((s) => s.setCollection);
  const collections = useLibrary((s) => s.collections);
  const providers = useProviders((s) => s.providers);
  const models = useMemo(() => chatModelChoices({ providers }), [providers]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (answering || question.trim() === '') return;
    const text = question;
    setQuestion('');
    void ask(text);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };

  return (
    <form className="question-box" onSubmit={submit} aria-label="Question">
      <textarea
        ref={props.inputRef}
        aria-label="Ask a question"
        aria-keyshortcuts="Control+L"
        placeholder={`Ask a question about your documents (${shortcutLabels.question})`}
        rows={2}
        value={question}
        onChange={(event) => setQuestion(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="question-tools">
        <label>
          <span>Model</span>
          <select aria-label="Model for this question" value={override} onChange={(event) => setOverride(event.target.value)}>
            <option value="">Automatic (router decides)</option>
            {[...models, ...builtInModels].map((model) => (
              <option key={model.value} value={model.value}>
                {model.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Search in</span>
          <select
            aria-label="Collection to search"
            value={collection ?? ''}
            onChange={(event) => setCollection(event.target.value || null)}
          >
            <option value="">Whole library</option>
            {collections.map((item) => (
              <option key={item.name} value={item.name}>
                {item.name}
                {item.private ? ' (private)' : ''}
              </option>
            ))}
          </select>
        </label>
        {answering ? (
          <button type="button" onClick={() => void stop()}>
            Stop answering
          </button>
        ) : (
          <button type="submit" className="primary" disabled={question.trim() === ''}>
            Ask
          </button>
        )}
      </div>
    </form>
  );
}
