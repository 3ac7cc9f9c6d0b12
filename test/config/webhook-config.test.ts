import { describe, expect, it } from 'vitest';
import { loadConfig, parseDurations } from '../../src/config.ts';
import { problemsOf } from '../helpers/config-problems.ts';

describe('webhook configuration', () => {
  it('defaults: 15 s timeout, 5s,5m,30m,2h,5h,10h,10h, disabled after 120 h, private URLs refused, worker in serve', () => {
    const config = loadConfig({});
    expect(config.webhookTimeoutMs).toBe(15_000);
    expect(config.webhookRetryScheduleMs).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(config.webhookDisableAfterHours).toBe(120);
    expect(config.webhookAllowPrivateUrls).toBe(false);
    expect(config.webhookWorker).toBe(true);
  });

  it('reads WEBHOOK_TIMEOUT_MS, WEBHOOK_RETRY_SCHEDULE, WEBHOOK_DISABLE_AFTER_HOURS, WEBHOOK_ALLOW_PRIVATE_URLS, WEBHOOK_WORKER', () => {
    const config = loadConfig({ WEBHOOK_TIMEOUT_MS: '2500', WEBHOOK_RETRY_SCHEDULE: '250ms, 1s,2m,1h', WEBHOOK_DISABLE_AFTER_HOURS: '0.5', WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_WORKER: 'false' });
    expect(config.webhookTimeoutMs).toBe(2500);
    expect(config.webhookRetryScheduleMs).toEqual([250, 1000, 120_000, 3_600_000]);
    expect(config.webhookDisableAfterHours).toBe(0.5);
    expect(config.webhookAllowPrivateUrls).toBe(true);
    expect(config.webhookWorker).toBe(false);
  });

  it('ConfigError naming each bad webhook variable', () => {
    const problems = problemsOf({ WEBHOOK_TIMEOUT_MS: '50', WEBHOOK_RETRY_SCHEDULE: '5s,soon', WEBHOOK_DISABLE_AFTER_HOURS: '0', WEBHOOK_ALLOW_PRIVATE_URLS: 'yes', WEBHOOK_WORKER: 'maybe' });
    for (const name of ['WEBHOOK_TIMEOUT_MS', 'WEBHOOK_RETRY_SCHEDULE', 'WEBHOOK_DISABLE_AFTER_HOURS', 'WEBHOOK_ALLOW_PRIVATE_URLS', 'WEBHOOK_WORKER']) {
      expect(problems.some((p) => p.startsWith(name)), name).toBe(true);
    }
  });

  it('parseDurations refuses empty parts, unknown units, more than 20 entries and more than 7 days', () => {
    expect(parseDurations('10h')).toEqual([36_000_000]);
    for (const bad of ['', '5', '5d', '5s,', '-5s', Array(21).fill('1s').join(','), '169h']) expect(parseDurations(bad), bad).toBeNull();
  });
});
