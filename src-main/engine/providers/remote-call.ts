const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** A call whose text left this machine (OpenAI, or an Ollama that is not on loopback). */
export function isRemoteCall(call: { readonly provider: string; readonly endpoint: string }): boolean {
  if (call.provider === 'openai') return true;
  try {
    return !loopbackHosts.has(new URL(call.endpoint).hostname);
  } catch {
    return true;
  }
}
