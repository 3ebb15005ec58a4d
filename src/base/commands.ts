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
  rescanUsage: 'tokenwise.rescanUsage',
  exportSpend: 'tokenwise.exportSpend',
  syncTeamConfig: 'tokenwise.syncTeamConfig',
} as const;
