// Keeps the tokenizer factors calibrated from the user's Claude Code and Gemini CLI logs: after each usage scan, they are
// read from where the last pass stopped (in the core, counting in the worker) and the fitted factors replace the
// published ones in estimates (a team's pinned factor stays). The pairs are kept in the extension's storage.
import type * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';
import { serialRun } from '../base/serialRun';
import {
  calibratedFactors,
  calibrateFromLogs,
  defaultTokenizerFactors,
  emptyCalibration,
  loadCalibration,
  saveCalibration,
  type CalibrationState,
  type TextCounter,
} from '../core';
import type { UsageIngestService } from '../spend/usageIngestService';
import type { ConfigInForceService } from '../teamConfig/configInForceService';

export class CalibrationService extends Disposable {
  private state: CalibrationState;
  /** Counts resets, so a pass that began before one is dropped. */
  private generation = 0;

  constructor(
    private readonly file: string,
    private readonly ingest: UsageIngestService,
    private readonly counter: TextCounter,
    private readonly configInForce: ConfigInForceService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.state = loadCalibration(file);
    this.publish();
    this._register(ingest.onDidScan(() => void this.run()));
  }

  /** Runs a pass now, or once more after the one running. */
  readonly run = serialRun(() => this.pass());

  /** Forgets every pair: estimates go back to the published factors, and the logs are read again from the start. */
  async reset(): Promise<void> {
    this.generation++; // a pass running now does not bring the pairs back
    this.state = emptyCalibration();
    saveCalibration(this.file, this.state);
    this.publish();
  }

  private async pass(): Promise<void> {
    try {
      const generation = this.generation;
      const roots = { 'claude-code': this.ingest.rootsOf('claude-code'), 'gemini-cli': this.ingest.rootsOf('gemini-cli') };
      const { state, stats } = await calibrateFromLogs(roots, this.state, this.counter);
      for (const { file, reason } of stats.skipped) this.log.warn(`Tokenizer calibration: ${file}: ${reason}`);
      if (generation !== this.generation) return;
      this.state = state;
      saveCalibration(this.file, this.state);
      this.publish();
    } catch (error) {
      this.log.warn(`Tokenizer calibration: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private publish(): void {
    this.configInForce.setCalibratedFactors(calibratedFactors(this.state, defaultTokenizerFactors));
  }
}
