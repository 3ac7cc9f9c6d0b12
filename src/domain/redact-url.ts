/**
 * A URL as an error message quotes it (JSON string), with the password of `user:password@` masked: such
 * messages go to stderr and from there to log collectors, and DATABASE_URL and REDIS_URL carry passwords.
 */
export function quotedUrl(raw: string): string {
  return JSON.stringify(raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#:@]*):[^/?#]*@/i, '$1:***@'));
}
