import { Ollama, type AbortableAsyncIterator, type ProgressResponse } from 'ollama';
import { classifyProviderError, ProviderFailure } from './provider-errors';

/** One status line of Ollama's `/api/pull` stream. */
export interface PullStatusLine {
  readonly status: string;
  readonly digest: string | null;
  readonly total: number | null;
  readonly completed: number | null;
}

/**
 * Downloads a model through the official client's streaming pull. The signal aborts the stream (the
 * client's own `abort()`), so a cancelled pull stops downloading at once; Ollama keeps the layers it
 * has and resumes them on the next pull. Failures come back classified like every provider call.
 */
export async function pullOllamaModel(
  host: string,
  model: string,
  signal: AbortSignal,
  onLine: (line: PullStatusLine) => void,
): Promise<void> {
  const client = new Ollama({
    host,
    fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([signal, init.signal]) : signal }),
  });
  let stream: AbortableAsyncIterator<ProgressResponse> | null = null;
  const abort = () => stream?.abort();
  signal.addEventListener('abort', abort, { once: true });
  try {
    signal.throwIfAborted();
    const started = await client.pull({ model, stream: true });
    stream = started;
    for await (const part of started) {
      onLine({
        status: part.status,
        digest: part.digest || null,
        total: typeof part.total === 'number' ? part.total : null,
        completed: typeof part.completed === 'number' ? part.completed : null,
      });
    }
  } catch (error) {
    signal.throwIfAborted();
    const failure = classifyProviderError('ollama', error);
    if (failure.kind !== 'dropped') throw failure;
    throw new ProviderFailure('ollama', 'dropped', 'Ollama closed the connection before the download finished; pulling again resumes it.');
  } finally {
    signal.removeEventListener('abort', abort);
  }
}
