// When the runner cancels a job it sends SIGINT, then SIGTERM, then kills. Work in flight
// (a deploy command, a health check) must stop and leave a clear record, not be cut off
// half-way: listeners here kill their child processes and the main flow finishes up.

type Listener = (signal: NodeJS.Signals) => void;

const listeners = new Set<Listener>();
let cancelledBy: NodeJS.Signals | undefined;
let installed = false;

/** The signal that cancelled this run, if any. */
export function cancelled(): NodeJS.Signals | undefined {
  return cancelledBy;
}

/** Calls `fn` when the run is cancelled (at once if it already was); returns an unsubscribe. */
export function onCancel(fn: Listener): () => void {
  install();
  if (cancelledBy) fn(cancelledBy);
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Cancellation as an AbortSignal, for fetch and timers. */
export function cancellationSignal(): AbortSignal {
  const controller = new AbortController();
  onCancel((signal) => controller.abort(new Error(`cancelled by ${signal}`)));
  return controller.signal;
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (cancelledBy) return;
      cancelledBy = signal;
      for (const fn of listeners) fn(signal);
      // The main flow now records the cancellation and exits; if it cannot within the
      // runner's grace period, leave anyway rather than be SIGKILLed mid-write.
      setTimeout(() => process.exit(1), 7_000).unref();
    });
  }
}
