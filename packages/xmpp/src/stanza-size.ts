/**
 * Whether a stanza is over the server's size limit, in UTF-8 bytes as serialized. Rendering costs a
 * serialization, so it is skipped when the body cannot reach the limit: escaping makes one UTF-16
 * unit at most 6 bytes (`&quot;`), and the envelope (two JIDs of at most 3071 bytes each, the id)
 * stays under 8 KiB. Returns the size when over, else undefined.
 */
export function oversizedStanza(body: string, render: () => string, limit: number): number | undefined {
  if (body.length * 6 + 8192 <= limit) return undefined;
  const bytes = Buffer.byteLength(render());
  return bytes > limit ? bytes : undefined;
}
