/* Which screenshots the HTML report may load: shared by the report's view and the channels' views. */

/**
 * Only relative paths inside the report folder may be loaded (no scheme, no leading slash,
 * no `..`): the report must make no request outside its own folder. Segments are URL-encoded.
 */
export function safeRelativeSrc(path: string): string | undefined {
  if (path.length === 0 || path.length > 1000) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || /^[\\/]/.test(path) || /[\\\u0000-\u001F]/.test(path)) return undefined;
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return undefined;
  return segments.map((s) => encodeURIComponent(s)).join('/');
}
