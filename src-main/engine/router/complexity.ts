/** How demanding a question looks, from its words alone; the router sends harder ones to larger models. */
export type ComplexityLevel = 'simple' | 'moderate' | 'complex';

export interface Complexity {
  readonly level: ComplexityLevel;
  /** The signals found, in words, for the route's explanation. */
  readonly signals: readonly string[];
}

const comparison = /\b(compare[sd]?|comparing|comparison|versus|vs\.?|differ(?:s|ence|ences|ent)?|contrast|trade-?offs?|pros and cons)\b/i;
const summary = /\b(summari[sz]e|summary|overview|outline|main points|key points|key findings|recap)\b/i;
const explanation = /\b(why|explain|how does|how do|how can|implications?|reasons?)\b/i;

/** Rough token count of English text (about four characters a token), for budgets and context windows. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Scores a question's complexity from its length, parts and intent (comparison, summary, explanation). */
export function assessComplexity(question: string, contextTokens = 0): Complexity {
  const signals: string[] = [];
  let points = 0;
  const words = question.split(/\s+/).filter(Boolean).length;
  if (comparison.test(question)) {
    signals.push('a comparison');
    points += 2;
  }
  if (summary.test(question)) {
    signals.push('a summary');
    points += 2;
  }
  const questionMarks = (question.match(/\?/g) ?? []).length;
  const parts = questionMarks > 1 || /\?\s*\S.*\b(and|also)\b/i.test(question) || /;\s*\w/.test(question);
  if (parts) {
    signals.push('several parts');
    points += 1;
  }
  if (explanation.test(question)) {
    signals.push('asks for reasons');
    points += 1;
  }
  if (words > 30) {
    signals.push('a long question');
    points += 1;
  }
  if (contextTokens > 6000) {
    signals.push('a lot of context');
    points += 1;
  }
  const level: ComplexityLevel = points >= 2 ? 'complex' : points === 1 ? 'moderate' : 'simple';
  return { level, signals };
}
