import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync } from 'node:fs';
import { writeAll, writeJson } from '../json-write.ts';
import type { RunRecord } from '../model/run-record.ts';

/** Appends each finished run to runs.jsonl at once, so a crash or Ctrl-C later loses nothing already run. */
export class RunWriter {
  constructor(readonly file: string) {
    closeSync(openSync(file, 'a'));
  }

  /**
   * Writes the record as one line, in parts (see writeJson): no record is too big to write. The
   * line is written whole or not at all: a record that cannot be written leaves the file as it was.
   */
  append(record: RunRecord): void {
    const fd = openSync(this.file, 'a');
    try {
      const before = fstatSync(fd).size;
      try {
        writeJson(fd, record);
        writeAll(fd, '\n');
      } catch (err) {
        // Nothing else writes this file meanwhile (appends are synchronous): cut the torn line off.
        ftruncateSync(fd, before);
        throw err;
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
