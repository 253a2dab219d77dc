import { appendFileSync, closeSync, fsyncSync, openSync } from 'node:fs';
import type { RunRecord } from '../model/run-record.ts';

/** Appends each finished run to runs.jsonl at once, so a crash or Ctrl-C later loses nothing already run. */
export class RunWriter {
  constructor(readonly file: string) {
    closeSync(openSync(file, 'a'));
  }

  append(record: RunRecord): void {
    appendFileSync(this.file, `${JSON.stringify(record)}\n`);
    const fd = openSync(this.file, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
