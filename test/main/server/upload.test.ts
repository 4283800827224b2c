import { DocumentFilter } from '../../../src-shared/schemas/library';
import { SearchRequest } from '../../../src-shared/schemas/search';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../helpers/server-harness';
import { safeRelativePath } from '../../../src-main/server/upload';

const limit = 64 * 1024;
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ maxUploadBytes: limit });
});
afterAll(async () => {
  await harness.close();
});

function upload(form: FormData, collection = 'dropped') {
  return fetch(`${harness.server.url}/api/upload?collection=${collection}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.server.token}` },
    body: form,
  });
}

function uploadedFiles(): string[] {
  const root = join(harness.dataDir, 'uploads');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('POST /api/upload', () => {
  it('streams files into the data folder and ingests them as a job', async () => {
    const form = new FormData();
    form.append('file', new Blob(['# Nozzles\n\nA convergent-divergent nozzle accelerates the flow past Mach 1.\n']), 'nozzle.md');
    form.append('file', new Blob(['Shock tubes produce short bursts of very hot gas.']), '../../etc/shock.txt');
    const response = await upload(form);
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body.value.files.map((f: { name: string }) => f.name)).toEqual(['nozzle.md', 'etc/shock.txt']);
    for (const file of body.value.files) expect(file.path.startsWith(join(harness.dataDir, 'uploads', 'dropped'))).toBe(true);
    const final = await harness.engine.library.waitForJob(body.value.jobId);
    expect(final).toMatchObject({ status: 'done', documents: 2, collection: 'dropped' });
    const hits = await harness.engine.search.query(
      SearchRequest.parse({ query: 'convergent divergent nozzle', mode: 'keyword', collection: 'dropped' }),
    );
    expect(hits.hits[0]?.path).toMatch(/nozzle\.md$/);
  });

  it("keeps a dropped folder's structure, and replaces a document when a newer version is dropped", async () => {
    const first = new FormData();
    first.append('file', new Blob(['# Report\n\nThe alpha rig measured 40 newtons of thrust.\n']), 'rigs/alpha/report.md');
    first.append('file', new Blob(['# Report\n\nThe beta rig measured 55 newtons of thrust.\n']), 'rigs/beta/report.md');
    const firstBody = await (await upload(first, 'rigs')).json();
    expect(firstBody.value.files.map((f: { name: string }) => f.name)).toEqual(['rigs/alpha/report.md', 'rigs/beta/report.md']);
    await harness.engine.library.waitForJob(firstBody.value.jobId);
    expect(harness.engine.library.documents(DocumentFilter.parse({ collection: 'rigs' }))).toHaveLength(2);

    const second = new FormData();
    second.append('file', new Blob(['# Report\n\nThe alpha rig was rebuilt and measured 61 newtons of thrust.\n']), 'rigs/alpha/report.md');
    const secondBody = await (await upload(second, 'rigs')).json();
    expect(secondBody.value.files[0].path).toBe(firstBody.value.files[0].path);
    await harness.engine.library.waitForJob(secondBody.value.jobId);
    expect(harness.engine.library.documents(DocumentFilter.parse({ collection: 'rigs' }))).toHaveLength(2);
    const hits = await harness.engine.search.query(
      SearchRequest.parse({ query: 'alpha rig rebuilt', mode: 'keyword', collection: 'rigs' }),
    );
    expect(hits.hits[0]?.text).toContain('61 newtons');
    expect(hits.hits.some((hit) => hit.text.includes('40 newtons'))).toBe(false);
  });

  it('refuses a file past the limit while it streams, with 413 and nothing left on disk', async () => {
    const before = uploadedFiles();
    const form = new FormData();
    form.append('file', new Blob(['# Small\n\nfits.\n']), 'small.md');
    form.append('file', new Blob([Buffer.alloc(limit * 8, 'a')]), 'huge.txt');
    const response = await upload(form);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, error: { code: 'too-large', message: expect.stringContaining('huge.txt') } });
    expect(uploadedFiles()).toEqual(before);
    expect(harness.engine.library.documents(DocumentFilter.parse({ collection: 'dropped' })).some((d) => d.path.endsWith('small.md'))).toBe(
      false,
    );
  });

  it('answers 413 as soon as a file passes the limit, without waiting for the rest of the body', async () => {
    const before = uploadedFiles();
    const boundary = 'quarry-test-boundary';
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${harness.server.url}/api/upload?collection=endless`, {
        method: 'POST',
        headers: { authorization: `Bearer ${harness.server.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
      request.on('error', reject);
      request.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="endless.txt"\r\nContent-Type: text/plain\r\n\r\n`,
      );
      // Twice the limit, then the client keeps the request open: the body never ends.
      request.write(Buffer.alloc(limit * 2, 'b'));
    });
    expect(status).toBe(413);
    expect(uploadedFiles()).toEqual(before);
  });

  it('rejects a request without files and a bad collection name', async () => {
    const empty = await upload(new FormData());
    expect(empty.status).toBe(400);
    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.txt');
    const badName = await upload(form, encodeURIComponent('a/b'));
    expect(badName.status).toBe(400);
    expect((await badName.json()).error.code).toBe('validation');
  });

  it('turns a browser file name into a safe relative path', () => {
    expect(safeRelativePath('../../etc/passwd')).toBe('etc/passwd');
    expect(safeRelativePath('C:\\Users\\me\\report.pdf')).toBe('C_/Users/me/report.pdf');
    expect(safeRelativePath('..')).toBe('upload');
    expect(safeRelativePath('/abs/./x/../a\u0000b.md')).toBe('abs/x/a_b.md');
    expect(safeRelativePath('.hidden/.env')).toBe('hidden/env');
  });
});
