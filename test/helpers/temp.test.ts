import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './temp';

const fileLevel = tempDir('quarry-temp-file-');
let madeInTest = '';
let madeInBeforeEach = '';

describe('tempDir', () => {
  beforeEach(() => {
    madeInBeforeEach = tempDir('quarry-temp-hook-');
  });

  it('makes a fresh folder under the temp folder with the prefix', () => {
    madeInTest = tempDir('quarry-temp-test-');
    writeFileSync(join(madeInTest, 'library.sqlite'), 'x');
    expect(madeInTest).toMatch(/quarry-temp-test-\w{6}$/);
    expect(tempDir('quarry-temp-test-')).not.toBe(madeInTest);
  });

  it('removes a folder made in a test or its beforeEach when that test ends, and keeps file-level ones until the file ends', () => {
    expect(madeInTest).not.toBe('');
    expect(existsSync(madeInTest)).toBe(false);
    expect(existsSync(madeInBeforeEach)).toBe(true);
    expect(existsSync(fileLevel)).toBe(true);
  });
});
