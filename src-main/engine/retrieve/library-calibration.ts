import type { Embedder } from '../embedding/embedder';
import { BuiltinEmbedder } from '../embedding/builtin/builtin-embedder';
import type { LibraryVectorIndex } from '../embedding/vector-index';
import { readCalibration, writeCalibration } from '../store/calibration-repository';
import type { Db } from '../store/database';
import { calibrateRetrieval, calibrateRetrievalSync, parseCalibration, type RetrievalCalibration } from './calibration';

/**
 * Calibrates the built-in embedder on the library's own passages when its index is built (createEngine
 * passes this to the vector index as its beforeActivate hook), and stores the result beside it, so
 * queries only read it. A library indexed before calibrations existed is
 * calibrated on its first hybrid query (about a second, once). External embedders (Ollama, OpenAI) are
 * not calibrated yet: it would send ~2,300 extra texts (altered passages and questions) to the model,
 * which costs money and bytes a private library may not send; they use `uncalibrated`.
 */
export async function calibrateAndStore(db: Db, embedder: Embedder, sample: readonly string[]): Promise<RetrievalCalibration> {
  const calibration =
    embedder instanceof BuiltinEmbedder
      ? calibrateRetrievalSync(sample, (texts) => embedder.embedSync(texts))
      : await calibrateRetrieval(sample, (texts) => embedder.embed(texts, { kind: 'document' }));
  writeCalibration(db, embedder.id, calibration);
  return calibration;
}

/** Settings for an embedder with no stored calibration and none computable without waiting on a model. */
export const uncalibrated: RetrievalCalibration = { denseWeight: 0.5, feedback: false, rerank: false, queries: 0, scores: {} };

/** The stored calibration of the embedder, calibrating a built-in one now when it has none. */
export function loadCalibration(db: Db, embedder: Embedder, sample: () => readonly string[]): RetrievalCalibration {
  const stored = parseCalibration(readCalibration(db, embedder.id));
  if (stored) return stored;
  if (!(embedder instanceof BuiltinEmbedder)) return uncalibrated;
  const calibration = calibrateRetrievalSync(sample(), (texts) => embedder.embedSync(texts));
  writeCalibration(db, embedder.id, calibration);
  return calibration;
}

/** The calibration of a library's active embedder, read (or computed) once per embedder id. */
export interface LibraryCalibrations {
  /** How hybrid search fuses for the active embedder; null before the first index. */
  current(): RetrievalCalibration | null;
}

export function createLibraryCalibrations(db: Db, vectorIndex: LibraryVectorIndex): LibraryCalibrations {
  const calibrations = new Map<string, RetrievalCalibration>();
  return {
    current() {
      const embedder = vectorIndex.activeModel();
      if (!embedder) return null;
      let calibration = calibrations.get(embedder.id);
      if (!calibration) {
        calibration = loadCalibration(db, embedder, () => vectorIndex.fitSample());
        calibrations.set(embedder.id, calibration);
      }
      return calibration;
    },
  };
}
