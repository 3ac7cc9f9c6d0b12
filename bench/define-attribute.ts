/**
 * Defining a custom attribute on a large organization (issue 14: "answers within a second and locks
 * nothing"): definitions are made one at a time through the API while 8 clients keep PATCHing the same
 * organization's contacts. Each definition's latency is timed, and so is every PATCH that ran meanwhile: a
 * definition that rewrote or locked the contacts table would show in both.
 */

/** What --define-samples measured on one seeded database. */
export interface DefineResult {
  contacts: number;
  samples: number;
  p50Ms: number;
  maxMs: number;
  /** PATCHes answered 200 while the definitions were being made, and the slowest of them. */
  patches: number;
  patchMaxMs: number;
}

const ATTRIBUTES_PATH = '/api/v2/_schema/contact/attributes';
const WRITERS = 8;
const TIMEOUT_MS = 30_000;

async function timed(url: string, key: string, method: string, path: string, body: unknown): Promise<{ status: number; ms: number; text: string }> {
  const started = performance.now();
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, text };
}

/** samples definitions (string attributes named after the run), with PATCH load on contactIds meanwhile. */
export async function measureDefinitions(url: string, key: string, contactIds: readonly string[], contacts: number, samples: number): Promise<DefineResult> {
  const run = Date.now().toString(36);
  let defining = true;
  let patches = 0;
  let patchMaxMs = 0;
  const writer = async (w: number): Promise<void> => {
    for (let i = 0; defining; i += 1) {
      const id = contactIds[(w * 7919 + i * 104_729) % contactIds.length] as string;
      const res = await timed(url, key, 'PATCH', `/api/v2/contact/${id}`, { attributes: { title: `Define ${w}-${i}` } });
      if (res.status !== 200) throw new Error(`PATCH during a definition answered ${res.status}: ${res.text.slice(0, 200)}`);
      patches += 1;
      patchMaxMs = Math.max(patchMaxMs, res.ms);
    }
  };
  // The writers run first for a moment, so every definition is made under load.
  let failure: unknown = null;
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w).catch((error: unknown) => {
    failure ??= error;
    defining = false;
  }));
  await new Promise((r) => setTimeout(r, 500));
  const latencies: number[] = [];
  try {
    for (let i = 0; i < samples && failure === null; i += 1) {
      const res = await timed(url, key, 'POST', ATTRIBUTES_PATH, { api_name: `bench_defined_${run}_${i}`, display_name: `Defined ${i}`, value_type: 'string' });
      if (res.status !== 201) throw new Error(`a definition answered ${res.status}: ${res.text.slice(0, 200)}`);
      latencies.push(res.ms);
    }
  } finally {
    defining = false;
    await Promise.all(writers);
  }
  if (failure !== null) throw failure;
  latencies.sort((a, b) => a - b);
  return { contacts, samples, p50Ms: latencies[Math.floor(latencies.length / 2)] ?? 0, maxMs: latencies.at(-1) ?? 0, patches, patchMaxMs };
}
