/**
 * One worker thread that runs jobs one at a time, with a heap limit and a timeout: the Word reader
 * (docx.ts), the PDF reader (pdf.ts) and the ingest's read-and-parse (server/ingest/prepare.ts)
 * use it, the last two as a `WorkerPool` of several. The thread is started on the first job and
 * kept for the next ones; it holds the process open only while a job runs. Jobs run one at a time
 * so that when the thread dies it is known whose file killed it: that job fails with the reason
 * `died` gives, and the jobs waiting go on in a new thread. With `recycle`, a thread that has run
 * its share of jobs, or whose heap has grown past a mark, is replaced after its job, so that a
 * library's caches and memory (PDFium's WebAssembly memory never shrinks) cannot grow for ever.
 * With `batch`, small jobs waiting in the queue go to the thread together (one message, one
 * reply); a batch whose thread dies is run again a job at a time, so the same job fails alone.
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
  /**
   * Small jobs sent together: up to `jobs` queued jobs that `accepts` go to the thread in one
   * message (`{ batch: [message, …] }`), and come back in one reply (`{ batch: [reply, …] }`), so
   * that a thread is woken once for them instead of once each (a round trip costs about 0.15 ms
   * of CPU, as much as reading a small text file). Should the thread die or time out on a batch,
   * its jobs are run again one at a time, so that the file that did it fails alone.
   */
  batch?: { jobs: number; accepts(task: Task): boolean };
}

interface Job<Task, Result> {
  id: number;
  task: Task;
  resolve(result: Result): void;
  reject(error: Error): void;
  /** Run on its own (after a batch it was in died). */
  alone?: boolean;
}

export class SerialWorker<Task, Result, Reply extends { id: number }> {
  private thread: Worker | null = null;
  private threadLimits: WorkerLimits;
  private readonly queue: Job<Task, Result>[] = [];
  /** The jobs the thread has now (one, or a batch), in the order it runs them. */
  private current: { jobs: Job<Task, Result>[]; timer: NodeJS.Timeout } | null = null;
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
    return this.queue.length + (this.current?.jobs.length ?? 0);
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
    const jobs = this.take();
    if (jobs.length === 0) {
      this.thread?.unref();
      return;
    }
    const thread = this.start();
    const timer = setTimeout(() => this.stop(thread, 'timeout'), this.threadLimits.timeoutMs);
    this.current = { jobs, timer };
    thread.ref();
    const { message } = this.options;
    thread.postMessage(jobs.length === 1 ? message(jobs[0]!.id, jobs[0]!.task) : { batch: jobs.map((j) => message(j.id, j.task)) });
  }

  /** The next job, or the next jobs that go together (`batch`). */
  private take(): Job<Task, Result>[] {
    const first = this.queue.shift();
    if (!first) return [];
    const { batch } = this.options;
    if (!batch || first.alone || !batch.accepts(first.task)) return [first];
    const jobs = [first];
    while (jobs.length < batch.jobs && this.queue.length > 0 && !this.queue[0]!.alone && batch.accepts(this.queue[0]!.task)) jobs.push(this.queue.shift()!);
    return jobs;
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
    thread.on('message', (reply: Reply | { batch: Reply[] }) => this.settle(reply));
    thread.on('error', (error: Error & { code?: string }) => this.stop(thread, error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash'));
    thread.on('exit', () => this.stop(thread, 'crash'));
    this.thread = thread;
    return thread;
  }

  private settle(message: Reply | { batch: Reply[] }): void {
    const current = this.current;
    const replies = 'batch' in message ? message.batch : [message];
    if (!current || replies.length !== current.jobs.length || replies.some((r, i) => r.id !== current.jobs[i]!.id)) return;
    this.current = null;
    clearTimeout(current.timer);
    current.jobs.forEach((job, i) => {
      const settled = this.options.settle(replies[i]!, job.task);
      if ('result' in settled) job.resolve(settled.result);
      else job.reject(settled.error);
    });
    this.recycleIfDue(replies.at(-1)!, replies.length);
    this.next();
  }

  /** A thread that has done its share, or holds too much heap, is ended; the next job starts a new one. */
  private recycleIfDue(reply: Reply, jobs: number): void {
    const { recycle } = this.options;
    const thread = this.thread;
    if (!recycle || !thread) return;
    this.jobsDone += jobs;
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
      const [job, ...more] = current.jobs;
      if (more.length === 0) job!.reject(this.options.died(death, job!.task, this.threadLimits));
      // Which job of the batch did it is not known: each is run again on its own.
      else this.queue.unshift(...current.jobs.map((j) => ({ ...j, alone: true })));
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
