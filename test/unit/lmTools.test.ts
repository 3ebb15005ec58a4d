import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RANGE_IDS } from '../../src/core';
import { TOOL_NAMES } from '../../src/lmTools/presentToolResults';
import { projectRoot } from '../support/paths';

interface ToolContribution {
  readonly name: string;
  readonly toolReferenceName?: string;
  readonly modelDescription?: string;
  readonly inputSchema?: { properties?: Record<string, { enum?: string[] }> };
}

describe('language-model tools in package.json', () => {
  const tools = (
    JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { contributes: { languageModelTools: ToolContribution[] } }
  ).contributes.languageModelTools;

  it('contributes each tool the extension registers, with a reference name, a model description and an input schema', () => {
    assert.deepEqual(tools.map((tool) => tool.name).sort(), Object.values(TOOL_NAMES).sort());
    for (const tool of tools) {
      assert.match(tool.toolReferenceName ?? '', /^tokenwise[A-Z]\w+$/, tool.name);
      assert.ok((tool.modelDescription ?? '').length > 100, `${tool.name} tells the model when to use it`);
      assert.ok(tool.inputSchema, tool.name);
    }
  });

  it("offers the spend view's ranges, the custom one aside", () => {
    const spend = tools.find((tool) => tool.name === TOOL_NAMES.spend)!;
    assert.deepEqual(
      spend.inputSchema?.properties?.range?.enum,
      RANGE_IDS.filter((id) => id !== 'custom'),
    );
  });
});
