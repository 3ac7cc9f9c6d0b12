/**
 * If-Match, as the header (RFC 9110) and a _batch operation's if_match give it: domain code, so that both read
 * it alike (the http layer re-exports it for the routes).
 */

/** One list element of If-Match: an entity tag, weak or strong, whose opaque part may hold commas (RFC 9110). */
const ENTITY_TAG = /^(?:W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)/;

/**
 * The versions an If-Match header accepts: null when the write is unconditional (no header, or `*`);
 * otherwise the versions its entity tags name (RFC 9110: `*` or a comma-separated list of tags, any of
 * which may match). Weak and strong tags both match, as contactd's ETags are weak. A malformed list
 * (or `*` inside a list) yields no version, so it never matches.
 */
export function expectedVersion(ifMatch: string | string[] | undefined): readonly number[] | null {
  if (ifMatch === undefined) return null;
  let rest = (Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch).trim();
  if (rest === '*') return null;
  const versions: number[] = [];
  while (rest !== '') {
    if (rest.startsWith(',')) {
      rest = rest.slice(1).trimStart(); // empty list elements are allowed
      continue;
    }
    const match = ENTITY_TAG.exec(rest);
    if (match === null) return [];
    // Tags compare as text: only the canonical digits the server sends (W/"1", never "01") name a version.
    const version = canonicalVersion(match[1]!);
    if (version !== null) versions.push(version);
    rest = rest.slice(match[0].length).trimStart();
  }
  return versions;
}

/** The version written as the server writes it (digits, no leading zero), or null. */
export function canonicalVersion(text: string): number | null {
  return /^(?:0|[1-9]\d{0,14})$/.test(text) ? Number(text) : null;
}
