import * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';
import {
  compareModels,
  estimateForModel,
  promptFileMatcher,
  type ComparisonRow,
  type ContextLeftOut,
  type PromptFileMatcher,
  type EstimateSettings,
  type ModelEstimate,
  type PriceCatalog,
  type PromptCounts,
} from '../core';
import type { ContextState, PromptContext } from '../context/promptContext';
import type { ConfigInForceService } from '../teamConfig/configInForceService';
import type { SettingsService } from '../base/settings';
import { promptDocumentOf } from '../context/promptDocument';
import type { ActivePromptCounter, PromptState } from '../prompt/activePromptCounter';

export interface MeterState {
  readonly prompt: PromptState;
  readonly context: ContextState;
  /** Prompt and context counts, once the prompt has been counted. */
  readonly counts: PromptCounts | undefined;
  /** The selected model's estimate, once the prompt has been counted. */
  readonly estimate: ModelEstimate | undefined;
  /** Context files in the count (none for a selection or a file that is not a prompt). */
  readonly contextFiles: number;
  /** Why context files there are were not added, if they were not. */
  readonly contextLeftOut: ContextLeftOut;
}

const NO_CONTEXT = { o200k_base: 0 };

/**
 * What the pending prompt costs: the active prompt's count plus its context,
 * priced on the selected model (and, on demand, on every model).
 */
export class PromptMeter extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<MeterState>());
  readonly onDidChange = this.changed.event;
  private state: MeterState;
  private isPrompt: PromptFileMatcher;

  constructor(
    private readonly activePrompt: ActivePromptCounter,
    private readonly context: PromptContext,
    private readonly configInForce: ConfigInForceService,
    settings: SettingsService,
  ) {
    super();
    this.isPrompt = promptFileMatcher(settings.current.promptFiles);
    this.state = this.compute();
    this._registerAll(
      activePrompt.onDidChange(() => this.update()),
      context.onDidChange(() => this.update()),
      configInForce.onDidChange(() => this.update()),
      settings.watch(['promptFiles'], (next) => {
        this.isPrompt = promptFileMatcher(next.promptFiles);
        this.update();
      }),
    );
  }

  get current(): MeterState {
    return this.state;
  }

  /**
   * The state once the active editor's prompt is counted and priced: at once when it is, otherwise at the next
   * change that makes it so, or after `timeoutMs` with whatever there is (a command run right after switching
   * tabs must not act on the previous prompt, nor give up while the new one is being counted).
   */
  settled(timeoutMs: number): Promise<MeterState> {
    const isSettled = (state: MeterState) => {
      const active = vscode.window.activeTextEditor?.document;
      const current = state.prompt.kind === 'none' ? undefined : state.prompt.document;
      return state.prompt.kind !== 'counting' && (active === undefined || active === current || !state.estimate);
    };
    if (isSettled(this.state)) return Promise.resolve(this.state);
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        subscription.dispose();
        resolve(this.state);
      };
      const timer = setTimeout(finish, timeoutMs);
      const subscription = this.onDidChange((state) => {
        if (isSettled(state)) finish();
      });
    });
  }

  /** The catalog in force: the bundled prices with the team's negotiated ones. */
  get catalog(): PriceCatalog {
    return this.configInForce.catalog;
  }

  /** The estimate settings in force, priced at the prices in force now (a dated change, a peak-hour price). */
  get settings(): EstimateSettings {
    return { ...this.configInForce.estimateSettings, at: Date.now() };
  }

  /** The model costs are shown for, as the config in force names it. */
  get modelSetting(): string {
    return this.configInForce.config.defaultModel;
  }

  get favourites(): readonly string[] {
    return this.configInForce.config.favoriteModels;
  }

  /**
   * Every catalog model that answers prompts, priced for the current prompt; empty until it is counted. Favourites
   * are matched through the catalog in force, so a team's alias stars the model it stands for.
   */
  compare(): ComparisonRow[] {
    const { counts } = this.state;
    if (!counts) return [];
    const favourites = this.favourites.map((name) => this.catalog.find(name)?.key ?? name);
    return compareModels(this.catalog.models({ answering: true }), counts, this.settings, favourites);
  }

  private update(): void {
    this.state = this.compute();
    this.changed.fire(this.state);
  }

  private compute(): MeterState {
    const prompt = this.activePrompt.current;
    const context = this.context.current;
    const none = { counts: undefined, estimate: undefined, contextFiles: 0, contextLeftOut: undefined };
    if (prompt.kind !== 'counted' || !prompt.counts) return { prompt, context, ...none };
    // The prompt is the prompt: a selection, or a file that is not a prompt file, is priced without the context.
    const leftOut: ContextLeftOut =
      prompt.outcome.scope === 'selection' ? 'selection' : this.isPrompt(promptDocumentOf(prompt.document)) ? undefined : 'not-a-prompt';
    if (!leftOut && context.promptDocument !== prompt.document.uri.toString()) {
      // The context of another prompt: priced now, the total would jump a moment later. Wait for this prompt's.
      const { document, name, editorActive } = prompt;
      return { prompt: { kind: 'counting', document, name, editorActive }, context, ...none };
    }
    const counts: PromptCounts = { prompt: prompt.counts, context: leftOut ? NO_CONTEXT : context.total };
    const modelId = this.modelSetting;
    const counted = context.files.filter((file) => file.count.kind === 'counted').length;
    return {
      prompt,
      context,
      counts,
      estimate: estimateForModel(modelId, this.catalog.find(modelId), counts, this.settings),
      contextFiles: leftOut ? 0 : counted,
      contextLeftOut: leftOut && context.files.length > 0 ? leftOut : undefined,
    };
  }
}
