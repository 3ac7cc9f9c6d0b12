/**
 * The one folding rule behind case- and accent-insensitive text matching (contains, starts_with,
 * ends_with and `search`), applied in the application so SQLite and PostgreSQL compare the same text
 * whatever their locale:
 *
 *   1. NFKD: compatibility decomposition (ﬁ → fi, ① → 1, É → E + U+0301);
 *   2. full case folding by lower → upper → lower (ß and ẞ → ss, İ → i + U+0307, ı → i);
 *   3. NFKD again (case mapping can yield precomposed letters), then every combining mark (Unicode
 *      category M) is removed, so accents never matter (é, è, e and E are one letter);
 *   4. final sigma ς → σ (lower-casing a whole word depends on position; folding must not);
 *   5. NFC, which only recomposes what stays decomposed without marks (Hangul syllables).
 *
 * Folding is per string and language-neutral (Turkish dotless ı folds to i like dotted İ).
 */
export function foldText(s: string): string {
  // eslint-disable-next-line no-control-regex -- ASCII-only text: the fast path most names take
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  return s
    .normalize('NFKD')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ς/g, 'σ')
    .normalize('NFC');
}

/** Tokens of at most this many characters (code points, after folding) match only at the start of a word. */
export const SHORT_TOKEN_LENGTH = 2;

/**
 * The distinct folded search tokens of a `search` text: folded first, then split on whitespace. A repeated
 * token asks nothing more ("every token is found"), and folding can multiply them (U+FDFA is four words): 200
 * characters made 800 tokens, past SQLite's expression depth (1000) once each is checked twice (a 500).
 */
export function searchTokens(text: string): string[] {
  return [...new Set(foldedWords(text))];
}

/** The folded whitespace-separated words of a text, in order, repeats kept. */
export function foldedWords(text: string): string[] {
  return foldText(text).split(/\s+/u).filter((t) => t.length > 0);
}

export const isShortToken = (token: string): boolean => codePoints(token) <= SHORT_TOKEN_LENGTH;

export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

/** A letter or digit: a word is a run of them; any other character ends one. */
export const WORD_CHARACTER = /[\p{L}\p{N}]/u;
