import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createToken, tokensMatch } from '../../../src-main/server/security';
import { rawRequest, startHarness, type Harness } from '../../helpers/server-harness';
import { tempDir } from '../../helpers/temp';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({}, false);
});
afterAll(async () => {
  await harness.close();
});

function host(): string {
  return `127.0.0.1:${harness.server.port}`;
}

function stats(headers: Record<string, string>) {
  return rawRequest(`${harness.server.url}/api/rpc/library.stats`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: host(), ...headers },
    body: '{}',
  });
}

const bearer = () => ({ authorization: `Bearer ${harness.server.token}` });

/** Opens a WebSocket and reports the HTTP status the upgrade got (101 when it opened). */
function upgradeStatus(headers: Record<string, string>, path = '/api/events'): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${harness.server.port}${path}`, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
    });
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

describe('the token', () => {
  it('is required on API calls: none or a wrong one gets 401 with a JSON error', async () => {
    const none = await stats({});
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toEqual({ ok: false, error: { code: 'unauthorized', message: expect.any(String) } });
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await stats({ authorization: `Bearer ${createToken()}` })).status).toBe(401);
    expect((await stats({ authorization: `Bearer ${harness.server.token}x` })).status).toBe(401);
    expect((await stats({ cookie: `quarry_token=${createToken()}` })).status).toBe(401);
    expect((await stats(bearer())).status).toBe(200);
  });

  it('is required on the OpenAI endpoint, MCP and unknown API paths alike', async () => {
    for (const path of ['/v1/chat/completions', '/mcp', '/api/nothing-here', '/api/openapi.json']) {
      const method = path === '/api/openapi.json' ? 'GET' : 'POST';
      expect({ path, status: (await rawRequest(`${harness.server.url}${path}`, { method, headers: { host: host() } })).status }).toEqual({
        path,
        status: 401,
      });
    }
    const unknown = await rawRequest(`${harness.server.url}/api/nothing-here`, { method: 'POST', headers: { host: host(), ...bearer() } });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('not-found');
  });

  it('cannot be skipped by percent-encoding the path', async () => {
    for (const path of ['/%61pi/openapi.json', '/%61pi/events', '/v1/%6dodels', '/api/rpc/library%2Estats']) {
      const response = await rawRequest(`${harness.server.url}${path}`, { headers: { host: host() } });
      expect({ path, status: response.status }).toEqual({
        path,
        status: expect.toSatisfy((status: number) => status === 401 || status === 404),
      });
    }
    expect(await upgradeStatus({}, '/%61pi/events')).not.toBe(101);
  });

  it('logs the browser in through /?token= with an HttpOnly SameSite=Strict cookie, then redirects to /', async () => {
    const login = await rawRequest(`${harness.server.url}/?token=${harness.server.token}`, { headers: { host: host() } });
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe('/');
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/^quarry_token=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await stats({ cookie: cookie.split(';')[0]! })).status).toBe(200);

    const wrong = await rawRequest(`${harness.server.url}/?token=${createToken()}`, { headers: { host: host() } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('is compared in constant time over equal-length digests', () => {
    const token = createToken();
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(token, token.slice(1))).toBe(false);
    expect(tokensMatch(token, '')).toBe(false);
    expect(tokensMatch(token, undefined)).toBe(false);
  });
});

describe('Host and Origin', () => {
  it('answers 421 to a Host that is not this server (DNS rebinding), even with the token', async () => {
    expect((await stats({ ...bearer(), host: `evil.example:${harness.server.port}` })).status).toBe(421);
    expect((await stats({ ...bearer(), host: `127.0.0.1:${harness.server.port + 1}` })).status).toBe(421);
    expect((await stats({ ...bearer(), host: 'localhost' })).status).toBe(421);
    expect((await stats({ ...bearer(), host: `localhost:${harness.server.port}` })).status).toBe(200);
  });

  it('answers 403 to a request from a foreign page, even with the token', async () => {
    const foreign = await stats({ ...bearer(), origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error.code).toBe('forbidden');
    expect((await stats({ ...bearer(), origin: 'null' })).status).toBe(403);
    expect((await stats({ ...bearer(), origin: `http://localhost:${harness.server.port + 1}` })).status).toBe(403);
    expect((await stats({ ...bearer(), origin: `http://127.0.0.1:${harness.server.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin on MCP, the OpenAI endpoint, streams and uploads too', async () => {
    for (const path of ['/mcp', '/v1/chat/completions', '/api/stream/answer.ask', '/api/upload']) {
      const response = await rawRequest(`${harness.server.url}${path}`, {
        method: 'POST',
        headers: { host: host(), ...bearer(), origin: 'https://evil.example', 'content-type': 'application/json' },
        body: '{}',
      });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
  });

  it('applies the same rules to the WebSocket upgrade', async () => {
    expect(await upgradeStatus({})).toBe(401);
    expect(await upgradeStatus({ authorization: `Bearer ${createToken()}` })).toBe(401);
    expect(await upgradeStatus({ ...bearer(), origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus({ ...bearer(), host: `evil.example:${harness.server.port}` })).toBe(421);
    expect(await upgradeStatus({ cookie: `quarry_token=${harness.server.token}`, origin: `http://localhost:${harness.server.port}` })).toBe(
      101,
    );
  });

  it('closes the socket of a refused upgrade, so it cannot hold the server open', async () => {
    const own = await startHarness({}, false);
    const closed = new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${own.server.port}/api/events`);
      socket.on('unexpected-response', (request, response) => {
        response.resume();
        request.socket?.on('close', () => resolve(response.statusCode ?? 0));
      });
      socket.on('error', () => undefined);
    });
    expect(await closed).toBe(401);
    const shutdown = own.close().then(() => 'closed');
    const stalled = new Promise((resolve) => setTimeout(resolve, 5000, 'stalled').unref());
    expect(await Promise.race([shutdown, stalled])).toBe('closed');
  });
});

describe('limits and errors', () => {
  it('refuses a body over the limit with 413', async () => {
    const big = JSON.stringify({ query: 'x'.repeat(2 * 1024 * 1024) });
    const response = await rawRequest(`${harness.server.url}/api/rpc/search.query`, {
      method: 'POST',
      headers: { host: host(), 'content-type': 'application/json', ...bearer() },
      body: big,
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe('too-large');
  });

  it('answers malformed JSON with a 400 and no stack trace', async () => {
    const response = await rawRequest(`${harness.server.url}/api/rpc/search.query`, {
      method: 'POST',
      headers: { host: host(), 'content-type': 'application/json', ...bearer() },
      body: '{"query":',
    });
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.ok).toBe(false);
    expect(response.body).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts\b/);
  });

  it('rate-limits a client that sends too many requests with 429', async () => {
    const limited = await startHarness({ rateLimitPerMinute: 5 }, false);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1) statuses.push((await limited.rpc('library.stats', {})).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      const again = await limited.rpc('library.stats', {});
      expect(again.body.error.code).toBe('rate-limited');
    } finally {
      await limited.close();
    }
  });

  it('hides an unexpected failure behind an `internal` error without details', async () => {
    const broken = await startHarness({}, false);
    await broken.engine.close();
    try {
      const response = await broken.rpc('library.stats', {});
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } });
      expect(JSON.stringify(response.body)).not.toMatch(/database|sqlite|\bat /i);
    } finally {
      await broken.server.close();
    }
  });
});

describe('the browser UI', () => {
  it('explains how to build the UI when out/renderer does not exist, without needing the token', async () => {
    const page = await rawRequest(`${harness.server.url}/`, { headers: { host: host() } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('UI not built — run <code>npm run build</code>');
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  });

  it('serves a built renderer with its assets and falls back to index.html for app routes', async () => {
    const rendererDir = tempDir('quarry-renderer-');
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(
      join(rendererDir, 'index.html'),
      '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>',
    );
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("quarry")');
    const served = await startHarness({ rendererDir }, false);
    try {
      const hostHeader = { host: `127.0.0.1:${served.server.port}` };
      expect((await rawRequest(`${served.server.url}/`, { headers: hostHeader })).body).toContain('<div id="root">');
      const script = await rawRequest(`${served.server.url}/assets/app.js`, { headers: hostHeader });
      expect(script.status).toBe(200);
      expect(script.headers['content-type']).toMatch(/javascript/);
      const route = await rawRequest(`${served.server.url}/library/documents`, { headers: { ...hostHeader, accept: 'text/html' } });
      expect(route.body).toContain('<div id="root">');
      expect((await rawRequest(`${served.server.url}/assets/missing.js`, { headers: hostHeader })).status).toBe(404);
    } finally {
      await served.close();
    }
  });
});
