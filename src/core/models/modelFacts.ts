// What a model is, beside its prices: its kind (can it answer a prompt?), its status (current, legacy, deprecated,
// retired), its family and generation, and a display name. Derived from the price data by the rules below, then
// corrected by the hand-kept overlay (modelFactsOverlay.ts), which names a source for every entry.
import { factsOverlay, type FactsOverlayEntry } from './modelFactsOverlay';

/** What a model does. Only `ANSWERING_KINDS` answer a text prompt with text. */
export type ModelKind = 'chat' | 'reasoning' | 'code' | 'search' | 'embedding' | 'image' | 'audio' | 'moderation' | 'computer-use';

/** Kinds whose output is a text answer to a prompt: the ones a prompt can be priced on. */
export const ANSWERING_KINDS: ReadonlySet<ModelKind> = new Set(['chat', 'reasoning', 'code', 'search']);

export const KIND_LABELS: Readonly<Record<ModelKind, string>> = {
  chat: 'chat',
  reasoning: 'reasoning',
  code: 'coding',
  search: 'search',
  embedding: 'embedding',
  image: 'image generation',
  audio: 'speech and audio',
  moderation: 'moderation',
  'computer-use': 'computer use',
};

/**
 * `current`: offered and not superseded; `legacy`: a newer generation of its family is offered; `deprecated`: the
 * provider has announced its end; `retired`: requests to it fail.
 */
export type ModelStatus = 'current' | 'legacy' | 'deprecated' | 'retired';

/** Whether the model bills reasoning ("thinking") tokens: always, when asked to, or never. */
export type ReasoningMode = 'always' | 'optional' | 'none';

export interface ModelFacts {
  readonly kind: ModelKind;
  readonly status: ModelStatus;
  /** `YYYY-MM-DD`: when it was (or will be) retired, or deprecated, where known. */
  readonly statusDate?: string;
  readonly reasoning: ReasoningMode;
  /** The model line within its provider, e.g. `claude-opus`, `gpt-mini`, `gemini-flash-lite`. */
  readonly family: string;
  /** The line's broader series (`claude`, `gpt`, `o`, `gemini`), for "how far behind the newest" checks. */
  readonly series: string;
  /** The generation within the family, e.g. 4.5 for Claude Opus 4.5; undefined when the id names none. */
  readonly generation?: number;
  /** `YYYY-MM` (or a full date) of release, where the data or the overlay has it. */
  readonly released?: string;
  /** A preview or experimental model. */
  readonly preview: boolean;
  /** A moving name (`-latest`) or a fine-tune's price: it stands for other models, so it is not offered by default. */
  readonly alias: boolean;
  /** Where the overlay's corrections come from. */
  readonly source?: string;
}

/** The facts the rules derive from one model's id and name, before the catalog-wide legacy check. */
export interface ModelIdentity {
  readonly provider: string;
  readonly id: string;
  readonly name: string;
  readonly deprecated?: boolean;
}

const KIND_RULES: readonly (readonly [RegExp, ModelKind])[] = [
  [/moderation|safeguard/, 'moderation'],
  [/embed/, 'embedding'],
  [/tts|transcribe|whisper|audio|realtime|(^|-)live(-|$)|voxtral|voice/, 'audio'],
  [/image|dall-e|imagen|omni-flash/, 'image'],
  [/computer-use/, 'computer-use'],
  [/sonar|search|deep-research/, 'search'],
  [/codex|codestral|devstral|code-fast|grok-build|-code(-|$)/, 'code'],
];

/** Always reasoning: the o-series, GPT-5 and later (but the chat variants), Grok 4, DeepSeek R1 and V4, thinking models. */
const ALWAYS_REASONING = new RegExp(
  [
    ...[String.raw`^o\d`, 'reasoner', '(^|-)reasoning', 'thinking', 'magistral', '(^|-)r1(-|$)'],
    ...['^gpt-[56]', '^grok-4', '^grok-3-mini', '^deepseek-v4', String.raw`^gemini-(2\.5|3)`, '^kimi-k3', '^glm-5', '^minimax-m[23]'],
  ].join('|'),
);
const NOT_REASONING = /non-reasoning|chat|^gpt-5\.3$|instant|flash-lite/;
/**
 * GPT-5.1 and later default to `reasoning.effort: none` (OpenAI's API reference, ReasoningEffort: "gpt-5.1 defaults to
 * none… All models before gpt-5.1 default to medium"); their pro and codex variants still always reason.
 */
const DEFAULTS_TO_NO_REASONING = /^gpt-(5[-.][1-9]|6)/;
/** Models that think when asked to (extended thinking, thinking budgets). */
const OPTIONAL_REASONING =
  /^claude-(3-7|opus|sonnet|haiku-4|fable)|^gemini-.*flash-lite|^gemini-2\.5|^grok-4-1-fast-non|^deepseek-v3\.[12]/;

/** Snapshot and pointer suffixes that do not change what the model is. */
const SNAPSHOT_SUFFIX = /(-\d{8}|-\d{4}-\d{2}-\d{2}|-\d{3}|:[a-z]+|-latest|-preview(-\d\d-\d\d)?|-exp|-instruct|-it|-maas)$/;
const PREVIEW = /preview|-exp($|-)|experimental/;
const ALIAS = /-latest$|^ft:|\.ft-/;
/** Parts of an id that say how the model is served, not what it is. */
const NOISE = /^(instruct|it|maas|latest|preview|exp)$/;
/** A `yymm` snapshot (Mistral's `-2512`, xAI's `-0709`…), read as a release month. */
const YYMM = /^(2[3-9])(0[1-9]|1[0-2])$/;
const SIZE = /^(\d+(\.\d+)?[bkm]|a\d+b|\d+x\d+b)$/;

function kindOf(id: string): ModelKind {
  for (const [pattern, kind] of KIND_RULES) if (pattern.test(id)) return kind;
  return reasoningOf(id) === 'always' ? 'reasoning' : 'chat';
}

function reasoningOf(id: string): ReasoningMode {
  if (DEFAULTS_TO_NO_REASONING.test(id) && !/pro|codex/.test(id)) return 'optional';
  if (ALWAYS_REASONING.test(id) && !NOT_REASONING.test(id)) return 'always';
  return OPTIONAL_REASONING.test(id) ? 'optional' : 'none';
}

interface Lineage {
  readonly family: string;
  readonly series: string;
  readonly generation?: number;
  readonly released?: string;
}

/**
 * Family and generation from the id's parts: a number part is the generation (a following single digit is its minor:
 * `claude-opus-4-5` → 4.5, `grok-4-1-fast` → 4.1), a letter-prefixed number too (`o3`, `k2.5`, `v3.2`, `m2.7`); size
 * parts (`14b`) and snapshot dates are dropped (a `yymm` part becomes the release month). The rest is the family.
 */
export function lineageOf(id: string, name: string): Lineage {
  let base = id.toLowerCase();
  while (SNAPSHOT_SUFFIX.test(base)) base = base.replace(SNAPSHOT_SUFFIX, '');
  const parts = base.split('-');
  const family: string[] = [];
  let generation: number | undefined;
  let released: string | undefined;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const yymm = YYMM.exec(part);
    if (yymm && i > 0) {
      released = `20${yymm[1]}-${yymm[2]}`;
      continue;
    }
    if (i > 0 && (SIZE.test(part) || NOISE.test(part) || (generation !== undefined && /^\d{4}$/.test(part)))) continue;
    const version = /^([a-z]?)(\d+(?:\.\d+)?)(o?)$/.exec(part);
    if (version && generation === undefined && !(version[1] === '' && i === 0)) {
      let text = version[2];
      if (!text.includes('.') && /^\d$/.test(parts[i + 1] ?? '')) text = `${text}.${parts[++i]}`;
      generation = Number(text);
      if (version[1]) family.push(version[1]);
      continue;
    }
    family.push(part);
  }
  // An id without a generation may carry it in its name ("Mistral Small 4", "Devstral 2 2512").
  generation ??= generationInName(name);
  const joined = family.join('-') || base;
  return { family: joined, series: family[0] ?? joined, generation, released };
}

function generationInName(name: string): number | undefined {
  for (const word of name.split(/\s+/).slice(1)) {
    if (/^\d+(\.\d)?$/.test(word) && !/^\d{4}$/.test(word)) return Number(word);
  }
  return undefined;
}

/** The facts of one model before the catalog-wide legacy check, with the overlay applied. */
export function modelFacts(model: ModelIdentity, overlay: Readonly<Record<string, FactsOverlayEntry>> = factsOverlay): ModelFacts {
  const id = model.id.toLowerCase();
  const extra = overlay[`${model.provider}/${model.id}`];
  const lineage = lineageOf(model.id, model.name);
  const reasoning = extra?.reasoning ?? reasoningOf(id);
  return {
    kind: extra?.kind ?? kindOf(id),
    status: extra?.status ?? (model.deprecated ? 'deprecated' : 'current'),
    statusDate: extra?.statusDate,
    reasoning,
    family: extra?.family ?? lineage.family,
    series: lineage.series,
    generation: extra?.generation ?? lineage.generation,
    released: extra?.released ?? lineage.released,
    preview: PREVIEW.test(id),
    alias: extra?.alias ?? ALIAS.test(id),
    source: extra?.source,
  };
}

/** A family's models newest first: by generation, then release month (an undated one counts as older). */
export function newerFirst(a: ModelFacts, b: ModelFacts): number {
  const gen = (b.generation ?? -1) - (a.generation ?? -1);
  return gen !== 0 ? gen : (b.released ?? '').localeCompare(a.released ?? '');
}

/** A series is numbered per kind of model: Grok's coding models count apart from Grok 4. */
const seriesKey = (provider: string, facts: ModelFacts) =>
  `${provider}/${facts.series}/${facts.kind === 'reasoning' ? 'chat' : facts.kind}`;

/**
 * The catalog-wide check: a current model is `legacy` when its family has a newer current generation, or when its
 * series has moved on by more than one major generation (`gpt-4-turbo` beside GPT-6). Input order is kept.
 */
export function withLegacy<T extends { readonly provider: string; readonly facts: ModelFacts }>(models: readonly T[]): T[] {
  const newestInFamily = new Map<string, ModelFacts>();
  const newestMajor = new Map<string, number>();
  for (const model of models) {
    const { facts } = model;
    if (facts.status !== 'current' || facts.preview || facts.alias) continue;
    const family = `${model.provider}/${facts.family}`;
    const newest = newestInFamily.get(family);
    if (!newest || newerFirst(facts, newest) < 0) newestInFamily.set(family, facts);
    if (facts.generation !== undefined) {
      const series = seriesKey(model.provider, facts);
      newestMajor.set(series, Math.max(newestMajor.get(series) ?? 0, Math.floor(facts.generation)));
    }
  }
  return models.map((model) => {
    const { facts } = model;
    if (facts.status !== 'current') return model;
    const newest = newestInFamily.get(`${model.provider}/${facts.family}`);
    const major = newestMajor.get(seriesKey(model.provider, facts));
    const superseded = newest !== undefined && newest !== facts && newerFirst(facts, newest) > 0;
    const behind = facts.generation !== undefined && major !== undefined && Math.floor(facts.generation) < major - 1;
    return superseded || behind ? { ...model, facts: { ...facts, status: 'legacy' } } : model;
  });
}

const WORDS: Readonly<Record<string, string>> = { gpt: 'GPT', oss: 'OSS', glm: 'GLM', tts: 'TTS', ai: 'AI', r: 'R', v: 'V' };

/** A display name from an id: `gemini-flash-1.5-8b` → `Gemini Flash 1.5 8B`, `gpt-4o-mini` → `GPT-4o mini`. */
export function nameFromId(id: string): string {
  const fineTune = /^ft:(.*?)-?$|^(.*?)\.ft-$/.exec(id);
  if (fineTune) return `${nameFromId(fineTune[1] ?? fineTune[2])} fine-tuned`;
  const parts: string[] = [];
  // A number part followed by a single digit is one version, as in lineageOf: `claude-3-5-sonnet` → Claude 3.5 Sonnet.
  for (const part of id.split('-')) {
    const last = parts.length - 1;
    if (/^\d$/.test(part) && /^\d+$/.test(parts[last] ?? '') && last > 0) parts[last] = `${parts[last]}.${part}`;
    else if (part.length > 0) parts.push(part);
  }
  const words = parts.map((part, i) => {
    if (WORDS[part]) return WORDS[part];
    if (SIZE.test(part)) return part.toUpperCase();
    if (/^o\d/.test(part) || /^\d/.test(part)) return part;
    if (i > 0 && parts[0] === 'gpt') return part;
    return part[0].toUpperCase() + part.slice(1);
  });
  return words.join(' ').replace(/^GPT (\d)/, 'GPT-$1');
}

/**
 * The name the UI shows: the data's own when it reads as a name, else one made from the id (names that are missing,
 * all lower case, or shared with another model of the same provider).
 */
export function displayNames(models: readonly { readonly provider: string; readonly id: string; readonly name: string }[]): string[] {
  const seen = new Map<string, number>();
  for (const model of models) {
    const key = `${model.provider}/${model.name.toLowerCase()}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return models.map((model) => {
    const overlayName = factsOverlay[`${model.provider}/${model.id}`]?.name;
    if (overlayName) return overlayName;
    const shared = (seen.get(`${model.provider}/${model.name.toLowerCase()}`) ?? 0) > 1;
    const raw = model.name === model.id || model.name === model.name.toLowerCase();
    return shared || raw ? nameFromId(model.id) : model.name;
  });
}

/** Whether a prompt can be priced on the model as an answer: a chat, reasoning, coding or search model. */
export function answersPrompts(facts: ModelFacts): boolean {
  return ANSWERING_KINDS.has(facts.kind);
}

/** `legacy`, `deprecated (retires 2027-01-22)`, `retired 2025-07-21`: for tooltips and pickers; empty when current. */
export function describeStatus(facts: ModelFacts): string {
  if (facts.status === 'current') return facts.preview ? 'preview' : '';
  if (facts.status === 'retired') return `retired${facts.statusDate ? ` ${facts.statusDate}` : ''}`;
  if (facts.status === 'deprecated') return `deprecated${facts.statusDate ? ` (retires ${facts.statusDate})` : ''}`;
  return 'legacy';
}
