/**
 * Answer quality on a SQuAD 2.0 file through the real engine, with no model (the extractive answerer).
 * Each paragraph is ingested as one Markdown document (the article title as its heading); every
 * question is asked in a fresh conversation with the answer cache off. Prints:
 * - abstention: share of unanswerable questions answered "no answer";
 * - coverage: share of answerable questions that get an answer;
 * - gold span: share of answers (to answerable questions) holding a gold answer, normalised (lower
 *   case, punctuation and articles removed), and the same over all answerable questions;
 * - first citation on the gold paragraph, over answers to answerable questions;
 * - cited passages holding the gold span: share of all citations of those answers whose passage
 *   holds a gold answer.
 * Run: npx tsx test/eval/squad.ts [squad.json] [--mode hybrid|keyword|dense] [--show N]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createEngine } from '../../src-main/engine';
import { AskRequest, type AnswerResult } from '../../src-shared/schemas/answer';
import { IngestRequest, PassageRequest } from '../../src-shared/schemas/library';

interface SquadQuestion {
  readonly id: string;
  readonly question: string;
  readonly is_impossible?: boolean;
  readonly answers: readonly { readonly text: string }[];
}
interface SquadFile {
  readonly data: readonly {
    readonly title: string;
    readonly paragraphs: readonly { readonly context: string; readonly qas: readonly SquadQuestion[] }[];
  }[];
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const path = file ?? new URL('../../../shared/data/squad2-qa/squad2-dev-subset.json', import.meta.url).pathname;
const mode = (option('--mode') ?? 'hybrid') as 'hybrid' | 'keyword' | 'dense';
const show = Number(option('--show') ?? 0);

/** SQuAD's normalisation: lower case, no punctuation, no articles, single spaces. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
const holds = (text: string, golds: readonly string[]) => {
  const haystack = ` ${normalise(text)} `;
  return golds.some((gold) => normalise(gold).length > 0 && haystack.includes(` ${normalise(gold)} `));
};

const squad = JSON.parse(readFileSync(path, 'utf8')) as SquadFile;
const dir = mkdtempSync(join(tmpdir(), 'quarry-squad-'));
const docs = join(dir, 'docs');
mkdirSync(docs);
const paragraphFile = new Map<SquadQuestion, string>();
let count = 0;
for (const article of squad.data) {
  for (const paragraph of article.paragraphs) {
    const name = join(docs, `p${String(++count).padStart(4, '0')}.md`);
    writeFileSync(name, `# ${article.title.replace(/_/g, ' ')}\n\n${paragraph.context}\n`);
    for (const qa of paragraph.qas) paragraphFile.set(qa, name);
  }
}

const engine = createEngine({
  dataDir: join(dir, 'data'),
  resumeJobs: false,
  logger: pino({ level: 'silent' }),
  monitor: { sample: false },
  cache: { enabled: false },
  environment: { OLLAMA_HOST: 'http://127.0.0.1:9' },
});
try {
  const job = await engine.library.ingest(IngestRequest.parse({ paths: [docs], collection: 'squad' }));
  await engine.library.waitForJob(job.jobId);
  const tally = { impossible: 0, abstained: 0, answerable: 0, answered: 0, gold: 0, firstOnGold: 0, citations: 0, citedGold: 0 };
  const started = performance.now();
  const shown: string[] = [];
  for (const [qa, paragraph] of paragraphFile) {
    const result: AnswerResult = await engine.answers.ask(AskRequest.parse({ question: qa.question, override: 'extractive', mode })).done;
    const golds = qa.answers.map((a) => a.text);
    if (qa.is_impossible || golds.length === 0) {
      tally.impossible++;
      if (result.noAnswer) tally.abstained++;
      else if (shown.length < show) shown.push(`UNANSWERABLE ${qa.question}\n  → ${result.answer}`);
      continue;
    }
    tally.answerable++;
    if (result.noAnswer) {
      if (shown.length < show) shown.push(`REFUSED ${qa.question} [${golds[0]}]`);
      continue;
    }
    tally.answered++;
    if (holds(result.answer, golds)) tally.gold++;
    else if (shown.length < show) shown.push(`NO GOLD ${qa.question} [${golds[0]}]\n  → ${result.answer}`);
    if (result.citations[0]?.path === paragraph) tally.firstOnGold++;
    for (const citation of result.citations) {
      tally.citations++;
      if (holds(engine.library.passage(PassageRequest.parse({ chunkId: citation.chunkId, contextChars: 0 })).text, golds))
        tally.citedGold++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(3));
  if (shown.length > 0) console.log(shown.join('\n'));
  console.log(
    JSON.stringify(
      {
        file: path,
        mode,
        paragraphs: count,
        questions: paragraphFile.size,
        answerable: tally.answerable,
        unanswerable: tally.impossible,
        abstention: ratio(tally.abstained, tally.impossible),
        coverage: ratio(tally.answered, tally.answerable),
        goldSpanOfAnswers: ratio(tally.gold, tally.answered),
        goldSpanOfAnswerable: ratio(tally.gold, tally.answerable),
        firstCitationOnGoldParagraph: ratio(tally.firstOnGold, tally.answered),
        citedPassagesHoldingGold: ratio(tally.citedGold, tally.citations),
        msPerQuestion: Number(((seconds * 1000) / paragraphFile.size).toFixed(1)),
        loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
      },
      null,
      2,
    ),
  );
} finally {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
}
