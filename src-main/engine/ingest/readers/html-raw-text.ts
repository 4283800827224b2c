/**
 * Removes <script> and <style> elements before the HTML is parsed, ending them where a browser
 * does. node-html-parser ends a script at the first literal "</script>" and misses "</script >",
 * so a script holding `<!-- document.write("<script></script>") -->` leaves its tail (`"); -->`)
 * as page text, and a spaced end tag swallows the rest of the page. The HTML standard's
 * script-data states (escaped and double-escaped, for "<!--" inside scripts) are small enough to
 * follow here; no parser among our dependencies implements them.
 */

const rawTextElements = ['script', 'style'] as const;

/** Whether `html` at `index` holds `</name` or `<name` (case-insensitive) followed by a tag delimiter. */
function tagAt(lower: string, index: number, name: string, closing: boolean): boolean {
  const opening = closing ? `</${name}` : `<${name}`;
  if (!lower.startsWith(opening, index)) return false;
  const next = lower[index + opening.length];
  return next === undefined || next === '>' || next === '/' || /\s/.test(next);
}

/** Index where the element's end tag starts, or the end of the text when it is never closed (as browsers do). */
function rawTextEnd(lower: string, from: number, name: string): number {
  if (name !== 'script') {
    for (let index = lower.indexOf('</', from); index !== -1; index = lower.indexOf('</', index + 2)) {
      if (tagAt(lower, index, name, true)) return index;
    }
    return lower.length;
  }
  let state: 'data' | 'escaped' | 'double-escaped' = 'data';
  for (let index = from; index < lower.length; index += 1) {
    if (lower[index] !== '<' && lower[index] !== '-') continue;
    if (state === 'data') {
      if (lower.startsWith('<!--', index)) state = 'escaped';
      else if (tagAt(lower, index, 'script', true)) return index;
    } else if (state === 'escaped') {
      if (lower.startsWith('-->', index)) state = 'data';
      else if (tagAt(lower, index, 'script', true)) return index;
      else if (tagAt(lower, index, 'script', false)) state = 'double-escaped';
    } else if (lower.startsWith('-->', index)) state = 'data';
    else if (tagAt(lower, index, 'script', true)) state = 'escaped';
  }
  return lower.length;
}

/** Index just past the `>` that ends the tag opening at `index` (quoted attribute values may hold `>`). */
function tagEnd(lower: string, index: number): number {
  let quote: string | null = null;
  for (let position = index + 1; position < lower.length; position += 1) {
    const char = lower[position];
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '>') return position + 1;
  }
  return lower.length;
}

/** The HTML without its script and style elements (comments are left to the parser). */
export function withoutRawTextElements(html: string): string {
  const lower = html.toLowerCase();
  const kept: string[] = [];
  let copied = 0;
  let index = lower.indexOf('<');
  while (index !== -1 && index < lower.length) {
    if (lower.startsWith('<!--', index)) {
      const close = lower.indexOf('-->', index + 4);
      index = close === -1 ? -1 : lower.indexOf('<', close + 3);
      continue;
    }
    const name = rawTextElements.find((element) => tagAt(lower, index, element, false));
    if (name === undefined) {
      index = lower.indexOf('<', index + 1);
      continue;
    }
    kept.push(html.slice(copied, index));
    const end = rawTextEnd(lower, tagEnd(lower, index), name);
    copied = end >= lower.length ? lower.length : tagEnd(lower, end);
    index = lower.indexOf('<', copied);
  }
  kept.push(html.slice(copied));
  return kept.join(' ');
}
