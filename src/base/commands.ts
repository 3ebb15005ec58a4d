/** Every command Tokenwise contributes; ids match package.json. */
export const Commands = {
  showTokenCountDetails: 'tokenwise.showTokenCountDetails',
  selectModel: 'tokenwise.selectModel',
  compareModels: 'tokenwise.compareModels',
  addToContext: 'tokenwise.addToContext',
  removeFromContext: 'tokenwise.removeFromContext',
  clearContext: 'tokenwise.clearContext',
  recordPromptAsSent: 'tokenwise.recordPromptAsSent',
  copyPromptAndRecord: 'tokenwise.copyPromptAndRecord',
  undoRecord: 'tokenwise.undoRecord',
  rescanUsage: 'tokenwise.rescanUsage',
  configureUsageSources: 'tokenwise.configureUsageSources',
  exportSpend: 'tokenwise.exportSpend',
  syncTeamConfig: 'tokenwise.syncTeamConfig',
  updatePrices: 'tokenwise.updatePrices',
  countWithProvider: 'tokenwise.countWithProvider',
  forgetProviderKeys: 'tokenwise.forgetProviderKeys',
} as const;
