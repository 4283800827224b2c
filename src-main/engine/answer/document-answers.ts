import type { Citation } from '../../../src-shared/schemas/answer';
import type { SearchHit } from '../../../src-shared/schemas/search';
import { contentTerms, contentWords, stem, words } from '../text/terms';
import { citationOf } from './citations';
import type { ExtractiveAnswer, TermStatistics } from './extractive';
import { sentencesOf, type Sentence } from './sentences';

/**
 * Whole-document answers without a model: an extractive summary that walks the document's sections in
 * order, and a side-by-side of two documents on what they share (or on the topic asked). Sentences are
 * chosen by how central they are to their document (the document's own term frequencies, weighted by
 * rarity in the library), so nothing is tuned to a collection.
 */

export interface DocumentSide {
  /** What the answer calls this document ("2023 annual report.pdf"). */
  readonly label: string;
  /** The document's chunks in reading order. */
  readonly chunks: readonly SearchHit[];
}

/** Sentences a summary quotes at most, and per section. */
export const summaryLimits = { sentences: 8, perSection: 2 };

interface Weighted {
  readonly sentence: Sentence;
  readonly centrality: number;
}

const idf = (statistics: TermStatistics, term: string) =>
  Math.log(1 + (Math.max(1, statistics.documents) + 1) / (statistics.documentFrequency(term) + 0.5));

/** Each sentence's centrality: the mean tf·idf weight, in its document, of the terms it holds. */
function weigh(sentences: readonly Sentence[], statistics: TermStatistics): Weighted[] {
  const frequency = new Map<string, number>();
  for (const sentence of sentences) for (const term of sentence.terms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  return sentences.map((sentence) => {
    let sum = 0;
    for (const term of sentence.terms) sum += Math.log(1 + frequency.get(term)!) * idf(statistics, term);
    // Dividing by the square root of the length favours sentences dense in the document's terms without
    // rewarding fragments.
    return { sentence, centrality: sentence.terms.size > 0 ? sum / Math.sqrt(sentence.terms.size) : 0 };
  });
}

/** The section a chunk belongs to: its heading path's first two levels. */
const sectionOf = (hit: SearchHit) => hit.headingPath.slice(0, 2).join(' › ');

/** Numbered citations for quoted sentences, one per chunk, each quoting the span its sentences cover. */
function citeAll(items: readonly Sentence[], hits: readonly SearchHit[]): { markers: Map<Sentence, number>; citations: Citation[] } {
  const byHit = new Map<number, Sentence[]>();
  for (const sentence of items) byHit.set(sentence.hitIndex, [...(byHit.get(sentence.hitIndex) ?? []), sentence]);
  const markers = new Map<Sentence, number>();
  const citations: Citation[] = [];
  for (const sentence of items) {
    const quoted = byHit.get(sentence.hitIndex)!;
    let n = citations.find((c) => c.chunkId === hits[sentence.hitIndex]!.chunkId)?.n;
    if (n === undefined) {
      n = citations.length + 1;
      const span = { start: Math.min(...quoted.map((s) => s.start)), end: Math.max(...quoted.map((s) => s.end)) };
      citations.push(citationOf(hits[sentence.hitIndex]!, n, span));
    }
    markers.set(sentence, n);
  }
  return { markers, citations };
}

/** Picks the central sentences of one document, section by section, in reading order. */
export function summarySentences(chunks: readonly SearchHit[], statistics: TermStatistics, limit = summaryLimits.sentences): Sentence[] {
  const weighted = weigh(
    chunks.flatMap((chunk, index) => sentencesOf(chunk, index)),
    statistics,
  );
  if (weighted.length === 0) return [];
  const sections = new Map<string, Weighted[]>();
  for (const item of weighted) {
    const key = sectionOf(chunks[item.sentence.hitIndex]!);
    sections.set(key, [...(sections.get(key) ?? []), item]);
  }
  // Without headings, the document's thirds stand in for sections, so the summary still covers it all.
  let groups = [...sections.values()];
  if (groups.length === 1 && weighted.length > limit) {
    const size = Math.ceil(weighted.length / Math.min(limit, 4));
    groups = Array.from({ length: Math.ceil(weighted.length / size) }, (_, i) => weighted.slice(i * size, (i + 1) * size));
  }
  // More sections than the budget: the sections with the most to say, kept in reading order.
  if (groups.length > limit) {
    const keep = new Set([...groups].sort((a, b) => b.length - a.length).slice(0, limit));
    groups = groups.filter((group) => keep.has(group));
  }
  const perSection = Math.max(1, Math.min(summaryLimits.perSection, Math.floor(limit / groups.length)));
  const chosen = groups.flatMap((group) =>
    [...group]
      .sort((a, b) => b.centrality - a.centrality)
      .slice(0, perSection)
      .map((item) => item.sentence),
  );
  const order = (s: Sentence) => s.hitIndex * 1e9 + s.start;
  return chosen.sort((a, b) => order(a) - order(b));
}

/** An extractive summary of one document: its sections in order, each with its central sentences. */
export function summarizeDocument(side: DocumentSide, statistics: TermStatistics): ExtractiveAnswer {
  const chosen = summarySentences(side.chunks, statistics);
  if (chosen.length === 0) return { text: `${side.label} holds no sentences to summarise.`, noAnswer: true, citations: [] };
  const { markers, citations } = citeAll(chosen, side.chunks);
  const lines = [`Summary of ${side.label}:`];
  let lastSection: string | null = null;
  for (const sentence of chosen) {
    const section = side.chunks[sentence.hitIndex]!.headingPath.at(-1) ?? null;
    const prefix = section && section !== lastSection && section !== side.label ? `${section}: ` : '';
    lastSection = section;
    lines.push(`- ${prefix}${sentence.text} [${markers.get(sentence)}]`);
  }
  return { text: lines.join('\n'), noAnswer: false, citations };
}

/** The surface word for each stem of a text, as first written. */
function surfaceWords(chunks: readonly SearchHit[]): Map<string, string> {
  const surface = new Map<string, string>();
  for (const chunk of chunks) for (const word of contentWords(chunk.text)) if (!surface.has(stem(word))) surface.set(stem(word), word);
  return surface;
}

/** Terms both documents are about: ranked by the smaller of their tf·idf weights in each. */
function sharedTopics(a: readonly Weighted[], b: readonly Weighted[], statistics: TermStatistics, count: number): string[] {
  const tf = (items: readonly Weighted[]) => {
    const map = new Map<string, number>();
    for (const item of items) for (const term of item.sentence.terms) map.set(term, (map.get(term) ?? 0) + 1);
    return map;
  };
  const fa = tf(a);
  const fb = tf(b);
  return [...fa.keys()]
    .filter((term) => fb.has(term) && !/^\d/.test(term))
    .map((term) => ({ term, weight: Math.min(fa.get(term)!, fb.get(term)!) * idf(statistics, term) }))
    .sort((x, y) => y.weight - x.weight)
    .slice(0, count)
    .map((x) => x.term);
}

/** The sentence of a side that best speaks to some terms: holding more of them, then figures, then centrality. */
function bestOn(items: readonly Weighted[], terms: readonly string[]): Sentence | null {
  let best: Sentence | null = null;
  let bestScore = 0;
  for (const item of items) {
    const held = terms.filter((t) => item.sentence.terms.has(t)).length;
    if (held === 0) continue;
    const score = held + (/\d/.test(item.sentence.text) ? 0.5 : 0) + item.centrality / 100;
    if (score > bestScore) {
      best = item.sentence;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Two documents side by side: on the topic asked ("how did revenue change…"), each document's
 * sentences about it, figures first; otherwise on the topics both share most, one line per document.
 */
export function compareDocuments(
  left: DocumentSide,
  right: DocumentSide,
  topic: string | null,
  statistics: TermStatistics,
): ExtractiveAnswer {
  // One combined list of passages, so citations number across both documents.
  const hits = [...left.chunks, ...right.chunks];
  const offset = left.chunks.length;
  const all = weigh(
    hits.flatMap((chunk, index) => sentencesOf(chunk, index)),
    statistics,
  );
  const sides = [all.filter((w) => w.sentence.hitIndex < offset), all.filter((w) => w.sentence.hitIndex >= offset)] as const;
  const topicTerms = topic ? [...new Set(contentTerms(topic))] : [];
  const rows: { about: string | null; picks: Sentence[][] }[] = [];
  if (topicTerms.length > 0) {
    const picks = sides.map((side) => bestOn(side, topicTerms));
    if (picks.some((p) => p !== null)) rows.push({ about: null, picks: picks.map((p) => (p ? [p] : [])) });
  } else {
    rows.push(...alignedSections(sides, hits));
    if (rows.length === 0) {
      const surface = surfaceWords(hits);
      for (const term of sharedTopics(sides[0], sides[1], statistics, 4)) {
        const picks = sides.map((side) => bestOn(side, [term]));
        rows.push({ about: surface.get(term) ?? term, picks: picks.map((p) => (p ? [p] : [])) });
      }
    }
  }
  if (rows.length === 0) {
    // Nothing shared or nothing on the topic: each document's own summary, side by side.
    const own = [summarySentences(left.chunks, statistics, 3), summarySentences(right.chunks, statistics, 3)];
    const shifted = own[1]!.map((s) => ({ ...s, hitIndex: s.hitIndex + offset }));
    rows.push({ about: null, picks: [own[0]!, shifted] });
  }
  return sideBySide(left, right, rows, hits, topic);
}

/** A section's name for matching across documents: its heading's words without numbers ("Outlook for 2024" → "outlook for"). */
const sectionKey = (hit: SearchHit) =>
  words(hit.headingPath.at(-1) ?? '')
    .filter((w) => !/^\d/.test(w))
    .join(' ');

/**
 * Rows for the sections both documents have (matched by heading, years aside), in the first
 * document's order: each side's most central sentence of that section, figures first.
 */
function alignedSections(sides: readonly (readonly Weighted[])[], hits: readonly SearchHit[]): { about: string; picks: Sentence[][] }[] {
  const bySection = sides.map((side) => {
    const map = new Map<string, Weighted[]>();
    for (const item of side) {
      const hit = hits[item.sentence.hitIndex]!;
      // The top heading is the document's own title; only its subsections pair up.
      if (hit.headingPath.length < 2) continue;
      const key = sectionKey(hit);
      if (key) map.set(key, [...(map.get(key) ?? []), item]);
    }
    return map;
  });
  const rows: { about: string; picks: Sentence[][] }[] = [];
  for (const [key, items] of bySection[0]!) {
    const other = bySection[1]!.get(key);
    if (!other) continue;
    const pick = (list: readonly Weighted[]) => [...list].sort((a, b) => figureFirst(b) - figureFirst(a))[0]!.sentence;
    const names = [...new Set([items, other].map((list) => hits[list[0]!.sentence.hitIndex]!.headingPath.at(-1)!))];
    rows.push({ about: names.join(' / '), picks: [[pick(items)], [pick(other)]] });
  }
  return rows;
}

/** A sentence's claim to stand for its section in a comparison: figures count, then centrality. */
const figureFirst = (item: Weighted) => (/\d/.test(item.sentence.text) ? 1000 : 0) + item.centrality;

function sideBySide(
  left: DocumentSide,
  right: DocumentSide,
  rows: readonly { about: string | null; picks: readonly (readonly Sentence[])[] }[],
  hits: readonly SearchHit[],
  topic: string | null,
): ExtractiveAnswer {
  const quoted = rows.flatMap((row) => row.picks.flat());
  const { markers, citations } = citeAll(quoted, hits);
  const labels = [left.label, right.label];
  const lines = [topic ? `${topic}: ${left.label} and ${right.label} side by side` : `${left.label} and ${right.label} side by side`];
  for (const row of rows) {
    if (row.about && !topic) lines.push(`On ${row.about}:`);
    row.picks.forEach((picks, side) => {
      const said = picks.map((s) => `${s.text} [${markers.get(s)}]`).join(' ');
      lines.push(`- ${labels[side]}: ${said || 'says nothing on this.'}`);
    });
  }
  return { text: lines.join('\n'), noAnswer: false, citations };
}
