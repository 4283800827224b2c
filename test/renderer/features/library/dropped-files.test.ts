import { describe, expect, it } from 'vitest';
import { dragHasFiles, droppedFiles } from '../../../../src-renderer/features/library/dropped-files';

/** Entries shaped like the File and Directory Entries API a browser gives for a dropped folder. */
function fileEntry(path: string, text: string) {
  const name = path.split('/').at(-1)!;
  return {
    isFile: true,
    isDirectory: false,
    name,
    fullPath: `/${path}`,
    file: (done: (file: File) => void) => done(new File([text], name)),
  };
}
function directoryEntry(path: string, children: unknown[]) {
  // Chromium hands the listing over in batches, then an empty batch.
  const batches = [children.slice(0, 1), children.slice(1), []];
  return {
    isFile: false,
    isDirectory: true,
    name: path.split('/').at(-1)!,
    fullPath: `/${path}`,
    createReader: () => ({ readEntries: (done: (entries: unknown[]) => void) => done(batches.shift() ?? []) }),
  };
}
function transfer(entries: unknown[], files: File[] = []): DataTransfer {
  return {
    files,
    types: ['Files'],
    items: entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry })),
  } as unknown as DataTransfer;
}

describe('droppedFiles', () => {
  it('walks dropped folders in a browser, keeping each file’s folder path in its name', async () => {
    const drop = transfer([
      directoryEntry('notes', [fileEntry('notes/a.md', '# A'), directoryEntry('notes/deep', [fileEntry('notes/deep/b.txt', 'b')])]),
      fileEntry('report.pdf', '%PDF'),
    ]);
    const files = await droppedFiles(drop, 'browser');
    expect(files.map((file) => file.name).sort()).toEqual(['notes/a.md', 'notes/deep/b.txt', 'report.pdf']);
    expect(await files.find((file) => file.name === 'notes/a.md')!.text()).toBe('# A');
  });

  it('passes the dropped items themselves on the desktop, where the engine walks folders by path', async () => {
    const direct = [new File(['x'], 'folder')];
    expect(await droppedFiles(transfer([directoryEntry('folder', [])], direct), 'desktop')).toEqual(direct);
  });

  it('falls back to the plain file list when the browser gives no entries (a DataTransfer built by a page)', async () => {
    const direct = [new File(['x'], 'a.md')];
    const drop = { files: direct, types: ['Files'], items: [{ kind: 'file', webkitGetAsEntry: () => null }] } as unknown as DataTransfer;
    expect(await droppedFiles(drop, 'browser')).toEqual(direct);
  });
});

describe('dragHasFiles', () => {
  it('tells a file drag from dragged text', () => {
    expect(dragHasFiles({ types: ['Files'] } as unknown as DataTransfer)).toBe(true);
    expect(dragHasFiles({ types: ['text/plain'] } as unknown as DataTransfer)).toBe(false);
    expect(dragHasFiles(null)).toBe(false);
  });
});
