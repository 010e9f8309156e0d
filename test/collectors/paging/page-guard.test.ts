import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PAGES, lastPageOfLink, PageGuard } from '../../../collectors/paging/page-guard.js';
import { CollectorError, PaginationError } from '../../../src/errors.js';

const thrown = (fn: () => void): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
};

describe('PageGuard', () => {
  it('lets distinct continuations through and counts the pages, the first included', () => {
    const guard = new PageGuard('iam:ListVirtualMFADevices');
    for (const t of ['a', 'b', 'c']) guard.page(t);
    expect(guard.pages).toBe(4);
  });

  it('stops at a continuation that comes back, naming the operation', () => {
    const guard = new PageGuard('iam:ListVirtualMFADevices');
    guard.page('bWFya2Vy');
    guard.page('other');
    const err = thrown(() => guard.page('bWFya2Vy'));
    expect(err).toBeInstanceOf(PaginationError);
    expect(err).toBeInstanceOf(CollectorError);
    expect(err).toMatchObject({
      operation: 'iam:ListVirtualMFADevices',
      reason: 'repeated-continuation',
      pages: 3,
      message:
        'iam:ListVirtualMFADevices: the continuation bWFya2Vy came back after 3 pages; a client following it would never stop',
    });
  });

  it('treats the first request URL as seen, so a next link pointing back at it stops at once', () => {
    const url = 'https://api.github.com/orgs/acme/members?per_page=100';
    const guard = new PageGuard('GET /orgs/{org}/members', { first: url });
    expect(thrown(() => guard.page(url))).toMatchObject({ reason: 'repeated-continuation', pages: 1 });
  });

  it('caps the pages at the configured maximum, by default DEFAULT_MAX_PAGES', () => {
    const guard = new PageGuard('organizations:ListAccounts', { maxPages: 3 });
    guard.page('1');
    guard.page('2');
    expect(thrown(() => guard.page('3'))).toMatchObject({
      reason: 'too-many-pages',
      pages: 3,
      message: 'organizations:ListAccounts: more than 3 pages, more than the list can have; stopped paging',
    });
    const unbounded = new PageGuard('x');
    for (let i = 1; i < DEFAULT_MAX_PAGES; i++) unbounded.page(String(i));
    expect(thrown(() => unbounded.page('last'))).toMatchObject({ reason: 'too-many-pages' });
  });

  it('lowers the cap to what a reported total allows, with two pages of slack, and never raises it', () => {
    const guard = new PageGuard('GraphQL organization.repositories');
    guard.expect({ items: 250, pageSize: 100 });
    for (const t of ['a', 'b', 'c', 'd']) guard.page(t);
    expect(guard.pages).toBe(5);
    expect(thrown(() => guard.page('e'))).toMatchObject({ reason: 'too-many-pages', pages: 5 });

    const small = new PageGuard('op', { maxPages: 2 });
    small.expect({ pages: 40 });
    small.page('a');
    expect(thrown(() => small.page('b'))).toMatchObject({ reason: 'too-many-pages' });

    const empty = new PageGuard('op');
    empty.expect({ items: 0, pageSize: 100 });
    empty.page('a');
    empty.page('b');
    expect(thrown(() => empty.page('c'))).toMatchObject({ reason: 'too-many-pages', pages: 3 });
  });

  it('shortens a long continuation in the message', () => {
    const guard = new PageGuard('op');
    const long = 'x'.repeat(500);
    guard.page(long);
    const err = thrown(() => guard.page(long)) as Error;
    expect(err.message).toContain(`${'x'.repeat(117)}...`);
    expect(err.message).not.toContain('x'.repeat(118));
  });

  it('rejects a cap that is not a positive integer', () => {
    expect(() => new PageGuard('op', { maxPages: 0 })).toThrow(RangeError);
  });
});

describe('lastPageOfLink', () => {
  it('reads the page count of a rel="last" link', () => {
    const link =
      '<https://api.github.com/orgs/acme/repos?per_page=100&page=2>; rel="next", <https://api.github.com/orgs/acme/repos?per_page=100&page=7>; rel="last"';
    expect(lastPageOfLink(link)).toBe(7);
  });

  it('is undefined without a last link, or with one that names no page', () => {
    expect(lastPageOfLink(undefined)).toBeUndefined();
    expect(lastPageOfLink('<https://api.github.com/x?after=abc>; rel="next"')).toBeUndefined();
    expect(lastPageOfLink('<https://api.github.com/x?after=abc>; rel="last"')).toBeUndefined();
    expect(lastPageOfLink('<not a url>; rel="last"')).toBeUndefined();
  });
});
