import { useRef, type ChangeEvent } from 'react';
import { useLibrary } from '../../app/stores';
import { ErrorBanner } from '../../ui/error-banner';
import { IngestionPanel } from './ingestion-panel';
import { DocumentList } from './document-list';

/** The buttons that open the system's file picker, for files or for a whole folder. */
function AddButtons() {
  const addFiles = useLibrary((s) => s.addFiles);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const onPicked = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    void addFiles(files);
  };
  return (
    <div className="add-buttons">
      <button type="button" className="primary" onClick={() => filesInput.current?.click()}>
        Add files…
      </button>
      <button type="button" onClick={() => folderInput.current?.click()}>
        Add folder…
      </button>
      <input ref={filesInput} type="file" multiple hidden aria-label="Choose files to add" onChange={onPicked} />
      {/* webkitdirectory is not in React's types; it turns the picker into a folder picker. */}
      <input
        ref={folderInput}
        type="file"
        multiple
        hidden
        aria-label="Choose a folder to add"
        onChange={onPicked}
        {...{ webkitdirectory: '' }}
      />
    </div>
  );
}

function CollectionPicker() {
  const target = useLibrary((s) => s.targetCollection);
  const collections = useLibrary((s) => s.collections);
  const setTargetCollection = useLibrary((s) => s.setTargetCollection);
  return (
    <label className="collection-picker">
      <span>Add to collection</span>
      <input
        list="collection-names"
        value={target}
        onChange={(event) => setTargetCollection(event.target.value)}
        aria-label="Collection for new files"
      />
      <datalist id="collection-names">
        {collections.map((collection) => (
          <option key={collection.name} value={collection.name} />
        ))}
      </datalist>
    </label>
  );
}

function Collections() {
  const collections = useLibrary((s) => s.collections);
  const filter = useLibrary((s) => s.filter);
  const setFilter = useLibrary((s) => s.setFilter);
  if (collections.length === 0) return null;
  return (
    <nav className="collections" aria-label="Collections">
      <button type="button" aria-pressed={filter.collection === null} onClick={() => void setFilter({ collection: null })}>
        All
      </button>
      {collections.map((collection) => (
        <button
          key={collection.name}
          type="button"
          aria-pressed={filter.collection === collection.name}
          onClick={() => void setFilter({ collection: collection.name })}
        >
          {collection.name} <span className="muted">{collection.documents}</span>
          {collection.private ? <span className="badge">private</span> : null}
        </button>
      ))}
    </nav>
  );
}

/** What a first run sees: an invitation to drop documents anywhere. */
function EmptyLibrary() {
  return (
    <section className="empty-library" aria-labelledby="empty-heading">
      <div className="drop-target-art" aria-hidden="true">
        ⤓
      </div>
      <h2 id="empty-heading">Your library is empty</h2>
      <p>Drop files or folders anywhere in this window to add them — PDF, Word, HTML, Markdown, text, CSV or JSON.</p>
      <p className="muted">
        Or use “Add files…” above. Everything stays on this computer; then ask in Chat and every answer cites its sources.
      </p>
    </section>
  );
}

/** The Library screen: add documents, follow their ingestion, and manage what is indexed. */
export function LibraryView(props: { readonly searchRef?: React.Ref<HTMLInputElement> }) {
  const loaded = useLibrary((s) => s.documentsLoaded);
  const empty = useLibrary(
    (s) => s.documents.length === 0 && s.filter.text === '' && s.filter.collection === null && s.filter.fileType === null,
  );
  const error = useLibrary((s) => s.error);
  const clearError = useLibrary((s) => s.clearError);
  return (
    <div className="library-view">
      <header className="view-head">
        <h1>Library</h1>
        <div className="view-tools">
          <CollectionPicker />
          <AddButtons />
        </div>
      </header>
      <ErrorBanner message={error} onDismiss={clearError} />
      <IngestionPanel />
      {loaded && empty ? (
        <EmptyLibrary />
      ) : (
        <>
          <Collections />
          <DocumentList {...(props.searchRef ? { searchRef: props.searchRef } : {})} />
        </>
      )}
    </div>
  );
}
