import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
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

/** A file name from a browser, reduced to a safe last path segment (no traversal, no control characters). */
export function safeFileName(name: string): string {
  const cleaned = basename(name.replace(/\\/g, '/'))
    .replace(/[\p{Cc}<>:"|?*]/gu, '_')
    .replace(/^\.+/, '')
    .slice(-200);
  return cleaned.length > 0 ? cleaned : 'upload';
}

/**
 * `POST /api/upload?collection=…` (multipart): each file is streamed to `uploads/<id>/` in the data
 * folder, never held in memory. The size limit is counted while the bytes arrive; the first file
 * past it ends the request with 413 and everything this request wrote is deleted. The files are
 * then ingested as one job, whose id is returned at once.
 */
export function registerUploadRoute(app: FastifyInstance, engine: Engine, maxFileBytes: number): void {
  app.post('/api/upload', async (request, reply) => {
    const { collection } = UploadQuery.parse(request.query ?? {});
    if (!request.isMultipart()) throw new AppError('validation', 'Send the files as multipart/form-data.');
    const declared = Number(request.headers['content-length'] ?? 0);
    // A body declared far larger than any file may be is refused before a byte is read.
    if (declared > maxFileBytes * 100) throw new AppError('too-large', `Files may be at most ${maxFileBytes} bytes.`);
    const folder = join(engine.dataDir, 'uploads', randomUUID());
    const files: UploadedFile[] = [];
    let current = '';
    const tooLarge = () => new AppError('too-large', `"${current}" is larger than ${maxFileBytes} bytes, the most this server accepts.`);
    try {
      await mkdir(folder, { recursive: true });
      for await (const part of request.files({ limits: { fileSize: maxFileBytes } })) {
        let name = safeFileName(part.filename);
        while (files.some((file) => file.name === name)) name = `${randomUUID().slice(0, 8)}-${name}`;
        current = name;
        const path = join(folder, name);
        // Busboy only marks the part truncated and keeps reading to its end; stop at the limit instead.
        part.file.once('limit', () => part.file.destroy(tooLarge()));
        await pipeline(part.file, createWriteStream(path, { flags: 'wx' }));
        if (part.file.truncated) throw tooLarge();
        files.push({ name, path, bytes: part.file.bytesRead });
      }
      if (files.length === 0) throw new AppError('validation', 'The upload contained no files.');
      const { jobId } = await engine.ingest({ paths: files.map((file) => file.path), collection });
      void reply.header('cache-control', 'no-store');
      return { ok: true, value: { jobId, collection, files } };
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      // Stop reading the rest of a refused body: close the connection after the answer.
      void reply.header('connection', 'close');
      const code = (error as { code?: unknown }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
      if (code === 'FST_FILES_LIMIT') throw new AppError('too-large', 'Too many files in one upload.');
      throw error;
    }
  });
}
