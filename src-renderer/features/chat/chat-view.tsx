import { useEffect, useRef } from 'react';
import { useChat, useLibrary } from '../../app/stores';
import { activeTurns } from './chat-store';
import { AnswerView } from './answer-view';
import { QuestionBox } from './question-box';
import { SourcePanel } from './source-panel';
import { shortcutLabels } from '../../app/shortcuts';

function ConversationList() {
  const conversations = useChat((s) => s.conversations);
  const activeId = useChat((s) => s.activeId);
  const selectConversation = useChat((s) => s.selectConversation);
  const newConversation = useChat((s) => s.newConversation);
  const loadConversations = useChat((s) => s.loadConversations);
  const loadError = useChat((s) => s.loadError);
  useEffect(() => {
    void loadConversations();
  }, [loadConversations]);
  return (
    <nav className="conversations" aria-label="Conversations">
      <button
        type="button"
        className="primary wide"
        onClick={newConversation}
        aria-keyshortcuts="Control+Shift+O"
        title={shortcutLabels.newChat}
      >
        New chat
      </button>
      <ul>
        {conversations.map((conversation) => (
          <li key={conversation.id}>
            <button
              type="button"
              aria-current={conversation.id === activeId ? 'true' : undefined}
              onClick={() => void selectConversation(conversation.id)}
            >
              {conversation.title}
            </button>
          </li>
        ))}
      </ul>
      {loadError ? (
        <p className="answer-error" role="alert">
          {loadError}
        </p>
      ) : null}
    </nav>
  );
}

function Welcome() {
  const documents = useLibrary((s) => s.documents.length);
  const loaded = useLibrary((s) => s.documentsLoaded);
  return (
    <div className="welcome">
      <h2>Ask your documents</h2>
      {loaded && documents === 0 ? (
        <p>Your library is empty. Drop files anywhere in this window, then ask about them here.</p>
      ) : (
        <p>Answers quote your documents; click a numbered source to see the passage it came from.</p>
      )}
    </div>
  );
}

/** The Chat screen: conversations, the streaming answers, and the source panel beside them. */
export function ChatView(props: { readonly questionRef?: React.Ref<HTMLTextAreaElement> }) {
  const turns = useChat(activeTurns);
  const hasSource = useChat((s) => s.source !== null);
  const endRef = useRef<HTMLDivElement>(null);
  const lastText = turns.at(-1)?.text;
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [turns.length, lastText]);
  return (
    <div className={`chat-view ${hasSource ? 'with-source' : ''}`}>
      <ConversationList />
      <section className="chat-main" aria-label="Conversation">
        <div className="turns">
          {turns.length === 0 ? (
            <Welcome />
          ) : (
            turns.map((turn, index) => <AnswerView key={turn.key} turn={turn} last={index === turns.length - 1} />)
          )}
          <div ref={endRef} />
        </div>
        <QuestionBox {...(props.questionRef ? { inputRef: props.questionRef } : {})} />
      </section>
      <SourcePanel />
    </div>
  );
}
