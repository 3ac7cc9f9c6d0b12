import { describe, expect, it } from 'vitest';
import { formatWebhookReport, runWebhookBench } from '../../bench/webhooks.ts';

// A tiny run of `npm run bench:webhooks`: a real server as a child process and a loopback receiver. It
// checks the scenario works end to end, never how fast anything is (the machine is shared and noisy).
describe('webhooks bench smoke run', () => {
  it('measures PATCH with and without subscriptions, delivers a whole backlog, and times commit → delivery', { timeout: 120_000 }, async () => {
    const reports = await runWebhookBench({ dialects: ['sqlite'], postgresUrl: null, contacts: 50, connections: 4, duration: 1, amount: 100, rounds: 1, backlog: 100, latencySamples: 5, log: () => undefined });
    expect(reports).toHaveLength(1);
    const [report] = reports;
    expect(report?.patchWithout[0]).toBeGreaterThan(0);
    expect(report?.patchWith[0]).toBeGreaterThan(0);
    expect(report?.deliveriesPerSecond).toBeGreaterThan(0);
    expect(report?.latencyP50Ms).toBeGreaterThanOrEqual(0);
    expect(formatWebhookReport(reports)).toContain('| sqlite |');
  });
});
