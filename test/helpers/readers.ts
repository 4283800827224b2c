import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { AppError, type ErrorCode } from '../../src-shared/errors';
import { readDocument } from '../../src-main/engine/ingest/readers/index';
import { defaultReadLimits, type ReadDocument, type ReadLimits } from '../../src-main/engine/ingest/types';
import { tempDir } from './temp';

/** Writes files into a temporary folder (removed by tempDir when the test or file ends). */
export function tempFolder(): (name: string, content: string | Uint8Array) => string {
  const folder = tempDir('quarry-readers-');
  return (name, content) => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };
}

export function read(path: string, limits: Partial<ReadLimits> = {}, signal?: AbortSignal): Promise<ReadDocument> {
  return readDocument(path, { ...defaultReadLimits, ...limits }, signal);
}

/** Reading `path` fails with `code`, and the message names the file so a person knows which one. */
export async function expectReadError(path: string, code: ErrorCode, limits: Partial<ReadLimits> = {}): Promise<AppError> {
  const error: unknown = await read(path, limits).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe(code);
  expect(appError.message).toContain(path.split('/').pop());
  return appError;
}

/** Blocks as compact [kind, text] pairs, easy to compare. */
export function blockPairs(doc: ReadDocument): [string, string][] {
  return doc.blocks.map((block) => [block.kind, block.text]);
}
