import { runBeirEval } from '../../src-main/engine/eval/run-beir-eval';

// Usage: npx tsx test/eval/beir.ts [dir] ['{"denseWeight":1.5}']  — prints the report as JSON.
const dir = process.argv[2] ?? '/work/shared/data/cranfield';
const hybrid = process.argv[3] ? (JSON.parse(process.argv[3]) as Record<string, number>) : undefined;
const report = await runBeirEval(dir, hybrid ? { hybrid } : {});
console.log(JSON.stringify(report, null, 2));
