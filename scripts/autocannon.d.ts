/** The part of autocannon's untyped API the API benchmark uses. */
declare module 'autocannon' {
  interface Histogram { p50: number; p90: number; p99: number; average: number; max: number }
  interface Result { latency: Histogram; requests: { average: number }; non2xx: number; errors: number }
  function autocannon(options: { url: string; connections?: number; duration?: number }): Promise<Result>;
  export default autocannon;
}
