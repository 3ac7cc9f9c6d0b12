import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { checkStorableText } from './values/value-codec.ts';

const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/** Longest subscription URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * Why an address may not be called, or null when it is a public unicast address. Loopback, private,
 * link-local (which holds the cloud metadata address 169.254.169.254), unique-local IPv6 (fd00:ec2::254),
 * carrier-grade NAT (100.100.100.200), multicast, reserved and unspecified ranges are refused; an
 * IPv4-mapped or NAT64 IPv6 address is judged by the IPv4 address it carries.
 */
export function forbiddenAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (v6.range() === 'rfc6052' || v6.range() === '6to4' || v6.range() === 'teredo') return `${address} embeds an IPv4 address (${v6.range()}), which is not allowed`;
    // IPv4-compatible (::a.b.c.d, deprecated by RFC 4291; :: and ::1 aside): ipaddr.js calls it unicast.
    else if (v6.range() === 'unicast' && v6.match(IPV4_COMPATIBLE)) return `${address} embeds an IPv4 address (IPv4-compatible), which is not allowed`;
  }
  const range = parsed.range();
  return range === 'unicast' ? null : `${address} is a ${range} address`;
}

/** Syntax of a subscription URL: absolute http(s), no credentials, not too long; null when fine. */
export function webhookUrlProblem(raw: string): string | null {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return `url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  // Stored as written: text PostgreSQL cannot hold (a NUL) or would alter (a lone surrogate) is refused.
  const text = checkStorableText(raw);
  if (text !== null) return `url ${text}`;
  // The URL parser would drop a tab or newline and percent-encode other controls and spaces, so the URL called would not be the one stored and shown.
  if (/[\p{Cc} ]/u.test(raw)) return 'url must not contain spaces or control characters (percent-encode them: %20)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `url must be an absolute http or https URL, got ${JSON.stringify(raw.slice(0, 200))}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `url must use http or https, got ${url.protocol.slice(0, -1)}`;
  if (url.username !== '' || url.password !== '') return 'url must not carry credentials (user:password@)';
  if (url.hostname === '') return 'url must name a host';
  // Port 0 names no listening service: every delivery would fail to connect.
  if (url.port === '0') return 'url must not use port 0';
  return null;
}

const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Every address a host resolves to (an IP literal is its own). */
export async function resolveHost(host: string): Promise<LookupAddress[]> {
  if (isIP(host) !== 0) return [{ address: host, family: isIP(host) }];
  return new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));
}

/**
 * Whether a URL may be called now: null when every address its host resolves to is public (or private
 * ones are allowed), else the reason. Used at create and update; the sender checks again at connect.
 */
export async function webhookUrlRefusal(raw: string, allowPrivate: boolean): Promise<string | null> {
  const syntax = webhookUrlProblem(raw);
  if (syntax !== null) return syntax;
  if (allowPrivate) return null;
  const host = hostOf(new URL(raw));
  let addresses: LookupAddress[];
  try {
    addresses = await resolveHost(host);
  } catch {
    return `the host ${host} does not resolve`;
  }
  for (const { address } of addresses) {
    const reason = forbiddenAddressReason(address);
    if (reason === null) continue;
    // An address the client wrote is named; one a name resolved to is not, or webhook URLs would map the
    // server's internal DNS (db.internal resolves to 10.1.2.3) for any key that may subscribe.
    return isIP(host) !== 0
      ? `url resolves to ${reason}; only public addresses may receive webhooks (WEBHOOK_ALLOW_PRIVATE_URLS=true lifts this)`
      : `url's host ${host} ${NOT_PUBLIC}; only public addresses may receive webhooks (WEBHOOK_ALLOW_PRIVATE_URLS=true lifts this)`;
  }
  return null;
}

/** What a refusal says of a host name that resolves inside the network: not which address, nor which range. */
export const NOT_PUBLIC = 'resolves to an address that is not public (loopback, private, link-local or another reserved range)';
