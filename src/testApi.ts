import type { TokenwiseApi } from './base/api';
import type { Services } from './services';

/** What `activate` returns: read-only views of the services' state, for the integration tests. */
export function testApi(services: Services): TokenwiseApi {
  const {
    activePrompt,
    allowances,
    allowanceStatusBar,
    comparison,
    documents,
    ingest,
    ledger,
    promptContext,
    settingWarnings,
    spend,
    spendView,
    statusBar,
    team,
  } = services;
  return {
    spendView: () => spendView.model(),
    allowances: () => ({
      statusBar: allowanceStatusBar.text,
      team: {
        source: team.current.source,
        error: team.current.error,
        notApplied: team.current.notApplied,
        team: team.current.config?.team,
      },
      usages: allowances.usages.map((usage) => ({
        id: usage.allowance.id,
        origin: usage.allowance.origin,
        used: usage.used,
        amount: usage.amount,
        status: usage.status,
        team: usage.team && { memberUsed: usage.team.memberUsed, othersUsed: usage.team.othersUsed, asOf: usage.team.asOf?.toISOString() },
      })),
      teamLedgerProblem: services.teamLedger.current.problem,
    }),
    tokenCountStatus: () => statusBar.snapshot(),
    comparison: () => comparison.snapshot(),
    countingStats: () => ({ ...documents.stats }),
    activity: () => ({
      scans: ingest.activity.scans,
      ledgerReads: spend.activity.ledgerReads,
      contextRefreshes: promptContext.activity.refreshes,
      contextFileReads: promptContext.activity.fileReads,
      promptCounts: activePrompt.activity.counts,
    }),
    ledgerFolder: ledger.folder,
    settingWarnings: () => settingWarnings.current,
    teamConfigRefreshMs: () => team.refreshMs,
    priceData: () => services.priceData.state,
    inputRate: (model) => services.configInForce.catalog.find(model)?.rates.input,
    contextFiles: () =>
      promptContext.current.files.map((file) => ({
        path: file.label,
        origin: file.origin,
        tokens: file.count.kind === 'counted' ? file.count.counts.o200k_base : undefined,
      })),
  };
}
