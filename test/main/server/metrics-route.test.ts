import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../helpers/server-harness';

describe('GET /metrics', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('refuses a scrape without the token', async () => {
    const response = await fetch(`${harness.server.url}/metrics`);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('quarry_');
  });

  it('serves the Prometheus text format with the library’s metrics to a bearer of the token', async () => {
    const response = await fetch(`${harness.server.url}/metrics`, { headers: { authorization: `Bearer ${harness.server.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await response.text();
    expect(new Set([...body.matchAll(/^# TYPE (quarry_\w+) /gm)].map((match) => match[1])).size).toBeGreaterThanOrEqual(40);
    // The harness ingested three documents before the server started.
    expect(body).toMatch(/^quarry_documents 3$/m);
    expect(body).toMatch(/^quarry_ingest_files_total\{status="done"\} 3$/m);
  });

  it('names the API token as the actor of audited calls', async () => {
    const result = await harness.rpc('library.setCollectionPrivate', { name: 'aero', private: true });
    expect(result.status).toBe(200);
    const audit = await harness.rpc('audit.list', { action: 'settings.' });
    expect(audit.body.value[0]).toMatchObject({
      actor: 'api-token',
      action: 'settings.collection-private',
      target: 'aero',
      details: { private: true },
    });
  });
});
