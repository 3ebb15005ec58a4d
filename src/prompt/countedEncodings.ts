import * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';
import { DEFAULT_EXTRA_ENCODINGS, encodingsFor, type EncodingName } from '../core';
import type { ConfigInForceService } from '../teamConfig/configInForceService';

/**
 * Which encodings prompts are counted in besides o200k_base: those of the models in view — the model costs are
 * shown for, and what each open view shows (the comparison's suggested models while it is open). A vocabulary is
 * loaded in the worker only when a model of its family is in view; a model whose vocabulary was not counted is
 * estimated from its family's factor meanwhile.
 */
export class CountedEncodings extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when an encoding was added: counts made before lack it. */
  readonly onDidAdd = this.changed.event;
  private readonly shown = new Map<string, readonly string[]>();
  private encodings: readonly EncodingName[];

  constructor(private readonly configInForce: ConfigInForceService) {
    super();
    this.encodings = this.compute();
    this._register(configInForce.onDidChange(() => this.update()));
  }

  get current(): readonly EncodingName[] {
    return this.encodings;
  }

  /** The models a view shows now (none once it closes). */
  show(view: string, modelIds: readonly string[]): void {
    if (modelIds.length === 0) this.shown.delete(view);
    else this.shown.set(view, modelIds);
    this.update();
  }

  private update(): void {
    const next = this.compute();
    const added = next.some((encoding) => !this.encodings.includes(encoding));
    this.encodings = next;
    if (added) this.changed.fire();
  }

  private compute(): EncodingName[] {
    const models = [this.configInForce.config.defaultModel, ...[...this.shown.values()].flat()];
    return [...new Set([...DEFAULT_EXTRA_ENCODINGS, ...encodingsFor(models)])];
  }
}
