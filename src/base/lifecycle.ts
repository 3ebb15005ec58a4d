import type * as vscode from 'vscode';

/**
 * Owns what a class subscribes to or creates: each registered disposable is disposed with it, the last registered
 * first. Registering after disposal disposes at once, so a late subscription cannot leak.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  protected _register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposed) disposable.dispose();
    else this.owned.push(disposable);
    return disposable;
  }

  protected _registerAll(...disposables: vscode.Disposable[]): void {
    for (const disposable of disposables) this._register(disposable);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    while (this.owned.length > 0) this.owned.pop()?.dispose();
  }
}

/** A disposable that runs `dispose` once. */
export function toDisposable(dispose: () => void): vscode.Disposable {
  let done = false;
  return {
    dispose: () => {
      if (!done) {
        done = true;
        dispose();
      }
    },
  };
}
