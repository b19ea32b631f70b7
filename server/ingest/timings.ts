/**
 * Where ingest time goes (ms), for the benchmark's breakdown; optional everywhere. Wall time and
 * this process's CPU time per phase: on a busy machine wall time includes waiting for a core,
 * while CPU time still shows what the code costs.
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

export interface IngestTimings extends PhaseTimes {
  cpu: PhaseTimes;
}

const zero = (): PhaseTimes => ({ read: 0, parse: 0, store: 0, flags: 0, commit: 0 });

export function emptyTimings(): IngestTimings {
  return { ...zero(), cpu: zero() };
}

/** Run `fn`, adding its wall and CPU time to `timings[phase]` when timings are kept. */
export async function timed<T>(timings: IngestTimings | undefined, phase: keyof PhaseTimes, fn: () => Promise<T> | T): Promise<T> {
  if (!timings) return fn();
  const start = performance.now();
  const cpu = process.cpuUsage();
  try {
    return await fn();
  } finally {
    timings[phase] += performance.now() - start;
    const used = process.cpuUsage(cpu);
    timings.cpu[phase] += (used.user + used.system) / 1000;
  }
}
