// Every listener, provider and command the extension registers goes through a store, so
// deactivation (and the end of a view) releases all of them. Registering after the store
// was disposed disposes at once: a late async registration cannot leak.
import type * as vscode from 'vscode';

export class DisposableStore implements vscode.Disposable {
  private readonly items = new Set<vscode.Disposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends vscode.Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  /** Registers a plain cleanup function. */
  addCallback(callback: () => void): void {
    this.add({ dispose: callback });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Dispose in reverse order of registration, like a stack of `finally` blocks.
    const items = [...this.items].reverse();
    this.items.clear();
    const errors: unknown[] = [];
    for (const item of items) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'Some disposables failed to dispose');
  }
}
