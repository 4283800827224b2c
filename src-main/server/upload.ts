import { IngestRequest } from '../../src-shared/schemas/library';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../src-shared/errors';
import { CollectionName } from '../../src-shared/schemas/library';
import type { Engine } from '../engine';

export const UploadQuery = z.object({ collection: CollectionName.default('default') });

export interface UploadedFile {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
}

/** One path segment from a browser, made safe: no traversal, no control or reserved characters. */
export function safeSegment(segment: string): string {
  const cleaned = segment
    .replace(/[\p{Cc}<>:"|?*]/gu, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(-200);
  return cleaned.length > 0 ? cleaned : '_';
}

/**
 * A browser's file name (`webkitRelativePath` keeps the dropped folder's structure) as a safe
 * relative path: each segment cleaned, `.`/`..`/empty segments dropped, at most 8 levels deep.
 */
export function safeRelativePath(name: string): string {
  const segments = name
    .replace(/\\/g, '/')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .map(safeSegment)
    .slice(-8);
  return segments.length > 0 ? segments.join('/') : 'upload';
}

/**
 * `POST /api/upload?collection=…` (multipart): each file is streamed to a staging folder in the data
 * folder, never held in memory. The size limit is counted while the bytes arrive; the first file past
 * it ends the request with 413 and everything this request wrote is deleted. Only when every file
 * arrived whole are they moved to `uploads/<collection>/<relative path>` and ingested as one job, whose
 * id is returned at once. Dropping a newer version of a file replaces the document instead of adding
 * a second copy (the ingest queue skips unchanged files and replaces changed ones).
 */
export function registerUploadRoute(app: FastifyInstance, engine: Engine, maxFileBytes: number): void {
  app.post('/api/upload', async (request, reply) => {
    const { collection } = UploadQuery.parse(request.query ?? {});
    if (!request.isMultipart()) throw new AppError('validation', 'Send the files as multipart/form-data.');
    const staging = join(engine.library.location.dataDir, 'uploads', '.incoming', randomUUID());
    const target = join(engine.library.location.dataDir, 'uploads', safeSegment(collection));
    const staged: { name: string; bytes: number }[] = [];
    let current = '';
    const tooLarge = () => new AppError('too-large', `"${current}" is larger than ${maxFileBytes} bytes, the most this server accepts.`);
    try {
      for await (const part of request.files({ limits: { fileSize: maxFileBytes }, preservePath: true })) {
        const name = safeRelativePath(part.filename);
        current = name;
        if (staged.some((file) => file.name === name)) throw new AppError('conflict', `"${name}" appears twice in this upload.`);
        const path = join(staging, name);
        await mkdir(dirname(path), { recursive: true });
        // Busboy only marks the part truncated and keeps reading to its end; stop at the limit instead.
        part.file.once('limit', () => part.file.destroy(tooLarge()));
        await pipeline(part.file, createWriteStream(path, { flags: 'wx' }));
        if (part.file.truncated) throw tooLarge();
        staged.push({ name, bytes: part.file.bytesRead });
      }
      if (staged.length === 0) throw new AppError('validation', 'The upload contained no files.');
      const files: UploadedFile[] = [];
      for (const file of staged) {
        const path = join(target, file.name);
        await mkdir(dirname(path), { recursive: true });
        await rename(join(staging, file.name), path);
        files.push({ ...file, path });
      }
      const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths: files.map((file) => file.path), collection }));
      void reply.header('cache-control', 'no-store');
      return { ok: true, value: { jobId, collection, files } };
    } catch (error) {
      // Stop reading the rest of a refused body: close the connection after the answer.
      void reply.header('connection', 'close');
      const code = (error as { code?: unknown }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
      if (code === 'FST_FILES_LIMIT') throw new AppError('too-large', 'Too many files in one upload.');
      throw error;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  });
}
