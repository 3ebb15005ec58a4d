// Calibrating Claude's tokenizer factor from Claude Code's own logs: synthetic sessions whose prompts grow by a known
// factor times the o200k_base count of the text added (plus the message format's few tokens a turn) must give that
// factor back within 2 %, with tool results, images, thinking, cache hits and a few odd turns in them.
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calibratedFactors, calibrateFromLogs, checkCalibration, emptyCalibration } from '../../src/core/calibration/calibrate';
import { configuredEstimateSettings } from '../../src/core/config/configInForce';
import { mergeConfig, teamConfigLayer } from '../../src/core/config';
import { describeTokenizer } from '../../src/core/models/format';
import { defaultTokenizerFactors } from '../../src/core/models/tokenizerFactors';
import { tokenizerFor } from '../../src/core/models/tokenizers';
import { fitFactor, type FactorPoint } from '../../src/core/calibration/factorFit';
import { ClaudeCodeGrowthTracker } from '../../src/core/calibration/claudeCodeGrowth';
import type { PromptGrowth } from '../../src/core/calibration/promptGrowth';
import { o200k, session } from '../support/claudeSessions';

function growths(lines: readonly Record<string, unknown>[]): PromptGrowth[] {
  const tracker = new ClaudeCodeGrowthTracker();
  return lines.map((line) => tracker.line(line)).filter((growth): growth is PromptGrowth => growth !== undefined);
}

const points = (found: readonly PromptGrowth[]): FactorPoint[] =>
  found.map((growth) => ({ base: growth.countedTokens + o200k(growth.texts), provider: growth.providerTokens }));

describe('calibration from Claude Code logs', () => {
  for (const factor of [1.2, 1.41]) {
    it(`recovers a factor of ${factor} within 2 % from plain sessions`, () => {
      const fit = fitFactor(points([1, 2, 3].flatMap((seed) => growths(session(factor, 120, seed).lines))));
      assert.ok(fit, 'a fit');
      assert.ok(Math.abs(fit.factor / factor - 1) < 0.02, `fitted ${fit.factor}`);
      assert.ok(fit.low <= fit.factor && fit.factor <= fit.high && fit.high - fit.low < 0.1, `${fit.low}–${fit.high}`);
    });
  }

  it('is not moved more than 2 % by images, thinking, cache hits and odd turns', () => {
    const found = [4, 5, 6].flatMap((seed) => growths(session(1.31, 150, seed, { images: 1, thinking: 1, odd: 1 }).lines));
    const fit = fitFactor(points(found));
    assert.ok(fit && Math.abs(fit.factor / 1.31 - 1) < 0.02, `fitted ${fit?.factor}`);
    // The turns with an image or thinking are left out; the odd ones are in, and outvoted.
    const left = Array.from({ length: 150 }, (_, turn) => turn).filter((turn) => turn % 13 === 5 || turn % 17 === 3).length;
    assert.equal(found.length, 3 * (150 - left));
  });

  it('takes a response streamed over several lines once, skips side chains, and starts over after a compaction', () => {
    const assistant = (id: string, prompt: number, extra: Record<string, unknown> = {}) => ({
      type: 'assistant',
      ...extra,
      message: {
        id,
        model: 'claude-sonnet-4-5',
        content: [{ type: 'text', text: 'x' }],
        usage: { input_tokens: prompt, output_tokens: 1 },
      },
    });
    const found = growths([
      assistant('a', 1_000),
      assistant('a', 1_000),
      { type: 'user', isSidechain: true, message: { role: 'user', content: 'a subagent prompt' } },
      assistant('side', 99_000, { isSidechain: true }),
      { type: 'user', message: { role: 'user', content: 'next question' } },
      assistant('b', 1_100),
      { type: 'system', subtype: 'compact_boundary' },
      assistant('c', 400),
      { type: 'user', message: { role: 'user', content: 'after the summary' } },
      assistant('d', 450),
      { ...assistant('e', 700), message: { ...assistant('e', 700).message, model: 'claude-opus-4-5' } },
    ]);
    assert.deepEqual(
      found.map((growth) => [growth.providerTokens, growth.texts]),
      [
        [100, ['x', 'x', 'next question']],
        [50, ['x', 'after the summary']],
      ],
    );
  });

  it('gives no fit from fewer than 30 pairs', () => {
    assert.equal(fitFactor(points(growths(session(1.2, 20, 9).lines))), undefined);
  });
});

describe('calibration passes over Claude Code log files', () => {
  const counter = { count: async (texts: readonly string[]) => o200k(texts) };
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tokenwise-calibration-'));
    mkdirSync(join(root, '-home-dev-shop'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads each file from where it stopped, keeps only numbers, and gives the factor with what it stands on', async () => {
    const lines = session(1.31, 200, 11).lines.map((line) => ({ ...line, sessionId: 's11', timestamp: '2026-11-20T10:00:00Z' }));
    const file = join(root, '-home-dev-shop', 's11.jsonl');
    const half = Math.floor(lines.length / 2) + 1; // in the middle of a response's lines
    writeFileSync(
      file,
      lines
        .slice(0, half)
        .map((line) => JSON.stringify(line) + '\n')
        .join(''),
    );
    const { state: first } = await calibrateFromLogs({ 'claude-code': [root] }, emptyCalibration(), counter);
    appendFileSync(
      file,
      lines
        .slice(half)
        .map((line) => JSON.stringify(line) + '\n')
        .join(''),
    );
    const { state: second } = await calibrateFromLogs({ 'claude-code': [root] }, first, counter);
    const { state: whole } = await calibrateFromLogs({ 'claude-code': [root] }, emptyCalibration(), counter);
    assert.deepEqual(second.points, whole.points, 'two passes give the pairs one pass gives');
    assert.equal(second.points.claude?.length, 200);
    assert.ok(!JSON.stringify(second).includes('configuration'), 'no text of the logs is kept');
    const factor = calibratedFactors(second, defaultTokenizerFactors).claude;
    assert.ok(factor && Math.abs(factor.factor / 1.31 - 1) < 0.02, `fitted ${factor?.factor}`);
    assert.equal(factor.calibratedOn, 200);
    assert.match(factor.basis, /^calibrated on 200 of your requests: ×1\.3\d \(1\.\d\d–1\.\d\d\)/);
    // Nothing new: nothing counted again.
    assert.deepEqual((await calibrateFromLogs({ 'claude-code': [root] }, second, counter)).state, second);
  });

  it('keeps a file it could not count at its earlier cursor, without its pairs, and goes on with the others', async () => {
    const file = (name: string) => join(root, '-home-dev-shop', `${name}.jsonl`);
    const jsonLines = (name: string, lines: readonly Record<string, unknown>[]) =>
      lines.map((line) => `${JSON.stringify({ ...line, sessionId: name })}\n`).join('');
    writeFileSync(file('good'), jsonLines('good', session(1.2, 40, 31).lines));
    writeFileSync(file('bad'), jsonLines('bad', session(1.2, 40, 32).lines));
    const { state } = await calibrateFromLogs({ 'claude-code': [root] }, emptyCalibration(), counter);
    assert.equal(state.points.claude?.length, 80);
    // One more turn in each; the counting worker fails on the text of the one in "bad" (a timeout, say).
    const turn = (question: string) => [
      { type: 'user', message: { role: 'user', content: question } },
      {
        type: 'assistant',
        message: {
          id: 'late',
          model: 'claude-sonnet-4-5',
          content: [{ type: 'text', text: 'ok' }],
          usage: { input_tokens: 999_999, output_tokens: 1 },
        },
      },
    ];
    appendFileSync(file('good'), jsonLines('good', turn('one more question')));
    appendFileSync(file('bad'), jsonLines('bad', turn('count me not')));
    const failing = {
      count: async (texts: readonly string[]) => {
        if (texts.some((text) => text.includes('count me not'))) throw new Error('count timed out');
        return o200k(texts);
      },
    };
    const after = await calibrateFromLogs({ 'claude-code': [root] }, state, failing);
    assert.equal(after.state.points.claude?.length, 81, "good's new pair is in, bad's is not");
    assert.deepEqual(after.state.files[file('bad')], state.files[file('bad')]);
    assert.match(after.stats.skipped[0]?.reason ?? '', /count timed out/);
  });

  it('shows a calibrated factor in the estimate, and keeps a factor the team pinned', () => {
    const calibrated = {
      claude: { label: 'Claude 3 to 4.6', factor: 1.31, low: 1.28, high: 1.34, basis: 'calibrated', calibratedOn: 1_240 },
    };
    const merged = mergeConfig([]);
    const settings = configuredEstimateSettings(merged, calibrated);
    assert.equal(
      describeTokenizer(tokenizerFor('claude-sonnet-4-5', settings.factors)),
      '≈ calibrated on 1,240 of your requests (Claude 3 to 4.6): ×1.31 (1.28–1.34) of the o200k_base count',
    );
    const pinned = mergeConfig([
      teamConfigLayer(
        { tokenizerFactors: { claude: { factor: 1.25, low: 1.2, high: 1.3, label: 'Claude, our measurement' } } },
        'team.json',
      ),
    ]);
    assert.equal(configuredEstimateSettings(pinned, calibrated).factors?.claude?.factor, 1.25);
  });

  it('keeps the pairs of a stored calibration that are pairs, and starts over from anything else', () => {
    assert.deepEqual(
      checkCalibration({
        version: 1,
        files: {},
        points: {
          claude: [
            [10, 13],
            [-1, 2],
            ['x', 1],
            [5, 6, 7],
          ],
        },
      }).points,
      {
        claude: [[10, 13]],
      },
    );
    assert.deepEqual(checkCalibration({ version: 2 }), emptyCalibration());
    assert.deepEqual(checkCalibration(null), emptyCalibration());
  });
});
