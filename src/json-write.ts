/**
 * JSON written in parts, for files that can be bigger than a string may be (runs.jsonl lines,
 * scorecard.json): the same text as JSON.stringify, never held whole.
 */
import { writeSync } from 'node:fs';

/** Characters gathered before they are written out. */
const CHUNK = 1 << 16;
/** Strings longer than this are escaped in slices, so no single string is built that is longer than the value. */
const STRING_SLICE = 1 << 20;

/** Writes a whole string to a file descriptor (writeSync may write less than asked). */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * Writes `value` as JSON to `fd` in parts of about 64 KB: the same text as
 * `JSON.stringify(value, replacer, indent)`, without ever holding all of it as one string (V8
 * strings stop at about 512 MB: "Invalid string length"). `replacer` may drop or change a member.
 */
export function writeJson(fd: number, value: unknown, opts: JsonOptions = {}): void {
  const parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (parts.length === 0) return;
    writeAll(fd, parts.join(''));
    parts.length = 0;
    size = 0;
  };
  serializeJson(value, (s) => {
    parts.push(s);
    size += s.length;
    if (size >= CHUNK) flush();
  }, opts);
  flush();
}

export interface JsonOptions {
  /** Spaces of indentation, as JSON.stringify's third argument (0: none). */
  indent?: number;
  /** Called for every object member (as JSON.stringify's replacer function; `this` is not passed). */
  replacer?: (holder: object, key: string, value: unknown) => unknown;
}

/** JSON text, as JSON.stringify(value, replacer, indent), handed to `emit` piece by piece. */
export function serializeJson(value: unknown, emit: (piece: string) => void, opts: JsonOptions = {}): void {
  const gap = ' '.repeat(Math.min(10, Math.max(0, Math.floor(opts.indent ?? 0))));
  const replacer = opts.replacer;
  const stack = new Set<object>();

  const prepare = (holder: object, key: string, v: unknown): unknown => {
    if (v !== null && (typeof v === 'object' || typeof v === 'bigint') && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
    }
    if (replacer) v = replacer(holder, key, v);
    // Boxed primitives serialise as their value.
    if (v instanceof Number) return Number(v);
    if (v instanceof String) return String(v);
    if (v instanceof Boolean) return v.valueOf();
    return v;
  };
  /** False for what JSON leaves out of an object (and writes as null in an array). */
  const serializable = (v: unknown) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';

  const str = (v: unknown, indent: string): void => {
    if (v === null) return emit('null');
    switch (typeof v) {
      case 'string':
        return quote(v, emit);
      case 'number':
        return emit(Number.isFinite(v) ? String(v) : 'null');
      case 'boolean':
        return emit(v ? 'true' : 'false');
      case 'bigint':
        throw new TypeError('Do not know how to serialize a BigInt');
    }
    const obj = v as object;
    if (stack.has(obj)) throw new TypeError('Converting circular structure to JSON');
    stack.add(obj);
    const inner = indent + gap;
    const sep = gap ? `,\n${inner}` : ',';
    if (Array.isArray(obj)) {
      if (obj.length === 0) emit('[]');
      else {
        emit(gap ? `[\n${inner}` : '[');
        for (let i = 0; i < obj.length; i++) {
          if (i > 0) emit(sep);
          const item = prepare(obj, String(i), obj[i]);
          if (serializable(item)) str(item, inner);
          else emit('null');
        }
        emit(gap ? `\n${indent}]` : ']');
      }
    } else {
      let first = true;
      for (const key of Object.keys(obj)) {
        const item = prepare(obj, key, (obj as Record<string, unknown>)[key]);
        if (!serializable(item)) continue;
        emit(first ? (gap ? `{\n${inner}` : '{') : sep);
        first = false;
        emit(JSON.stringify(key));
        emit(gap ? ': ' : ':');
        str(item, inner);
      }
      emit(first ? '{}' : gap ? `\n${indent}}` : '}');
    }
    stack.delete(obj);
  };

  const top = prepare({ '': value }, '', value);
  if (serializable(top)) str(top, '');
}

/** A JSON string literal, escaped in slices when the string is long. */
function quote(s: string, emit: (piece: string) => void): void {
  if (s.length <= STRING_SLICE) return emit(JSON.stringify(s));
  emit('"');
  for (let i = 0; i < s.length; ) {
    let end = Math.min(s.length, i + STRING_SLICE);
    // Never split a surrogate pair: the slices' escapes must read as the whole string's.
    const last = s.charCodeAt(end - 1);
    if (end < s.length && last >= 0xd800 && last <= 0xdbff) end--;
    const part = JSON.stringify(s.slice(i, end));
    emit(part.slice(1, -1));
    i = end;
  }
  emit('"');
}
