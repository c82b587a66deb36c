// Thai line breaking for text the pages' scripts insert: the same rules as the server (Text/ThaiWords.cs), on the
// browser's own ICU word boundaries (Intl.Segmenter): glossary words stay whole, nothing breaks before ๆ or ฯ or right
// after ผู้/ข้อ/ความ, and each Thai run between two break opportunities becomes <span class="tw"> + <wbr>, so the
// browser breaks there and nowhere else. The text (textContent) is unchanged. The glossary is the build's copy of
// src/Reports/Text/thai-words.json (its one home, shared with the server and the PDFs; see Web.csproj).
import glossary from './thai-words.json' with { type: 'json' };

const THAI = /[\u0E00-\u0E7F]/;
const words = [...new Set(glossary.words.filter((w) => w.length > 1))];
const byFirst = new Map();
for (const word of words) {
  const list = byFirst.get(word[0]) ?? [];
  list.push(word);
  byFirst.set(word[0], list);
}
for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
const noBreakAfter = glossary.noBreakAfter ?? [];

// Built on first use: ICU loads its Thai dictionary for it (tens of ms), which a page's first requests need not wait for.
let segmenterOnce;
const wordSegmenter = () => {
  if (segmenterOnce === undefined) {
    segmenterOnce = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter('th', { granularity: 'word' }) : null;
  }
  return segmenterOnce;
};
const plans = new Map();

const isConsonant = (c) => c >= '\u0E01' && c <= '\u0E2E';
const isCombining = (c) => c === '\u0E30' || c === '\u0E31' || c === '\u0E32' || c === '\u0E33'
  || (c >= '\u0E34' && c <= '\u0E3A') || (c >= '\u0E45' && c <= '\u0E4E');
const isLeadingVowel = (c) => c >= '\u0E40' && c <= '\u0E44';
const isRepeat = (c) => c === 'ๆ' || c === 'ฯ';
const isSpace = (c) => /\s/.test(c);

export function hasThai(text) {
  return THAI.test(text ?? '');
}

function longestAt(text, index) {
  for (const word of byFirst.get(text[index]) ?? []) {
    if (text.startsWith(word, index)) return word.length;
  }
  return 0;
}

/** Positions (0 < p < length) after which a line may break. */
export function breaks(text) {
  const segmenter = wordSegmenter();
  if (!segmenter || text.length < 2) return [];
  const original = new Set();
  for (const { index } of segmenter.segment(text)) {
    if (index > 0 && !isSpace(text[index])) original.add(index);
  }
  // After whitespace is always an opportunity (the server's ICU line breaker gives those too).
  for (let k = 1; k < text.length; k++) if (isSpace(text[k - 1]) && !isSpace(text[k])) original.add(k);
  const sorted = [...original].sort((a, b) => a - b);
  const result = new Set(original);
  const protectedEdges = new Set();
  const interior = (start, end) => sorted.some((b) => b > start && b < end);

  let i = 0;
  while (i < text.length) {
    const match = longestAt(text, i);
    const end = i + match;
    const edge = match > 0 && (i === 0 || !isLeadingVowel(text[i - 1])) && (end >= text.length || (!isCombining(text[end]) && text[end] !== 'ั'));
    if (!edge) {
      i++;
      continue;
    }
    if (match < 2 || !interior(i, end)) {
      const after = sorted.find((b) => b >= end);
      i = after ?? text.length;
      continue;
    }
    for (const b of [...result]) if (b > i && b < end) result.delete(b);
    if (i > 0) {
      if (!original.has(i)) {
        const before = sorted.filter((b) => b < i).pop() ?? 0;
        let consonants = before < i;
        for (let k = before; k < i; k++) if (!isConsonant(text[k])) consonants = false;
        if (before > 0 && consonants && !protectedEdges.has(before)) result.delete(before);
      }
      result.add(i);
      protectedEdges.add(i);
    }
    if (end < text.length) {
      result.add(end);
      protectedEdges.add(end);
    }
    i = end;
  }

  const nextVisible = (from) => {
    for (let k = from; k < text.length; k++) if (!isSpace(text[k])) return text[k];
    return '';
  };
  const prefixBefore = (at) => THAI.test(text[at]) && noBreakAfter.some((p) => {
    const start = at - p.length;
    return start >= 0 && text.startsWith(p, start) && (start === 0 || original.has(start) || !THAI.test(text[start - 1]));
  });
  return [...result]
    .filter((b) => b > 0 && b < text.length)
    .filter((b) => !isRepeat(text[b]) && !isCombining(text[b]))
    .filter((b) => !(isSpace(text[b - 1]) && isRepeat(nextVisible(b))))
    .filter((b) => !prefixBefore(b))
    .sort((a, b) => a - b);
}

/** [{word, space, wbr}]: each piece is a word kept on one line, the whitespace after it, or a <wbr> after it. */
function plan(text) {
  let cached = plans.get(text);
  if (cached) return cached;
  const pieces = [];
  let start = 0;
  for (const end of [...breaks(text), text.length]) {
    const chunk = text.slice(start, end);
    const trimmed = chunk.trimEnd();
    const lead = trimmed.length - trimmed.trimStart().length;
    pieces.push({ lead: trimmed.slice(0, lead), word: trimmed.slice(lead), space: chunk.slice(trimmed.length), wbr: chunk.length === trimmed.length && end < text.length });
    start = end;
  }
  if (plans.size > 5000) plans.clear();
  plans.set(text, (cached = pieces));
  return cached;
}

/** The text as nodes that break only at Thai word boundaries (a single text node when there is no Thai). */
export function thaiNodes(value) {
  const text = String(value ?? '');
  if (!hasThai(text) || !wordSegmenter()) return document.createTextNode(text);
  const fragment = document.createDocumentFragment();
  for (const piece of plan(text)) {
    if (piece.lead) fragment.append(piece.lead);
    if (piece.word.length > 1 && hasThai(piece.word)) {
      const span = document.createElement('span');
      span.className = 'tw';
      span.textContent = piece.word;
      fragment.append(span);
    } else if (piece.word) {
      fragment.append(piece.word);
    }
    if (piece.space) fragment.append(piece.space);
    if (piece.wbr) fragment.append(document.createElement('wbr'));
  }
  return fragment;
}

/** Replaces a node's content with the text, broken at Thai word boundaries. */
export function setThaiText(node, value) {
  if (!node) return;
  node.replaceChildren(thaiNodes(value));
}
