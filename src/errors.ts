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

/** Several input errors found in one pass, so the user can fix them all at once. */
export class InputErrors extends InputError {
  constructor(readonly errors: InputError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'InputErrors';
  }
}

export type IssuePath = ReadonlyArray<PropertyKey>;

/** `steps[2].do[0].click` from ['steps', 2, 'do', 0, 'click']. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

interface ZodLikeIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

/**
 * Turns zod issues into InputErrors naming the file, the line (when `locate` can find it) and
 * the path, e.g. `scenarios/x.journey.yaml:12:9 at steps[1].click: expected …`.
 */
export function inputErrorsFromIssues(
  issues: ZodLikeIssue[],
  file: string | undefined,
  opts: {
    locate?: (path: IssuePath) => { line: number; column: number } | undefined;
    explain?: (issue: ZodLikeIssue) => string | undefined;
  } = {},
): InputErrors {
  const errors = issues.map((issue) => {
    // An unknown key is best shown where the key itself is written.
    const path = issue.code === 'unrecognized_keys' && issue.keys?.length === 1 ? [...issue.path, issue.keys[0]] : issue.path;
    const message = opts.explain?.(issue) ?? issue.message;
    const pos = opts.locate?.(path);
    return new InputError(message, { file, line: pos?.line, column: pos?.column, path: formatPath(path) });
  });
  return new InputErrors(errors);
}
