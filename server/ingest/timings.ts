/** Where ingest time goes (ms), for the benchmark's breakdown; optional everywhere. */
export interface IngestTimings {
  /** Walking inputs, reading files, extracting text from documents. */
  read: number;
  parse: number;
  /** Lookups and writes of reports, cells and values (savepoints included). */
  store: number;
  /** Recomputing flags. */
  flags: number;
  commit: number;
}

export function emptyTimings(): IngestTimings {
  return { read: 0, parse: 0, store: 0, flags: 0, commit: 0 };
}

/** Run `fn`, adding its wall time to `timings[phase]` when timings are kept. */
export async function timed<T>(timings: IngestTimings | undefined, phase: keyof IngestTimings, fn: () => Promise<T> | T): Promise<T> {
  if (!timings) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    timings[phase] += performance.now() - start;
  }
}
