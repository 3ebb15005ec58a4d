// The vscode-free core: the extension, the command line and the tests stand on this.
export { countWith, loadEncoder, type EncodingName } from './counting/encodings';
export { CountTimeoutError, WorkerTokenCounter } from './counting/workerTokenCounter';
export { countTexts, utf8Size, type CountLimits, type CountOutcome, type CountScope, type TextCounter } from './counting/countTexts';
export { escapeMarkdown, formatBytes, formatCount, formatTokens, plainLabel, plainNotification } from './text/format';
export * from './models';
export { countEncodings, type EncodingCounts } from './counting/countEncodings';
export { extractFileReferences, linkedPaths, type LinkedPath, type FileReference } from './context/promptReferences';
export {
  DEFAULT_PROMPT_FILES,
  describeContextLeftOut,
  promptFileMatcher,
  promptPatternIssue,
  type ContextLeftOut,
  type PromptDocument,
  type PromptFileMatcher,
} from './context/promptDocuments';
export { decodePromptText, looksBinary } from './context/fileContent';
export { OUTSIDE_WORKSPACE, insideFolders, isInsideFolder, realPath } from './context/workspaceBounds';
export * from './input';
export { ENCODING_NAMES, loadEngine, loadRankData } from './counting/encodings';
export { CountingEngine } from './counting/countingEngine';
export { IncrementalCount, type TextEdit } from './counting/incrementalCount';
export { DocumentCounter } from './counting/documentCounter';
export { ResyncNeededError } from './counting/workerTokenCounter';
export * from './spend';
export * from './readers';
export * from './allowances';
export * from './config';
export * from './settings';
export * from './tokens';
export * from './calendar';
