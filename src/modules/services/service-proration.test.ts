import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fullPeriodDays, planChangeProration, shareFrom } from './service-proration.ts';

const monthly = { unit: 'month', count: 1 } as const;

describe('service proration', () => {
  it('credits the old plan and charges the new one for the same days of the period', () => {
    const p = planChangeProration({
      from: { name: 'Fiber 100', priceMinor: 300000, period: monthly },
      to: { name: 'Fiber 300', priceMinor: 450000, period: monthly },
      effectiveOn: '2026-11-16',
      periodEnd: '2026-12-01',
      anchorDay: 1,
    });
    assert.deepEqual(p, {
      periodStart: '2026-11-16',
      periodEnd: '2026-12-01',
      creditMinor: -150000,
      creditDescription: 'Unused days of Fiber 100, 2026-11-16 to 2026-11-30',
      chargeMinor: 225000,
      chargeDescription: 'Fiber 300, 2026-11-16 to 2026-11-30',
    });
  });

  it('rounds half away from zero on an odd day count, the credit mirroring the charge', () => {
    // 999 x 7 / 31 = 225.58 -> 226.
    const p = planChangeProration({
      from: { name: 'Lite', priceMinor: 999, period: monthly },
      to: { name: 'Lite+', priceMinor: 999, period: monthly },
      effectiveOn: '2026-12-25',
      periodEnd: '2027-01-01',
      anchorDay: 1,
    });
    assert.equal(p.creditMinor, -226);
    assert.equal(p.chargeMinor, 226);
    // Exactly half: 3 x 1 / 2 = 1.5 -> 2, and -1.5 -> -2.
    assert.equal(shareFrom(3, '2026-11-01', '2026-11-03', '2026-11-02'), 2);
    assert.equal(shareFrom(-3, '2026-11-01', '2026-11-03', '2026-11-02'), -2);
  });

  it('prices a day by the whole plan period, also when the invoiced period was a part one', () => {
    // A fixed billing day of 1: a service that started on 17 November was invoiced 14 of 30 days.
    assert.equal(fullPeriodDays('2026-12-01', monthly, 1), 30);
    assert.equal(fullPeriodDays('2027-03-01', monthly, 1), 28);
    assert.equal(fullPeriodDays('2026-12-08', { unit: 'day', count: 7 }, 1), 7);
    const p = planChangeProration({
      from: { name: 'A', priceMinor: 300000, period: monthly },
      to: { name: 'B', priceMinor: 450000, period: monthly },
      effectiveOn: '2026-11-21',
      periodEnd: '2026-12-01',
      anchorDay: 1,
    });
    assert.deepEqual([p.creditMinor, p.chargeMinor], [-100000, 150000]);
  });

  it('takes the share of a line on or after a day, all of it or none at the edges', () => {
    assert.equal(shareFrom(300000, '2026-11-01', '2026-12-01', '2026-11-21'), 100000);
    assert.equal(shareFrom(300000, '2026-11-01', '2026-12-01', '2026-10-15'), 300000);
    assert.equal(shareFrom(300000, '2026-11-01', '2026-12-01', '2026-12-01'), 0);
  });
});
