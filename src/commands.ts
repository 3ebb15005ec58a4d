/** Every command Tokenwise contributes; ids match package.json. */
export const Commands = {
  showTokenCountDetails: 'tokenwise.showTokenCountDetails',
} as const;
