/** About 4 MB of varied text (roughly a million tokens): more than any counter gets through in a few milliseconds. */
export function largeText(): string {
  return Array.from({ length: 60_000 }, (_, i) => `line ${i}: value=${(i * 7919) % 10007} status ok; `)
    .join('\n')
    .padEnd(4_000_000, 'x y ');
}
