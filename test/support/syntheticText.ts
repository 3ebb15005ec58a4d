// Deterministic made-up text for synthetic agent sessions: words and code in a few scripts, replayable from a seed.

/** A small deterministic generator, so a failure can be replayed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = [
  'the',
  'function',
  'returns',
  'a',
  'value',
  'when',
  'called',
  'with',
  'configuration',
  'error',
  'handler',
  'données',
  '配置',
  'λ',
];
const CODE = [
  'const x = await load(path);',
  'if (!ok) { throw new Error("bad"); }',
  'for (let i = 0; i < n; i++) total += a[i];',
  'return { id, name };',
];

export function text(next: () => number, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    parts.push(next() < 0.3 ? CODE[Math.floor(next() * CODE.length)] : WORDS[Math.floor(next() * WORDS.length)]);
  }
  return parts.join(next() < 0.2 ? '\n' : ' ');
}
