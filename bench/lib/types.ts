/** One measurement: printed as one JSON line by bench/run.ts. */
export interface BenchResult {
  name: string
  value: number
  unit: string
  [extra: string]: unknown
}

/** A benchmark module's default export. */
export type Benchmark = () => AsyncIterable<BenchResult>
