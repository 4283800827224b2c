import { describe, expect, it } from 'vitest';
import { BuiltinEmbedder } from '../../../../../src-main/engine/embedding/builtin/builtin-embedder';
import { randomizedSvd } from '../../../../../src-main/engine/embedding/builtin/randomized-svd';

const corpus = [
  'The wing produces lift in the propeller slipstream at high angles of attack.',
  'Lift and drag of a swept wing were measured in the wind tunnel.',
  'Boundary layer transition on a flat plate at supersonic speed.',
  'Heat transfer in the laminar boundary layer of a blunt body at hypersonic speed.',
  'Buckling of thin cylindrical shells under axial compression.',
  'Stresses in cylindrical shells with cutouts loaded in compression.',
  'Wing flutter and aeroelastic divergence of a swept wing.',
  'Skin friction and heat transfer behind a shock in a hypersonic boundary layer.',
];

describe('BuiltinEmbedder', () => {
  it('is deterministic: the same texts give the same id and vectors', () => {
    const first = BuiltinEmbedder.fit(corpus)!;
    const second = BuiltinEmbedder.fit([...corpus])!;
    expect(first.id).toBe(second.id);
    expect(first.id).toMatch(/^builtin-lsa-\d+@[0-9a-f]{12}$/);
    expect(first.embedSync(['lift of a wing'])).toEqual(second.embedSync(['lift of a wing']));
    expect(BuiltinEmbedder.fit(corpus.slice(1))!.id).not.toBe(first.id);
  });

  it('fits k = min(dimensions, chunks - 1) on a small library and returns unit vectors', async () => {
    const embedder = BuiltinEmbedder.fit(corpus)!;
    expect(embedder.dimensions).toBe(corpus.length - 1);
    const [vector] = await embedder.embed(['boundary layer heat transfer'], { kind: 'query' });
    expect(Math.hypot(...vector!)).toBeCloseTo(1, 5);
    expect(embedder.embedSync(['zebra quokka'])[0]!.every((value) => value === 0)).toBe(true);
  });

  it('places a query near the passages about its topic', () => {
    const embedder = BuiltinEmbedder.fit(corpus)!;
    const [query, ...passages] = embedder.embedSync(['buckling of shells in compression', ...corpus]);
    const similarity = passages.map((passage) => passage.reduce((sum, value, i) => sum + value * query![i]!, 0));
    const best = similarity.indexOf(Math.max(...similarity));
    expect([4, 5]).toContain(best);
  });

  it('round-trips through the stored BLOB', () => {
    const embedder = BuiltinEmbedder.fit(corpus)!;
    const restored = BuiltinEmbedder.fromBlob(Buffer.from(embedder.blob));
    expect(restored.id).toBe(embedder.id);
    expect(restored.embedSync(['wing lift'])).toEqual(embedder.embedSync(['wing lift']));
    expect(() => BuiltinEmbedder.fromBlob(Buffer.from('garbage'))).toThrow(/damaged/);
  });

  it('declines to fit fewer than two chunks', () => {
    expect(BuiltinEmbedder.fit(['only one chunk here'])).toBeNull();
    expect(BuiltinEmbedder.fit([])).toBeNull();
  });
});

describe('randomizedSvd', () => {
  it('recovers the singular values of a known matrix', () => {
    // Rows scaled unit vectors: singular values are the scales, 5 > 3 > 2 > 1.
    const scales = [5, 3, 2, 1];
    const matrix = {
      rows: 4,
      columns: 6,
      rowStart: Int32Array.from([0, 1, 2, 3, 4]),
      columnIndex: Int32Array.from([2, 0, 5, 3]),
      values: Float32Array.from(scales),
    };
    const svd = randomizedSvd(matrix, { rank: 3, oversampling: 1, powerIterations: 2, seed: 7 });
    expect([...svd.singularValues].map((value) => Number(value.toFixed(6)))).toEqual([5, 3, 2]);
    // The first right singular vector is ±e₂.
    expect(Math.abs(svd.rightVectors[2 * 3 + 0]!)).toBeCloseTo(1, 6);
  });
});
