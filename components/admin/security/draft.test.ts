import { describe, expect, it, vi } from 'vitest';
import { draftOf, isChanged, newFilterId, placeErrors, prepare, type Policy } from './draft';

const policy = (over: Partial<Policy> = {}): Policy => ({
  version: 3,
  updatedAt: '2026-01-02T03:04:05.000Z',
  updatedBy: 'u-1',
  detectors: { card: 'redact', ssn: 'redact', iban: 'flag', secret: 'redact', email: 'off', phone: 'off' },
  filters: [
    {
      id: '00000000-0000-4000-8000-000000000001',
      name: 'Falcon',
      pattern: '\\bfalcon\\b',
      caseSensitive: false,
      action: 'block',
    },
  ],
  blockedDomains: { domains: ['evil.example'], action: 'block' },
  markup: 'flag',
  limits: {
    messagesPerMinute: 61,
    newAccountMessagesPerMinute: 9,
    newAccountDays: 4,
    maxMessageBytes: 4000,
    tier: 'standard',
  },
  threat: { holdAt: 60, quarantineAt: 90, quarantineMinutes: 60, hold: false, quarantineHolds: false },
  ...over,
});

describe('the security form draft', () => {
  it('is unchanged as loaded, and unchanged by blank lines or spaces that save the same policy', () => {
    const p = policy();
    const d = draftOf(p);
    expect(isChanged(d, p)).toBe(false);
    expect(
      isChanged(
        {
          ...d,
          domains: '\n  evil.example  \n\n',
          limits: { ...d.limits, maxMessageBytes: ' 4000 ', newAccountDays: '4 ' },
        },
        p,
      ),
    ).toBe(false);
    expect(isChanged({ ...d, limits: { ...d.limits, messagesPerMinute: '30' } }, p)).toBe(true);
    expect(isChanged({ ...d, detectors: { ...d.detectors, card: 'block' } }, p)).toBe(true);
    expect(isChanged({ ...d, filters: [{ ...d.filters[0]!, caseSensitive: true }] }, p)).toBe(true);
    expect(isChanged({ ...d, filters: [] }, p)).toBe(true);
    expect(isChanged({ ...d, tier: 'raised' }, p)).toBe(true);
    expect(isChanged({ ...d, hold: true }, p)).toBe(true);
    expect(isChanged({ ...d, quarantineHolds: true }, p)).toBe(true);
  });

  it('sends the whole policy from the version it was edited from, the hidden thresholds unchanged', () => {
    const p = policy();
    const d = draftOf(p);
    const r = prepare(
      {
        ...d,
        domains: 'a.example\n\n b.example ',
        limits: { ...d.limits, maxMessageBytes: '1200', newAccountMessagesPerMinute: '5' },
        tier: 'high',
        hold: true,
        quarantineHolds: true,
      },
      p,
    );
    expect(r.errors).toBeNull();
    expect(r.input).toEqual({
      expectedVersion: 3,
      detectors: p.detectors,
      filters: p.filters,
      blockedDomains: { domains: ['a.example', 'b.example'], action: 'block' },
      markup: 'flag',
      limits: {
        messagesPerMinute: 61,
        newAccountMessagesPerMinute: 5,
        newAccountDays: 4,
        maxMessageBytes: 1200,
        tier: 'high',
      },
      threat: { holdAt: 60, quarantineAt: 90, quarantineMinutes: 60, hold: true, quarantineHolds: true },
    });
    expect(r.sent).toEqual({ filterIds: [p.filters[0]!.id], lineOf: [1, 3] });
  });

  it('finds what the browser can check in the server’s keys, and sends nothing then', () => {
    const p = policy();
    const d = draftOf(p);
    const r = prepare(
      {
        ...d,
        filters: [
          ...d.filters,
          { id: newFilterId(), name: ' ', pattern: '', caseSensitive: false, action: 'flag' },
        ],
        limits: { ...d.limits, maxMessageBytes: '99999', messagesPerMinute: '0', newAccountDays: '2.5' },
        threat: { holdAt: '80', quarantineAt: '70', quarantineMinutes: '0' },
      },
      p,
    );
    expect(r.input).toBeNull();
    expect(r.errors).toEqual({
      'filters.1.name': ['Required'],
      'filters.1.pattern': ['Enter a pattern.'],
      'limits.maxMessageBytes': ['A whole number from 1 to 16384'],
      'limits.messagesPerMinute': ['A whole number from 1 to 1000'],
      'limits.newAccountDays': ['A whole number from 0 to 90'],
      'threat.quarantineAt': ['Quarantine must start above the review threshold'],
      'threat.quarantineMinutes': ['A whole number from 1 to 10080'],
    });
  });

  it('places the server’s errors at the filter and the line they were about', () => {
    const sent = { filterIds: ['f-a', 'f-b'], lineOf: [1, 4] };
    const placed = placeErrors(
      {
        'filters.1.pattern': ['Backreferences (like \\1) are not supported'],
        'blockedDomains.domains.1': ['“nope” is not a domain, like example.com'],
        'detectors.card': ['Off, flag, redact or block'],
        'threat.quarantineAt': ['Quarantine must start above the review threshold'],
      },
      sent,
    );
    expect(placed.filter('f-b')).toEqual({ pattern: ['Backreferences (like \\1) are not supported'] });
    expect(placed.filter('f-a')).toEqual({});
    expect(placed.domains).toEqual(['Line 4: “nope” is not a domain, like example.com']);
    // What no field shows is left to the form's problem list.
    expect(placed.keys.sort()).toEqual([
      'blockedDomains.domains.1',
      'detectors.card',
      'filters.1.pattern',
      'threat.quarantineAt',
    ]);
    expect(placeErrors({ expectedVersion: ['Stale'] }, sent).keys).toEqual([]);
  });

  it('makes version 4 UUIDs for new filters, also where randomUUID is missing (plain HTTP)', () => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const fifty = () => new Set(Array.from({ length: 50 }, newFilterId));
    const ids = fifty();
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: real.getRandomValues.bind(real) });
    try {
      for (const id of fifty()) ids.add(id);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(v4);
  });
});
