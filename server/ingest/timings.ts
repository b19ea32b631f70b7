/**
 * Where ingest time goes (ms), for the benchmark's breakdown; optional everywhere. Wall time per
 * phase (the benchmark reads the writer thread's CPU time as a whole from /proc: the process's
 * CPU time, asked around every phase of every file, cost the writer more than some phases did).
 */
export interface PhaseTimes {
  /** Walking inputs and reading files (batch ingest), or that and extracting text (one file on its own). */
  read: number;
  /** Parsing; in a batch ingest, waiting for the files being read and parsed on the pool of threads. */
  parse: number;
  /** Lookups and writes of reports, cells and values (savepoints included). */
  store: number;
  /** Recomputing flags. */
  flags: number;
  commit: number;
}

export type IngestTimings = PhaseTimes;

export function emptyTimings(): IngestTimings {
  return { read: 0, parse: 0, store: 0, flags: 0, commit: 0 };
}

/** Run `fn`, adding its wall time to `timings[phase]` when timings are kept. */
export async function timed<T>(timings: IngestTimings | undefined, phase: keyof PhaseTimes, fn: () => Promise<T> | T): Promise<T> {
  if (!timings) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    timings[phase] += performance.now() - start;
  }
}
