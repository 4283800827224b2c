import { directEvalLibrary, runBeirEval } from '../../src-main/engine/eval/run-beir-eval';

// Retrieval alone (records written straight to the library, one chunk each), e.g. to sweep fusion:
// npx tsx test/eval/beir.ts [dir] ['{"denseWeight":1.5}']. End to end: quarry eval <dir> --json.
const dir = process.argv[2] ?? new URL('../../../shared/data/cranfield', import.meta.url).pathname;
const hybrid = process.argv[3] ? (JSON.parse(process.argv[3]) as Record<string, number>) : undefined;
const report = await runBeirEval(dir, { library: directEvalLibrary(hybrid) });
console.log(JSON.stringify(report, null, 2));
