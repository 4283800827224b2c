import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBeirEval } from '../../../../src-main/engine/eval/run-beir-eval';
import { tempDir } from '../../../helpers/temp';

describe('runBeirEval', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('quarry-beir-');
    const corpus = [
      { _id: 'd1', title: 'wing lift', text: 'lift of a swept wing in a propeller slipstream' },
      { _id: 'd2', title: 'shell buckling', text: 'buckling of cylindrical shells under axial compression' },
      { _id: 'd3', title: 'heat transfer', text: 'heat transfer in a hypersonic boundary layer' },
      { _id: 'd4', title: 'flutter', text: 'flutter of a swept wing at transonic speed' },
    ];
    writeFileSync(join(dir, 'corpus.jsonl'), corpus.map((record) => JSON.stringify(record)).join('\n'));
    writeFileSync(
      join(dir, 'queries.jsonl'),
      [
        { _id: 'q1', text: 'buckling of cylindrical shells?' },
        { _id: 'q2', text: 'hypersonic heat transfer' },
        { _id: 'q3', text: 'unjudged' },
      ]
        .map((query) => JSON.stringify(query))
        .join('\n'),
    );
    mkdirSync(join(dir, 'qrels'));
    writeFileSync(join(dir, 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq1\td2\t2\nq2\td3\t1\n');
  });

  it('ingests the corpus and scores judged queries in every mode at document level', async () => {
    const report = await runBeirEval(dir);
    expect(report.queries).toBe(2);
    expect(report.documents).toBe(4);
    expect(report.embedder).toMatch(/^builtin-lsa-/);
    for (const mode of ['keyword', 'dense', 'hybrid'] as const) {
      expect(report[mode]['ndcg@10']).toBe(1);
      expect(report[mode]['mrr@10']).toBe(1);
      expect(report[mode]['recall@100']).toBe(1);
    }
    expect(report.queryMsP50).toBeGreaterThan(0);
  });
});
