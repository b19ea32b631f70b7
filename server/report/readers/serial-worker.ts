/**
 * One worker thread that runs jobs one at a time, with a heap limit and a timeout: the Word reader
 * (docx.ts) and the upload's read-and-parse (server/ingest/prepare.ts) use it. The thread is started
 * on the first job and kept for the next ones; it holds the process open only while a job runs.
 * Jobs run one at a time so that when the thread dies it is known whose file killed it: that job
 * fails with the reason `died` gives, and the jobs waiting go on in a new thread.
 */
import { Worker } from 'node:worker_threads';

export interface WorkerLimits {
  /** The worker's old-generation heap (resourceLimits.maxOldGenerationSizeMb). */
  memoryMb: number;
  /** A job that takes longer is given up and the worker stopped. */
  timeoutMs: number;
}

export type Death = 'timeout' | 'memory' | 'crash';

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

  constructor(private readonly options: SerialWorkerOptions<Task, Result, Reply>) {
    this.threadLimits = options.limits;
  }

  run(task: Task): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.next();
    });
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
    const { url, limits, youngGenerationMb } = this.options;
    this.threadLimits = limits;
    const thread = new Worker(url, {
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: youngGenerationMb, stackSizeMb: 4 },
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
    this.next();
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
