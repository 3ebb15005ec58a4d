/** What the status bar item currently shows; read by the integration tests. */
export interface StatusBarSnapshot {
  readonly visible: boolean;
  readonly text: string;
  readonly tooltip: string;
}

/** The object `activate` returns, reachable through `extensions.getExtension(...).exports`. */
export interface TokenwiseApi {
  readonly tokenCountStatus: () => StatusBarSnapshot;
}
