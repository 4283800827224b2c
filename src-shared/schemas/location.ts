import { z } from 'zod';

/** Where the library lives on disk, for the settings screen (and for backing it up by hand). */
export const LibraryLocation = z.object({
  dataDir: z.string(),
  libraryFile: z.string(),
  logsDir: z.string(),
  backupsDir: z.string(),
});
export type LibraryLocation = z.infer<typeof LibraryLocation>;
