/**
 * Electron security checklist, as plain values and predicates so they are tested without Electron:
 * a strict CSP, which frames may call the engine, and which links may leave the app.
 */

/** The page may load only its own files; no inline script, no eval, no remote anything. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Where the renderer is loaded from: the dev server's origin, or the built index.html file. */
export type RendererLocation = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'file'; readonly path: string };

/** True when a frame's URL is our own renderer, so its calls may reach the engine. */
export function isTrustedRendererUrl(frameUrl: string, location: RendererLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(frameUrl);
  } catch {
    return false;
  }
  if (location.kind === 'url') return parsed.origin === new URL(location.url).origin;
  if (parsed.protocol !== 'file:') return false;
  return decodeURIComponent(parsed.pathname) === toFileUrlPath(location.path);
}

function toFileUrlPath(path: string): string {
  const forward = path.replace(/\\/g, '/');
  return forward.startsWith('/') ? forward : `/${forward}`;
}

/** Links the user clicked that may open in the system browser: plain web and mail links, no credentials. */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'mailto:') return true;
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  return parsed.username === '' && parsed.password === '' && parsed.hostname !== '';
}
