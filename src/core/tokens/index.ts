export {
  INPUT_TOKEN_KINDS,
  NO_TOKENS,
  TOKEN_KINDS,
  TOKEN_KIND_INFO,
  addTokens,
  inputTokens,
  totalTokens,
  zeroTokens,
  type TokenCounts,
  type TokenKind,
  type TokenKindInfo,
  type TokenRates,
} from './tokenKinds';
