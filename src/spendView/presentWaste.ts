// "Where it was wasted", in words: each figure with the one line that says how it was worked out.
import { formatCount, formatUsd, plural, sourceDisplayName, type CatalogModel, type RepricedSpend, type WasteReport } from '../core';
import type { WasteView } from '../webview/spend/protocol';

const percent = (share: number | undefined) => (share === undefined ? '—' : `${Math.round(share * 100)}%`);
const money = (usd: number) => (usd === 0 ? '$0' : formatUsd(usd));

function describeRepriced(repriced: RepricedSpend): string {
  const { model, low, expected, high, actualUsd, requests, leftOut } = repriced;
  const span = repriced.estimate ? ` (${money(low)}–${money(high)}: the two tokenizers count the same text differently)` : '';
  const difference =
    expected < actualUsd
      ? `${Math.round((1 - expected / actualUsd) * 100)}% less than`
      : `${Math.round((expected / actualUsd - 1) * 100)}% more than`;
  const change = actualUsd > 0 ? `, ${difference} the ${money(actualUsd)} it cost` : '';
  const left = leftOut > 0 ? ` ${plural(leftOut, 'request')} without a known cost left out.` : '';
  return `${plural(requests, 'request')} on ${model.name}: ${repriced.estimate ? '≈' : ''}${money(expected)}${span}${change}.${left}`;
}

export function presentWaste(
  waste: WasteReport,
  models: readonly CatalogModel[],
  repriceModel: string | undefined,
  repriced: RepricedSpend | undefined,
): WasteView {
  const { cache } = waste;
  const resent = waste.runaway.reduce((sum, session) => sum + session.resentUsd, 0);
  const lines = [
    {
      title: 'Input served from the cache',
      value: percent(cache.servedFromCache),
      basis: `${formatCount(cache.cacheReadTokens)} of ${formatCount(cache.inputTokens)} input tokens were cache reads.`,
    },
    {
      title: 'Saved by cache reads',
      value: money(cache.savedUsd),
      basis: 'Cache reads priced at the input rate, less what they cost at the cache-read rate.',
    },
    {
      title: 'Cache writes never read',
      value: money(cache.unreadWrites.usd),
      basis:
        `${formatCount(cache.unreadWrites.tokens)} tokens in ${formatCount(cache.unreadWrites.requests)} writes ` +
        'that no later request of the session read within their lifetime (5 minutes, or 1 hour).',
    },
    {
      title: 'Context sent again in growing sessions',
      value: money(resent),
      basis:
        `${formatCount(waste.runaway.length)} sessions whose input per request at least doubled; ` +
        "each request's input up to the previous one's size, at its input rates.",
    },
    {
      title: 'Failed and retried requests',
      value: '—',
      basis: 'The agents’ logs read here do not record failed requests.',
    },
  ];
  const sessions = [
    ...waste.runaway.slice(0, 3).map((session) => ({
      title: `${sourceDisplayName(session.source)} · growing context`,
      detail:
        `${formatCount(session.requests)} requests, input ${formatCount(session.firstInput)} → ${formatCount(session.lastInput)} tokens; ` +
        `${money(session.resentUsd)} re-sent.`,
    })),
    ...waste.cacheBySession
      .filter((session) => session.unreadWrites.usd > 0)
      .slice(0, 3)
      .map((session) => ({
        title: `${sourceDisplayName(session.source)} · cache writes never read`,
        detail:
          `${money(session.unreadWrites.usd)} in ${formatCount(session.unreadWrites.requests)} writes; ` +
          `${percent(session.servedFromCache)} of input from the cache.`,
      })),
  ];
  const unknown =
    waste.unknownModels > 0 ? ` ${formatCount(waste.unknownModels)} requests on models without catalog prices are left out.` : '';
  if (unknown) lines[0] = { ...lines[0], basis: lines[0].basis + unknown };
  return {
    lines,
    sessions,
    repriceModels: models.map((model) => ({ id: model.id, label: `${model.name} (${model.providerName})` })),
    repriceModel,
    repriced: repriced ? describeRepriced(repriced) : undefined,
  };
}
