/**
 * Bad input from the user (a journey, the config, a flag). The CLI prints `message`
 * without a stack trace and exits with code 2, before running anything.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly where?: { file?: string; line?: number; column?: number; path?: string },
  ) {
    super(InputError.format(message, where));
    this.name = 'InputError';
  }

  static format(message: string, where?: InputError['where']): string {
    if (!where) return message;
    const loc = [where.file, where.line, where.column].filter((v) => v !== undefined).join(':');
    const path = where.path ? `${loc ? ' at ' : ''}${where.path}` : '';
    return loc || path ? `${loc}${path}: ${message}` : message;
  }
}
