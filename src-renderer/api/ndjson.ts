/** Reads a byte stream of newline-delimited JSON, calling `onLine` with each parsed line in order. */
export async function readNdjson(body: ReadableStream<Uint8Array>, onLine: (value: unknown) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line !== '') onLine(JSON.parse(line));
      newline = buffer.indexOf('\n');
    }
  }
  if (buffer.trim() !== '') onLine(JSON.parse(buffer));
}
