/**
 * One worker thread that runs jobs one at a time, with a heap limit and a timeout: the Word reader
 * (docx.ts), the PDF reader (pdf.ts) and the ingest's read-and-parse (server/ingest/prepare.ts)
 * use it, the last two as a `WorkerPool` of several. The thread is started on the first job and
 * kept for the next ones; it holds the process open only while a job runs. Jobs run one at a time
 * so that when the thread dies it is known whose file killed it: that job fails with the reason
 * `died` gives, and the jobs waiting go on in a new thread. With `recycle`, a thread that has run
 * its share of jobs, or whose heap has grown past a mark, is replaced after its job, so that a
 * library's caches and memory (PDFium's WebAssembly memory never shrinks) cannot grow for ever.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface WorkerLimits {
  /**
   * The worker's old-generation heap (resourceLimits.maxOldGenerationSizeMb); a thread that runs
   * WebAssembly (the PDF thread) caps its WebAssembly memory there too (it gets it as workerData).
   */
  memoryMb: number;
  /** A job that takes longer is given up and the worker stopped. */
  timeoutMs: number;
}

export type Death = 'timeout' | 'memory' | 'crash';

/** When a thread is replaced by a fresh one (after the job that crossed the line). */
export interface Recycle {
  /** Jobs one thread runs. */
  jobs: number;
  /** The thread's heap after a job (the reply's `heapUsed`, bytes), in MB. */
  heapMb: number;
}

export interface SerialWorkerOptions<Task, Result, Reply> {
  /** The worker module (a .mjs that registers tsx, as pdf-worker.mjs). */
  url: URL;
  limits: WorkerLimits;
  youngGenerationMb: number;
  /** The message that starts a job (`id` comes back in the reply). */
  message(id: number, task: Task): unknown;
  /** The reply to a job: its result, or the error to reject it with. */
  settle(reply: Reply, task: Task): { result: Result } | { error: Error };
  /** Why a job failed when its worker died, ran out of memory or timed out. */
  died(death: Death, task: Task, limits: WorkerLimits): Error;
  recycle?: Recycle;
  /** The thread's Node options (default: this process's, `--import tsx` included when run by tsx). */
  execArgv?: string[];
}

interface Job<Task, Result> {
  id: number;
  task: Task;
  resolve(result: Result): void;
  reject(error: Error): void;
}

export class SerialWorker<Task, Result, Reply extends { id: number }> {
  private thread: Worker | null = null;
  private threadLimits: WorkerLimits;
  private readonly queue: Job<Task, Result>[] = [];
  private current: { job: Job<Task, Result>; timer: NodeJS.Timeout } | null = null;
  private nextId = 1;
  /** Jobs the current thread has finished (for `recycle`). */
  private jobsDone = 0;
  /** Threads started so far (tests, the benchmark). */
  threadsStarted = 0;

  constructor(private readonly options: SerialWorkerOptions<Task, Result, Reply>) {
    this.threadLimits = options.limits;
  }

  run(task: Task): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.next();
    });
  }

  /** Jobs waiting or running. */
  get pending(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  /** Other limits for the next thread (tests); an idle thread is stopped so that the next job starts one. */
  setLimits(limits: WorkerLimits): void {
    this.options.limits = limits;
    if (this.thread && !this.current) {
      void this.thread.terminate();
      this.thread = null;
    }
  }

  private next(): void {
    if (this.current) return;
    const job = this.queue.shift();
    if (!job) {
      this.thread?.unref();
      return;
    }
    const thread = this.start();
    const timer = setTimeout(() => this.stop(thread, 'timeout'), this.threadLimits.timeoutMs);
    this.current = { job, timer };
    thread.ref();
    thread.postMessage(this.options.message(job.id, job.task));
  }

  private start(): Worker {
    if (this.thread) return this.thread;
    const { url, limits, youngGenerationMb, execArgv } = this.options;
    this.threadLimits = limits;
    this.jobsDone = 0;
    this.threadsStarted++;
    const thread = new Worker(url, {
      ...(execArgv ? { execArgv } : {}),
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: youngGenerationMb, stackSizeMb: 4 },
      // For memory the thread bounds itself (the PDF thread's WebAssembly memory).
      workerData: { memoryMb: limits.memoryMb },
    });
    thread.on('message', (reply: Reply) => this.settle(reply));
    thread.on('error', (error: Error & { code?: string }) => this.stop(thread, error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash'));
    thread.on('exit', () => this.stop(thread, 'crash'));
    this.thread = thread;
    return thread;
  }

  private settle(reply: Reply): void {
    const current = this.current;
    if (!current || current.job.id !== reply.id) return;
    this.current = null;
    clearTimeout(current.timer);
    const { job } = current;
    const settled = this.options.settle(reply, job.task);
    if ('result' in settled) job.resolve(settled.result);
    else job.reject(settled.error);
    this.recycleIfDue(reply);
    this.next();
  }

  /** A thread that has done its share, or holds too much heap, is ended; the next job starts a new one. */
  private recycleIfDue(reply: Reply): void {
    const { recycle } = this.options;
    const thread = this.thread;
    if (!recycle || !thread) return;
    this.jobsDone++;
    const heapUsed = (reply as { heapUsed?: unknown }).heapUsed;
    const heavy = typeof heapUsed === 'number' && heapUsed > recycle.heapMb * 1024 * 1024;
    if (this.jobsDone < recycle.jobs && !heavy) return;
    this.thread = null;
    void thread.terminate();
  }

  /** The thread died, ran out of memory, or is stopped because a job hangs: that job fails; the rest go on. */
  private stop(thread: Worker, death: Death): void {
    if (this.thread !== thread) return;
    this.thread = null;
    void thread.terminate();
    const current = this.current;
    this.current = null;
    if (current) {
      clearTimeout(current.timer);
      current.job.reject(this.options.died(death, current.job.task, this.threadLimits));
    }
    this.next();
  }
}

/** Threads for a pool: one per core the process may use. */
export const CORES = Math.max(1, availableParallelism());

/**
 * Several SerialWorkers: a job goes to the one with the fewest jobs waiting, so at most `size`
 * run at once (the cap on memory and CPU). Each thread keeps the SerialWorker's guarantees: a file
 * that kills or hangs its thread fails alone; the rest go on.
 */
export class WorkerPool<Task, Result, Reply extends { id: number }> {
  private readonly workers: SerialWorker<Task, Result, Reply>[];

  constructor(readonly size: number, options: SerialWorkerOptions<Task, Result, Reply>) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => new SerialWorker<Task, Result, Reply>({ ...options }));
  }

  run(task: Task): Promise<Result> {
    let best = this.workers[0]!;
    for (const w of this.workers) if (w.pending < best.pending) best = w;
    return best.run(task);
  }

  /** Jobs waiting or running over all threads. */
  get pending(): number {
    return this.workers.reduce((n, w) => n + w.pending, 0);
  }

  /** Threads started so far, replacements included. */
  get threadsStarted(): number {
    return this.workers.reduce((n, w) => n + w.threadsStarted, 0);
  }

  setLimits(limits: WorkerLimits): void {
    for (const w of this.workers) w.setLimits(limits);
  }
}
