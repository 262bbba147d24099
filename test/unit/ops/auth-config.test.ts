import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { ConfigError } from '../../../src/errors.ts';
import { minuteSeries } from '../../../src/queue/jobs.ts';
import { reasonClassOf } from '../../../src/queue/processor.ts';
import { Authenticator } from '../../../src/server/auth.ts';

const tokens = { apiToken: 'a'.repeat(20), readToken: 'r'.repeat(20), editorToken: 'e'.repeat(20), adminToken: 'z'.repeat(20) };

describe('tokens and scopes', () => {
  it('reads Bearer and Basic (token as password) headers', () => {
    expect(Authenticator.tokenOf('Bearer abc')).toBe('abc');
    expect(Authenticator.tokenOf('bearer abc ')).toBe('abc');
    const basic = `Basic ${Buffer.from('anyone:s3cret:with:colons').toString('base64')}`;
    expect(Authenticator.tokenOf(basic, { basic: true })).toBe('s3cret:with:colons');
    expect(Authenticator.tokenOf(basic)).toBeNull();
    expect(Authenticator.tokenOf('Token abc')).toBeNull();
    expect(Authenticator.tokenOf(undefined)).toBeNull();
  });

  it('gives each token its scopes and knows no other token', () => {
    const auth = new Authenticator(tokens);
    expect([...auth.identify('a'.repeat(20))!.scopes]).toEqual(['ingest', 'read']);
    expect([...auth.identify('r'.repeat(20))!.scopes]).toEqual(['read']);
    expect([...auth.identify('e'.repeat(20))!.scopes]).toEqual(['read', 'editor']);
    expect([...auth.identify('z'.repeat(20))!.scopes]).toEqual(['ingest', 'read', 'editor', 'admin']);
    expect(auth.identify('a'.repeat(19))).toBeNull();
    expect(auth.identify('')).toBeNull();
    expect(new Authenticator({}).configured).toBe(false);
  });
});

describe('operations configuration', () => {
  it('has defaults: 127.0.0.1:8080, 5 MB bodies, 30 s grace, no feeds', () => {
    const c = loadConfig({});
    expect(c.server).toMatchObject({ host: '127.0.0.1', port: 8080, bodyLimit: 5 * 1024 * 1024, maxArticles: 500 });
    expect(c.shutdownGraceMs).toBe(30_000);
    expect(c.feeds).toEqual([]);
  });

  it('takes feeds as JSON in WIREDESK_FEEDS, with a default interval', () => {
    const c = loadConfig({ WIREDESK_FEEDS: '[{"name":"ap","url":"https://example.com/rss.xml"}]', WIREDESK_PORT: '9090' });
    expect(c.feeds).toEqual([{ name: 'ap', url: 'https://example.com/rss.xml', everyMs: 300_000 }]);
    expect(c.server.port).toBe(9090);
  });

  it('refuses a short token without echoing it, and a bad feed list', () => {
    let message = '';
    try {
      loadConfig({ WIREDESK_API_TOKEN: 'hunter2' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^WIREDESK_API_TOKEN="\(hidden\)": is shorter than 16 characters/);
    expect(message).not.toContain('hunter2');
    expect(() => loadConfig({ WIREDESK_FEEDS: 'https://example.com/rss.xml' })).toThrow(/^WIREDESK_FEEDS=.*not a JSON array of feeds/);
  });
});

describe('queue helpers', () => {
  it('reads the class of a failure reason', () => {
    expect(reasonClassOf('unreadable_article: binary')).toBe('unreadable_article');
    expect(reasonClassOf('job stalled more than allowable limit')).toBe('stalled');
    expect(reasonClassOf(undefined)).toBe('other');
  });

  it('turns BullMQ per-minute metrics into a series ending now', () => {
    const minute = 60_000;
    const now = 100 * minute + 5_000;
    // Last push in minute 98 (3 jobs so far in it), minutes 97 and 96 had 4 and 5.
    const m = { meta: { count: 20, prevTS: 98 * minute + 1_000, prevCount: 17 }, data: [4, 5] };
    expect(minuteSeries(m, 5, now)).toEqual([0, 0, 3, 4, 5]);
    expect(minuteSeries({ meta: { count: 0, prevTS: 0, prevCount: 0 }, data: [] }, 3, now)).toEqual([0, 0, 0]);
  });
});
