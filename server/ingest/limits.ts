/** Limits on what one ingest accepts; the CLI and the upload route share them. */
export interface IngestLimits {
  /** Largest single file, in bytes. */
  maxFileBytes: number;
  /** Most files one .zip may hold. */
  maxArchiveFiles: number;
  /** Largest total uncompressed size of one .zip, in bytes. */
  maxArchiveBytes: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxArchiveFiles: 5000,
  maxArchiveBytes: 2 * 1024 * 1024 * 1024,
};

export function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}
