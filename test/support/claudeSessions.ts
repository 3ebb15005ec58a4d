// Synthetic Claude Code sessions whose prompts grow by a known factor of the o200k_base count of the text added:
// what the calibration must find back. Built from the log lines' documented shapes; no real session is copied.
import { loadEngine } from '../../src/core/counting/encodings';
import { random, text } from './syntheticText';

const engine = loadEngine('o200k_base');
export const o200k = (texts: readonly string[]): number => texts.reduce((sum, text) => sum + engine.count(text), 0);

export interface Session {
  readonly lines: Record<string, unknown>[];
}

/**
 * A Claude Code session whose prompt grows by `factor` × o200k_base(text added) + 6 each turn. `images` turns add an
 * image (1,500 tokens, no text), `thinking` turns think, `odd` turns grow by 3× (a reminder the log did not hold).
 */
export function session(
  factor: number,
  turns: number,
  seed: number,
  extras: { images?: number; thinking?: number; odd?: number } = {},
): Session {
  const next = random(seed);
  const lines: Record<string, unknown>[] = [{ type: 'user', message: { role: 'user', content: text(next, 30) } }];
  let prompt = 12_000; // the system prompt and tools
  for (let turn = 0; turn < turns; turn++) {
    const id = `msg_${seed}_${turn}`;
    const split = Math.floor(prompt * 0.8);
    const usage = { input_tokens: prompt - split - 10, cache_read_input_tokens: split, cache_creation_input_tokens: 10, output_tokens: 50 };
    const answer = text(next, 5 + Math.floor(next() * 80));
    const call = { name: 'Read', input: { file_path: `/src/file${turn}.ts` } };
    const thinking = turn % 17 === 3 && (extras.thinking ?? 0) > 0;
    const blocks: Record<string, unknown>[] = [
      ...(thinking ? [{ type: 'thinking', thinking: text(next, 40), signature: 'sig' }] : []),
      { type: 'text', text: answer },
      { type: 'tool_use', id: `tool_${turn}`, name: call.name, input: call.input },
    ];
    // Streamed: one line per content block, the same message and usage on each.
    for (const block of blocks) {
      lines.push({ type: 'assistant', message: { id, model: 'claude-sonnet-4-5', role: 'assistant', content: [block], usage } });
    }
    const result = text(next, 20 + Math.floor(next() * 300));
    const image = turn % 13 === 5 && (extras.images ?? 0) > 0;
    lines.push({
      type: 'user',
      message: {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: `tool_${turn}`,
            content: image
              ? [
                  { type: 'text', text: result },
                  { type: 'image', source: { type: 'base64', data: 'iVBOR' } },
                ]
              : result,
          },
        ],
      },
    });
    const added = o200k([answer, JSON.stringify(call), result]);
    let growth = Math.round(factor * added) + 6 + (image ? 1_500 : 0) + (thinking ? 400 : 0);
    if (turn % 29 === 7 && (extras.odd ?? 0) > 0) growth *= 3;
    prompt += growth;
  }
  lines.push({
    type: 'assistant',
    message: {
      id: `msg_${seed}_end`,
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'done' }],
      usage: { input_tokens: prompt, output_tokens: 1 },
    },
  });
  return { lines };
}
