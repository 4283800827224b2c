/** The subset of the File and Directory Entries API used to walk a dropped folder. */
interface EntryLike {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
  readonly fullPath: string;
  file?(success: (file: File) => void, failure: (error: unknown) => void): void;
  createReader?(): { readEntries(success: (entries: EntryLike[]) => void, failure: (error: unknown) => void): void };
}

async function readAllEntries(directory: EntryLike): Promise<EntryLike[]> {
  const reader = directory.createReader?.();
  if (!reader) return [];
  const all: EntryLike[] = [];
  // readEntries returns the listing in batches (100 in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function filesOfEntry(entry: EntryLike): Promise<File[]> {
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((resolve, reject) => entry.file!(resolve, reject));
    const relative = entry.fullPath.replace(/^\//, '');
    // Keep the folder path in the name so an upload of two `notes.md` from different folders stays two files.
    return [relative && relative !== file.name ? new File([file], relative, { type: file.type, lastModified: file.lastModified }) : file];
  }
  if (entry.isDirectory) {
    const children = await readAllEntries(entry);
    return (await Promise.all(children.map(filesOfEntry))).flat();
  }
  return [];
}

/**
 * The files a drop carries. On the desktop the dropped items themselves (a folder stays a folder:
 * the engine walks it by path); in a browser every file inside dropped folders, to upload them.
 */
export async function droppedFiles(transfer: DataTransfer, mode: 'desktop' | 'browser'): Promise<File[]> {
  const direct = Array.from(transfer.files);
  if (mode === 'desktop') return direct;
  const entries = Array.from(transfer.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => (typeof item.webkitGetAsEntry === 'function' ? (item.webkitGetAsEntry() as EntryLike | null) : null));
  if (entries.length === 0 || entries.some((entry) => entry === null)) return direct;
  return (await Promise.all((entries as EntryLike[]).map(filesOfEntry))).flat();
}

/** True when a drag carries files (not text or a link from the page). */
export function dragHasFiles(transfer: DataTransfer | null): boolean {
  return transfer !== null && Array.from(transfer.types).includes('Files');
}
