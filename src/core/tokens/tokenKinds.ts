// The kinds of tokens a request is billed for: the one definition that rates, request tokens, ledger rows, reader
// rows, line orders and export columns are derived from. A new kind is added here (and priced where it applies).

/** Every kind, in the order lines and columns show them. The kinds are disjoint: a request's total is their sum. */
export const TOKEN_KINDS = ['input', 'cacheRead', 'cacheWrite', 'cacheWrite1h', 'output', 'reasoning'] as const;

export type TokenKind = (typeof TOKEN_KINDS)[number];

export interface TokenKindInfo {
  /** Whether the kind is sent (prompt side, counted against a context window) or generated. */
  readonly side: 'input' | 'output';
  /** How a line of a cost breakdown names it. */
  readonly label: string;
  /** What it is, as the team config's schema and the docs describe its rate. */
  readonly description: string;
}

export const TOKEN_KIND_INFO: { readonly [K in TokenKind]: TokenKindInfo } = {
  input: { side: 'input', label: 'input', description: 'uncached input (prompt) tokens' },
  cacheRead: { side: 'input', label: 'cache read', description: 'input tokens read from the prompt cache' },
  cacheWrite: { side: 'input', label: 'cache write', description: 'input tokens written to the prompt cache (default lifetime)' },
  cacheWrite1h: {
    side: 'input',
    label: 'cache write (1 h)',
    description: 'input tokens written to the prompt cache with a 1-hour lifetime',
  },
  output: { side: 'output', label: 'output', description: 'output tokens (reasoning too, unless it is priced apart)' },
  reasoning: { side: 'output', label: 'reasoning', description: 'reasoning tokens, where billed apart from output' },
};

/** The kinds sent to the model: what a context window holds and what price tiers are measured by. */
export const INPUT_TOKEN_KINDS: readonly TokenKind[] = TOKEN_KINDS.filter((kind) => TOKEN_KIND_INFO[kind].side === 'input');

/** A request's tokens by kind. Cache reads and writes are not part of `input`; reasoning is not part of `output`. */
export type TokenCounts = { readonly [K in TokenKind]: number };

/** USD per million tokens by kind; an absent rate is unknown, never $0. */
export type TokenRates = { readonly [K in TokenKind]?: number };

export const NO_TOKENS: TokenCounts = Object.freeze(zeroTokens());

/** A fresh, writable count of zero of every kind. */
export function zeroTokens(): { -readonly [K in TokenKind]: number } {
  return { input: 0, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, output: 0, reasoning: 0 };
}

/** Adds `added` into `sum` kind by kind. */
export function addTokens(sum: { -readonly [K in TokenKind]: number }, added: Partial<TokenCounts>): void {
  for (const kind of TOKEN_KINDS) sum[kind] += added[kind] ?? 0;
}

export function totalTokens(tokens: Partial<TokenCounts>): number {
  let total = 0;
  for (const kind of TOKEN_KINDS) total += tokens[kind] ?? 0;
  return total;
}

/** The tokens sent (every input kind). */
export function inputTokens(tokens: Partial<TokenCounts>): number {
  let total = 0;
  for (const kind of INPUT_TOKEN_KINDS) total += tokens[kind] ?? 0;
  return total;
}
