// How a counting engine finds the next piece. For OpenAI's encodings and the published tokenizers the pattern is the generated one, whose Unicode
// classes are code point ranges fixed at build time to the reference tokenizer's Unicode version: the runtime's own
// `\p{…}` and `\s` follow its ICU (Node and Electron differ, and differ from OpenAI's tokenizer), so counting with them
// would be exact for some code points on some runtimes only. A pattern Tokenwise does not know runs as it is.
import { CL100K_PATTERN, O200K_PATTERN } from './asciiPieces';
import { EXPLICIT_PIECE_PATTERNS, REFERENCE_PIECE_PATTERNS } from './piecePatterns.generated';

const EXPLICIT_BY_PATTERN: ReadonlyMap<string, readonly string[]> = new Map([
  ...Object.entries(REFERENCE_PIECE_PATTERNS).map(([name, pattern]) => [pattern, EXPLICIT_PIECE_PATTERNS[name]] as const),
  // js-tiktoken writes OpenAI's patterns slightly differently; they mean the same.
  [O200K_PATTERN, EXPLICIT_PIECE_PATTERNS.o200k_base],
  [CL100K_PATTERN, EXPLICIT_PIECE_PATTERNS.cl100k_base],
]);

/**
 * The pattern's alternatives in groups, each a sticky regex (the pattern matches every character, so its matches
 * tile the text). At a position the groups are tried in order and the first match is the piece, as the whole
 * alternation would give it: the spelled-out classes are long, and V8 runs a shorter source faster.
 */
export class PieceMatcher {
  private readonly groups: RegExp[];
  /** The groups' sources: the pattern with its classes spelled out where Tokenwise knows it. */
  readonly sources: readonly string[];

  constructor(patStr: string) {
    this.sources = EXPLICIT_BY_PATTERN.get(patStr) ?? [patStr];
    this.groups = this.sources.map((source) => new RegExp(source, 'guy'));
  }

  /**
   * The end of the piece that starts at `at`, or -1 when none does (a pattern that does not match everything). Each
   * regex's position is set before it runs, so one matcher serves every caller.
   */
  end(text: string, at: number): number {
    for (const group of this.groups) {
      group.lastIndex = at;
      if (group.test(text)) return group.lastIndex;
    }
    return -1;
  }
}
