export interface Row {
  figure: string;
  ours: string;
  comparison: string;
  ratio: string;
  target: string;
  /** null: informational, no target. */
  met: boolean | null;
}

export interface FigureResult {
  id: string;
  title: string;
  rows: Row[];
  /** Raw numbers (samples, medians) for results.json. */
  data: Record<string, unknown>;
  notes: string[];
  load: { before: number[]; after: number[] };
  seconds: number;
}

export interface BenchCtx {
  quick: boolean;
  /** Scratch folder for this figure's reports. */
  scratch: string;
}

export type Figure = (ctx: BenchCtx) => Promise<Omit<FigureResult, 'load' | 'seconds' | 'id'>>;
