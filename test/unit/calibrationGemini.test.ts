// Calibrating Gemini's count against Gemma 3's published vocabulary from Gemini CLI's own chat recordings: synthetic
// sessions whose prompts grow by a known factor times the Gemma 3 count of the text added (plus a few tokens a turn)
// must give that factor back within 2 %, with thoughts, tool results recorded on a second record, images, rewinds,
// info messages and a few odd turns in them; the estimate then says what it stands on.
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calibratedFactors, calibrateFromLogs, emptyCalibration } from '../../src/core/calibration/calibrate';
import { fitFactor } from '../../src/core/calibration/factorFit';
import { GeminiCliGrowthTracker } from '../../src/core/calibration/geminiCliGrowth';
import type { PromptGrowth } from '../../src/core/calibration/promptGrowth';
import { configuredEstimateSettings } from '../../src/core/config/configInForce';
import { mergeConfig, teamConfigLayer } from '../../src/core/config';
import { loadEngine, type EncodingName } from '../../src/core/counting/encodings';
import { describeTokenizer } from '../../src/core/models/format';
import { defaultTokenizerFactors } from '../../src/core/models/tokenizerFactors';
import { modelTokens, tokenizerFor } from '../../src/core/models/tokenizers';
import { gemma3, geminiSession, GEMINI_MODEL, jsonl } from '../support/geminiSessions';

function growths(lines: readonly Record<string, unknown>[]): PromptGrowth[] {
  const tracker = new GeminiCliGrowthTracker();
  return lines.map((line) => tracker.line(line)).filter((growth): growth is PromptGrowth => growth !== undefined);
}

const fitOf = (found: readonly PromptGrowth[]) =>
  fitFactor(found.map((growth) => ({ base: growth.countedTokens + gemma3(growth.texts), provider: growth.providerTokens })));

describe('calibration from Gemini CLI recordings', () => {
  for (const factor of [1, 1.07]) {
    it(`recovers a factor of ${factor} within 2 % of Gemma 3's count`, () => {
      const fit = fitOf([1, 2, 3].flatMap((seed) => growths(geminiSession(factor, 120, seed))));
      assert.ok(fit, 'a fit');
      assert.ok(Math.abs(fit.factor / factor - 1) < 0.02, `fitted ${fit.factor}`);
      assert.ok(fit.low <= fit.factor && fit.factor <= fit.high && fit.high - fit.low < 0.05, `${fit.low}–${fit.high}`);
    });
  }

  it('leaves out the turns with an image and the rewound one, and is not moved more than 2 % by odd turns', () => {
    const found = [4, 5, 6].flatMap((seed) => growths(geminiSession(1.04, 150, seed, { images: true, odd: true, rewind: true })));
    const fit = fitOf(found);
    assert.ok(fit && Math.abs(fit.factor / 1.04 - 1) < 0.02, `fitted ${fit?.factor}`);
    // A pair a turn but the last (its response stays open to later records), less the images and the rewind.
    const images = Array.from({ length: 150 }, (_, turn) => turn).filter((turn) => turn % 13 === 5).length;
    assert.equal(found.length, 3 * (150 - 1 - images - 1));
  });

  it('takes the last record of a message, and starts over after a model change, a rewrite or a response without a count', () => {
    const gemini = (id: string, input: number | undefined, extra: Record<string, unknown> = {}) => ({
      id,
      type: 'gemini',
      model: GEMINI_MODEL,
      content: [{ text: `answer ${id}` }],
      ...(input === undefined ? {} : { tokens: { input, output: 1, cached: 0, total: input + 1 } }),
      ...extra,
    });
    const user = (id: string, said: string) => ({ id, type: 'user', content: said });
    const found = growths([
      user('u1', 'first question'),
      gemini('a', 1_000),
      gemini('a', 1_000, {
        toolCalls: [{ name: 'ls', args: {}, result: [{ functionResponse: { name: 'ls', response: { output: 'x' } } }] }],
      }),
      user('u2', 'second question'),
      gemini('b', 1_100),
      gemini('c', 1_200, { model: 'gemini-2.5-flash' }),
      gemini('d', 1_300, { model: 'gemini-2.5-flash' }),
      { $set: { messages: [] } },
      gemini('e', 900, { model: 'gemini-2.5-flash' }),
      gemini('f', undefined, { model: 'gemini-2.5-flash' }),
      gemini('g', 1_000, { model: 'gemini-2.5-flash' }),
      gemini('h', 1_050, { model: 'gemini-2.5-flash' }),
      gemini('end', 1_090, { model: 'gemini-2.5-flash' }),
    ]);
    assert.deepEqual(
      found.map((growth) => [growth.providerTokens, growth.texts]),
      [
        [100, ['answer a', '{"name":"ls","args":{}}', '{"name":"ls","response":{"output":"x"}}', 'second question']],
        [100, ['answer c']],
        [50, ['answer g']],
      ],
    );
  });
});

describe('calibration passes over Gemini CLI recordings', function () {
  this.timeout(20_000);
  const engines = new Map<EncodingName, ReturnType<typeof loadEngine>>();
  const engine = (encoding: EncodingName) => engines.get(encoding) ?? engines.set(encoding, loadEngine(encoding)).get(encoding)!;
  const counter = {
    count: async (texts: readonly string[], encoding: EncodingName) => texts.reduce((sum, text) => sum + engine(encoding).count(text), 0),
  };
  let root: string;
  let chats: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tokenwise-calibration-gemini-'));
    chats = join(root, 'ab12', 'chats');
    mkdirSync(chats, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads a recording from where it stopped, also between two records of one message, and calibrates Gemini', async () => {
    const lines = geminiSession(1.07, 200, 11);
    const file = join(chats, 'session-2026-11-20T10-00-s11.jsonl');
    // Stop between a response's first record and the one that adds its tool call and result.
    const half = lines.findIndex((line) => line.id === 'g11_100') + 1;
    writeFileSync(file, jsonl(lines.slice(0, half)));
    writeFileSync(join(chats, 'session-2026-11-01T09-00-old.json'), JSON.stringify({ sessionId: 'old', messages: lines }));
    const { state: first } = await calibrateFromLogs({ 'gemini-cli': [root] }, emptyCalibration(), counter);
    appendFileSync(file, jsonl(lines.slice(half)));
    const { state: second } = await calibrateFromLogs({ 'gemini-cli': [root] }, first, counter);
    const { state: whole } = await calibrateFromLogs({ 'gemini-cli': [root] }, emptyCalibration(), counter);
    assert.deepEqual(second.points, whole.points, 'two passes give the pairs one pass gives');
    // A pair a turn but the last (its response stays open to later records); none from the older .json copy.
    assert.equal(second.points['gemini-on-gemma3']?.length, 199);
    assert.ok(!JSON.stringify(second).includes('configuration'), 'no text of the recordings is kept');
    assert.deepEqual((await calibrateFromLogs({ 'gemini-cli': [root] }, second, counter)).state, second, 'nothing new, nothing counted');

    const calibrated = calibratedFactors(second, defaultTokenizerFactors);
    const factor = calibrated['gemini-on-gemma3'];
    assert.ok(factor && Math.abs(factor.factor / 1.07 - 1) < 0.02, `fitted ${factor?.factor}`);
    const spec = tokenizerFor(GEMINI_MODEL, configuredEstimateSettings(mergeConfig([]), calibrated).factors);
    assert.match(
      describeTokenizer(spec),
      /^≈ calibrated on 199 of your requests: ×1\.0\d \(1\.0\d–1\.\d\d\) of Gemma 3's published vocabulary count$/,
    );
    const pinned = mergeConfig([
      teamConfigLayer({ tokenizerFactors: { 'gemini-on-gemma3': { factor: 1.01, low: 1, high: 1.02 } } }, 'team.json'),
    ]);
    assert.equal(modelTokens(1_000, tokenizerFor(GEMINI_MODEL, configuredEstimateSettings(pinned, calibrated).factors)).expected, 1_010);
    const tokens = modelTokens(1_000, spec);
    assert.equal(tokens.expected, Math.round(1_000 * factor.factor));
    assert.ok(tokens.low <= tokens.expected && tokens.expected <= tokens.high && tokens.high - tokens.low < 60, JSON.stringify(tokens));
  });

  it('keeps the published range for Gemini until the recordings give enough pairs', () => {
    const spec = tokenizerFor(GEMINI_MODEL);
    assert.equal(describeTokenizer(spec), "≈ Gemma 3's published vocabulary, not stated to be this model's: ×0.97–1.03 of its count");
    assert.deepEqual(modelTokens(1_000, spec), { low: 970, expected: 1_000, high: 1_030 });
  });
});
