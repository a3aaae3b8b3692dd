import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDateTime, isTimeZone, parseCalendarDate, startOfDay } from './zoned-time.ts';
import { currencyExponent, isCurrencyCode } from './currencies.ts';
import { isCountryCode } from './countries.ts';
import { auditChanges } from '../modules/audit/audit-changes.ts';

describe('zoned time', () => {
  it('finds where a calendar day starts in a zone, across DST changes', () => {
    assert.equal(startOfDay('2026-11-27', 'Asia/Manila').toISOString(), '2026-11-26T16:00:00.000Z');
    assert.equal(startOfDay('2026-11-27', 'Asia/Manila', 1).toISOString(), '2026-11-27T16:00:00.000Z');
    assert.equal(startOfDay('2026-03-08', 'America/New_York').toISOString(), '2026-03-08T05:00:00.000Z');
    assert.equal(startOfDay('2026-03-09', 'America/New_York').toISOString(), '2026-03-09T04:00:00.000Z');
    // Santiago skips from 00:00 to 01:00 on 6 Sep 2026: the day starts at 01:00 -03.
    assert.equal(startOfDay('2026-09-06', 'America/Santiago').toISOString(), '2026-09-06T04:00:00.000Z');
    assert.equal(startOfDay('2026-01-01', 'Asia/Kathmandu').toISOString(), '2025-12-31T18:15:00.000Z');
    assert.equal(startOfDay('2026-12-31', 'UTC', 1).toISOString(), '2027-01-01T00:00:00.000Z');
  });

  it('accepts only real calendar dates and known zones', () => {
    assert.ok(parseCalendarDate('2028-02-29'));
    assert.equal(parseCalendarDate('2026-02-29'), undefined);
    assert.equal(parseCalendarDate('2026-1-01'), undefined);
    assert.ok(isTimeZone('Africa/Nairobi') && isTimeZone('UTC'));
    assert.ok(!isTimeZone('Mars/Olympus') && !isTimeZone('asia/manila'));
    assert.match(formatDateTime(new Date('2026-11-20T16:00:00Z'), 'Asia/Manila', 'en-PH'), /Nov 21, 2026/);
  });
});

describe('reference lists', () => {
  it('knows minor units of the currencies billing needs', () => {
    assert.deepEqual(['PHP', 'KES', 'USD', 'JPY', 'BHD'].map(currencyExponent), [2, 2, 2, 0, 3]);
    assert.ok(!isCurrencyCode('XXX') && !isCurrencyCode('php'));
    assert.ok(isCountryCode('PH') && isCountryCode('KE') && !isCountryCode('ZZ') && !isCountryCode('UK'));
  });
});

describe('audit changes', () => {
  it('lists changed keys only, creations and deletions in full', () => {
    assert.deepEqual(auditChanges({ role: 'Support', name: 'X' }, { role: 'Admin', name: 'X' }), [{ key: 'role', before: 'Support', after: 'Admin' }]);
    assert.deepEqual(auditChanges(null, { name: 'Field' }), [{ key: 'name', before: null, after: 'Field' }]);
    assert.deepEqual(auditChanges({ name: 'Gone' }, null), [{ key: 'name', before: 'Gone', after: null }]);
    assert.deepEqual(auditChanges({ p: ['a', 'b'] }, { p: ['a', 'b'] }), []);
    assert.deepEqual(auditChanges('x', 'y'), [{ key: '', before: 'x', after: 'y' }]);
    assert.deepEqual(auditChanges(null, null), []);
  });
});
