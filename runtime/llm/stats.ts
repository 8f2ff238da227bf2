/** Call counters per route, for the admin UI. */
export interface LlmStatsSnapshot {
  total: number;
  /** Keyed `"POST /chat/completions"`; calls to unknown routes count under `"unknown"`. */
  byRoute: Record<string, number>;
  /** Responses with status >= 400, injected faults included. */
  errors: number;
  faultsInjected: number;
}

export class LlmStats {
  #byRoute = new Map<string, number>();
  #errors = 0;
  #faults = 0;

  record(route: string, status: number): void {
    this.#byRoute.set(route, (this.#byRoute.get(route) ?? 0) + 1);
    if (status >= 400) this.#errors++;
  }

  fault(): void {
    this.#faults++;
  }

  snapshot(): LlmStatsSnapshot {
    const byRoute = Object.fromEntries([...this.#byRoute].sort(([a], [b]) => a.localeCompare(b)));
    const total = [...this.#byRoute.values()].reduce((s, n) => s + n, 0);
    return { total, byRoute, errors: this.#errors, faultsInjected: this.#faults };
  }

  reset(): void {
    this.#byRoute.clear();
    this.#errors = 0;
    this.#faults = 0;
  }
}

/** The counters every `registerLlm` uses unless given its own: one server per process in normal use. */
export const sharedLlmStats = new LlmStats();

export function llmStats(): LlmStatsSnapshot {
  return sharedLlmStats.snapshot();
}
