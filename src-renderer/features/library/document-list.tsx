import { FileType, type DocumentSummary } from '../../../src-shared/schemas/library';
import { useLibrary } from '../../app/stores';
import { fileName, formatBytes } from '../../ui/format';

function DocumentRow({ document }: { readonly document: DocumentSummary }) {
  const busy = useLibrary((s) => s.busyDocuments.includes(document.id));
  const removeDocument = useLibrary((s) => s.removeDocument);
  const reindexDocument = useLibrary((s) => s.reindexDocument);
  const name = document.title || fileName(document.path);
  return (
    <tr aria-busy={busy}>
      <th scope="row">
        <span className="doc-title">{name}</span>
        <span className="doc-path muted" title={document.path}>
          {document.path}
        </span>
      </th>
      <td>{document.fileType.toUpperCase()}</td>
      <td>{document.collection}</td>
      <td className="number">{formatBytes(document.bytes)}</td>
      <td className="number">{document.pages ?? '—'}</td>
      <td className="number">{document.chunks}</td>
      <td>
        <span className="status-dot done" aria-hidden="true" /> Indexed
      </td>
      <td>
        <div className="row-actions">
          <button
            type="button"
            disabled={busy}
            onClick={() => void reindexDocument(document)}
            aria-label={`Re-index ${name}`}
            title="Read the file again from disk"
          >
            Re-index
          </button>
          <button
            type="button"
            disabled={busy}
            className="danger"
            onClick={() => void removeDocument(document)}
            aria-label={`Remove ${name}`}
          >
            Remove
          </button>
        </div>
      </td>
    </tr>
  );
}

/** Search and filters over the library, and the table of documents with their actions. */
export function DocumentList(props: { readonly searchRef?: React.Ref<HTMLInputElement> }) {
  const documents = useLibrary((s) => s.documents);
  const filter = useLibrary((s) => s.filter);
  const collections = useLibrary((s) => s.collections);
  const setFilter = useLibrary((s) => s.setFilter);
  return (
    <section className="panel" aria-labelledby="documents-heading">
      <div className="panel-head">
        <h2 id="documents-heading">Documents</h2>
        <div className="filters" role="search" aria-label="Filter documents">
          <input
            ref={props.searchRef}
            type="search"
            aria-label="Search documents"
            placeholder="Search by name or path"
            value={filter.text}
            onChange={(event) => void setFilter({ text: event.target.value })}
          />
          <select
            aria-label="Filter by type"
            value={filter.fileType ?? ''}
            onChange={(event) => void setFilter({ fileType: (event.target.value || null) as DocumentSummary['fileType'] | null })}
          >
            <option value="">All types</option>
            {FileType.options.map((type) => (
              <option key={type} value={type}>
                {type.toUpperCase()}
              </option>
            ))}
          </select>
          <select
            aria-label="Filter by collection"
            value={filter.collection ?? ''}
            onChange={(event) => void setFilter({ collection: event.target.value || null })}
          >
            <option value="">All collections</option>
            {collections.map((collection) => (
              <option key={collection.name} value={collection.name}>
                {collection.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {documents.length === 0 ? (
        <p className="muted">No document matches these filters.</p>
      ) : (
        <div className="table-wrap">
          <table className="documents" aria-label="Documents in the library">
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Type</th>
                <th scope="col">Collection</th>
                <th scope="col" className="number">
                  Size
                </th>
                <th scope="col" className="number">
                  Pages
                </th>
                <th scope="col" className="number">
                  Chunks
                </th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {documents.map((document) => (
                <DocumentRow key={document.id} document={document} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
