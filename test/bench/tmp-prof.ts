import { readBeirDataset } from '../../src-main/engine/eval/beir';
import { keywordSearch } from '../../src-main/engine/retrieve/keyword-search';
import { createSearcher } from '../../src-main/engine/retrieve/searcher';
import { createVectorIndex } from '../../src-main/engine/retrieve/vector-index';
import { openDatabase } from '../../src-main/engine/store/database';
const ds = readBeirDataset('/work/shared/data/cranfield');
const db = openDatabase('/tmp/qbench100k/data/library.sqlite');
const index = createVectorIndex(db);
const qs = ds.queries.map(q => q.text);
const cpu = (label: string, f: (q: string) => unknown) => {
  for (const q of qs.slice(0, 10)) f(q);
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (const q of qs) f(q);
  const c = process.cpuUsage(c0);
  console.log(label.padEnd(30), 'cpu ms/q', ((c.user + c.system) / 1000 / qs.length).toFixed(2), 'wall ms/q', ((performance.now() - t0) / qs.length).toFixed(2));
};
let t = performance.now(); const cal = index.calibration(); console.log('calibration', ((performance.now() - t)).toFixed(0), 'ms', JSON.stringify(cal));
cpu('keyword limit 10', q => keywordSearch(db, q, { limit: 10, filters: {} }));
cpu('keyword limit 100', q => keywordSearch(db, q, { limit: 100, filters: {} }));
cpu('keyword limit 100 no rescoring', q => keywordSearch(db, q, { limit: 100, filters: {}, pruning: { postingsBudget: 6000, minTerms: 2, candidateFactor: 1 } }));
cpu('embed query', q => index.embedQuery(q));
cpu('dense limit 10', q => index.searchDense(index.embedQuery(q)!, { limit: 10, filters: {} }));
cpu('dense limit 100', q => index.searchDense(index.embedQuery(q)!, { limit: 100, filters: {} }));
const s = createSearcher({ db, vectorIndex: index });
cpu('hybrid limit 10 (calibrated)', q => s.search({ query: q, mode: 'hybrid', limit: 10 } as never));
for (const w of [1]) { const s2 = createSearcher({ db, vectorIndex: index, hybrid: { denseWeight: w, feedbackChunks: 0 } }); cpu(`hybrid w${w} no fb`, q => s2.search({ query: q, mode: 'hybrid', limit: 10 } as never)); }
const s3 = createSearcher({ db, vectorIndex: index, hybrid: { denseWeight: 1, feedbackChunks: 5 } }); cpu(`hybrid w1 fb`, q => s3.search({ query: q, mode: 'hybrid', limit: 10 } as never));
db.close();
