import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isSafeExternalUrl, isTrustedRendererUrl } from '../../../src-main/app/security';

describe('isTrustedRendererUrl', () => {
  const file = { kind: 'file', path: '/opt/Quarry/resources/app/out/renderer/index.html' } as const;
  const dev = { kind: 'url', url: 'http://localhost:5173/' } as const;

  it('trusts only the built page it loaded, with or without a hash route', () => {
    expect(isTrustedRendererUrl('file:///opt/Quarry/resources/app/out/renderer/index.html', file)).toBe(true);
    expect(isTrustedRendererUrl('file:///opt/Quarry/resources/app/out/renderer/index.html#/library', file)).toBe(true);
    expect(isTrustedRendererUrl('file:///tmp/evil.html', file)).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/index.html', file)).toBe(false);
    expect(isTrustedRendererUrl('not a url', file)).toBe(false);
  });

  it('trusts the dev server by origin only', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/#/chat', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false);
  });

  it('handles Windows paths', () => {
    expect(
      isTrustedRendererUrl('file:///C:/Program%20Files/Quarry/out/renderer/index.html', {
        kind: 'file',
        path: 'C:\\Program Files\\Quarry\\out\\renderer\\index.html',
      }),
    ).toBe(true);
  });
});

describe('isSafeExternalUrl', () => {
  it('lets web and mail links open in the browser and refuses everything else', () => {
    expect(isSafeExternalUrl('https://ollama.com/library')).toBe(true);
    expect(isSafeExternalUrl('mailto:team@example.com')).toBe(true);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('smb://server/share')).toBe(false);
    expect(isSafeExternalUrl('https://user:pass@example.com/')).toBe(false);
  });
});

describe('contentSecurityPolicy', () => {
  it('allows no inline script, eval or remote origin', () => {
    expect(contentSecurityPolicy).toContain("default-src 'none'");
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });
});
