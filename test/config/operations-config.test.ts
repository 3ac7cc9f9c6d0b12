import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
};

describe('operations settings in loadConfig', () => {
  it('defaults: 30 failed key checks per minute per address, no proxy trusted, /metrics without a token', () => {
    expect(loadConfig({})).toMatchObject({ authFailureLimitPerMinute: 30, trustProxy: false, metricsToken: null });
  });

  it('reads AUTH_FAILURE_LIMIT_PER_MINUTE (0 turns it off), METRICS_TOKEN and every form of TRUST_PROXY', () => {
    expect(loadConfig({ AUTH_FAILURE_LIMIT_PER_MINUTE: '0' }).authFailureLimitPerMinute).toBe(0);
    expect(loadConfig({ AUTH_FAILURE_LIMIT_PER_MINUTE: '120' }).authFailureLimitPerMinute).toBe(120);
    expect(loadConfig({ METRICS_TOKEN: 'scrape-token-0123456789' }).metricsToken).toBe('scrape-token-0123456789');
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback,::1' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback', '::1']);
  });

  it('refuses bad values, naming each variable', () => {
    expect(problemsOf({ AUTH_FAILURE_LIMIT_PER_MINUTE: '-1' })).toContain('AUTH_FAILURE_LIMIT_PER_MINUTE');
    expect(problemsOf({ AUTH_FAILURE_LIMIT_PER_MINUTE: 'many' })).toContain('AUTH_FAILURE_LIMIT_PER_MINUTE');
    expect(problemsOf({ METRICS_TOKEN: 'short' })).toContain('METRICS_TOKEN');
    expect(problemsOf({ METRICS_TOKEN: 'has a space in it, sixteen+' })).toContain('METRICS_TOKEN');
    expect(problemsOf({ TRUST_PROXY: 'proxy.example.com' })).toContain('TRUST_PROXY');
    expect(problemsOf({ TRUST_PROXY: ',' })).toContain('TRUST_PROXY');
    // Shaped like addresses but not addresses, or a prefix longer than the address: refused here, by name, before the
    // database is opened, not by the proxy matcher at app start with a message that does not say which variable.
    for (const value of ['10.0.0.0/99', '::1/200', '999.1.1.1', '10.0.0.0/8,1.2.3.4.5', ':::::']) {
      expect(problemsOf({ TRUST_PROXY: value }), value).toContain('TRUST_PROXY');
    }
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/32,fd00::/128,::ffff:10.0.0.1' }).trustProxy).toEqual(['10.0.0.0/32', 'fd00::/128', '::ffff:10.0.0.1']);
  });
});
