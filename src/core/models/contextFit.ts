// Does a prompt fit a model? Prompt + context + expected output against the context window, and the expected
// output against the maximum output length.
import { formatCount } from '../text/format';
import { modelTokens, tokenizerFor, type TokenizerSpec, type TokenRange } from './tokenizers';
import type { TokenizerFactors } from './tokenizerFactors';

/**
 * `fits`: within the limit even at the high estimate; `may-exceed`: within it at the expected count but not at the high
 * estimate; `opt-in`: over the standard window but within a longer one the provider offers on request (a beta header,
 * a long-context mode), whose tier the price then uses; `exceeds`: over it at the expected count; `unknown`: the limit
 * is not known.
 */
export type FitStatus = 'fits' | 'may-exceed' | 'opt-in' | 'exceeds' | 'unknown';

export interface LimitCheck {
  readonly status: FitStatus;
  readonly tokens: TokenRange;
  readonly limit: number | undefined;
  /** Tokens over the limit at the expected count (0 when within it, undefined when the limit is unknown). */
  readonly overBy: number | undefined;
}

export interface ContextFit {
  /** The worst of the two checks; `unknown` only when the context window is unknown and nothing exceeds. */
  readonly status: FitStatus;
  /** Prompt + context + expected output + reasoning against the context window. */
  readonly window: LimitCheck;
  /** Expected output + reasoning against the maximum output length. */
  readonly output: LimitCheck;
  /** What does not fit, in words (empty when everything fits or is unknown). */
  readonly problems: readonly string[];
}

export interface ContextFitInput {
  /** Counted with the model's tokenizer (the o200k_base count when the tokenizer is an estimate). */
  readonly promptTokens: number;
  readonly contextTokens?: number;
  /** In model tokens. */
  readonly expectedOutputTokens: number;
  readonly reasoningTokens?: number;
}

export interface FitModel {
  readonly id: string;
  readonly contextWindow?: number;
  readonly maxOutputTokens?: number;
  /** A longer window the provider offers on request, and how to ask for it. */
  readonly extendedContextWindow?: number;
  readonly extendedContextNote?: string;
}

const RANK: Readonly<Record<FitStatus, number>> = { fits: 0, unknown: 1, 'may-exceed': 2, 'opt-in': 3, exceeds: 4 };

export function checkContextFit(
  model: FitModel,
  input: ContextFitInput,
  options: { readonly tokenizer?: TokenizerSpec; readonly factors?: TokenizerFactors } = {},
): ContextFit {
  const tokenizer = options.tokenizer ?? tokenizerFor(model.id, options.factors);
  const inputTokens = modelTokens(input.promptTokens + (input.contextTokens ?? 0), tokenizer);
  const generated = input.expectedOutputTokens + (input.reasoningTokens ?? 0);
  const total: TokenRange = {
    low: inputTokens.low + generated,
    expected: inputTokens.expected + generated,
    high: inputTokens.high + generated,
  };
  const standard = check(total, model.contextWindow);
  const extended = model.extendedContextWindow;
  const optIn = standard.status !== 'fits' && standard.status !== 'unknown' && extended !== undefined && total.high <= extended;
  const window: LimitCheck = optIn ? { ...standard, status: 'opt-in' } : standard;
  const output = check({ low: generated, expected: generated, high: generated }, model.maxOutputTokens);

  const problems: string[] = [];
  const n = formatCount;
  const all = 'Prompt, context and expected output';
  const windowTokens = `${n(model.contextWindow ?? 0)}-token`;
  if (window.status === 'opt-in') {
    problems.push(
      `${all} (${n(total.expected)} tokens) pass the ${windowTokens} window; they fit the ${n(extended ?? 0)}-token window ` +
        `${model.extendedContextNote ?? 'the provider offers on request'}, priced at its long-context rate.`,
    );
  } else if (window.status === 'exceeds') {
    problems.push(`${all} (${n(total.expected)} tokens) exceed the ${windowTokens} context window by ${n(window.overBy ?? 0)}.`);
  } else if (window.status === 'may-exceed') {
    problems.push(`${all} may exceed the ${windowTokens} context window (up to ${n(total.high)} tokens by the high estimate).`);
  }
  if (output.status === 'exceeds') {
    problems.push(
      `Expected output (${n(generated)} tokens) exceeds the ${n(model.maxOutputTokens ?? 0)}-token output limit by ${n(output.overBy ?? 0)}.`,
    );
  }

  let status: FitStatus = RANK[window.status] >= RANK[output.status] ? window.status : output.status;
  // An unknown output limit alone does not make a prompt that fits the window "unknown".
  if (window.status === 'fits' && output.status === 'unknown') status = 'fits';
  return { status, window, output, problems };
}

function check(tokens: TokenRange, limit: number | undefined): LimitCheck {
  if (limit === undefined) return { status: 'unknown', tokens, limit, overBy: undefined };
  const overBy = Math.max(0, tokens.expected - limit);
  const status: FitStatus = tokens.expected > limit ? 'exceeds' : tokens.high > limit ? 'may-exceed' : 'fits';
  return { status, tokens, limit, overBy };
}
