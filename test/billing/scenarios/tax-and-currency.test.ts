/**
 * Tax and currency, night by night: the same plan price under a 12% inclusive VAT
 * (Philippines) and a 16% exclusive VAT (Kenya), tax per line; a 0-decimal currency (JPY)
 * and a 3-decimal currency (BHD) with a prorated first period. Every amount is in the
 * currency's minor unit and rounded half away from zero (DESIGN.md "Money and time").
 */
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { makeCustomer, makePlan, makeService } from '../../helpers/factories.ts';
import { billingCompany, billNights, inCompany, line, recurring, type Company, type CompanySettings, type TaxRateInput } from '../scenario-kit.ts';

describe('tax and currency', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  async function serviceIn(
    settings: CompanySettings,
    rate: TaxRateInput,
    plan: { name: string; price: number },
    startOn: string,
  ): Promise<{ company: Company; customerId: string; serviceId: string }> {
    const company = await billingCompany(t, settings, [rate]);
    const p = await makePlan(t, company.owner, { name: plan.name, price_minor: plan.price, currency: settings.currency ?? 'PHP', tax_class: rate.taxClass });
    const customer = await makeCustomer(t, company.owner);
    const service = await makeService(t, company.owner, { customerId: customer.id, planId: p.id, start_on: startOn });
    return { company, customerId: customer.id, serviceId: service.id };
  }

  /** A router sold with the service, waiting for its first invoice. */
  async function addEquipmentCharge(company: Company, customerId: string, serviceId: string, priceMinor: number): Promise<void> {
    await inCompany(t, company, (trx) =>
      trx
        .insertInto('charges')
        .values({ tenant_id: company.tenantId, customer_id: customerId, service_id: serviceId, kind: 'equipment', description: 'Wi-Fi 6 router', unit_price_minor: priceMinor, tax_class: 'standard' })
        .execute(),
    );
  }

  it('12% VAT inclusive (PHP): the price is the total, net = round(gross / 1.12), tax per line', async () => {
    const vat = { taxName: 'VAT', taxRatePpm: 120000, taxInclusive: true };
    const { company, customerId, serviceId } = await serviceIn(
      { currency: 'PHP', timeZone: 'Asia/Manila' },
      { taxClass: 'standard', name: 'VAT', ratePpm: 120000, inclusive: true },
      { name: 'Fiber 50', price: 149900 },
      '2027-01-15',
    );
    await addEquipmentCharge(company, customerId, serviceId, 99900);
    // 149900 / 1.12 = 133839.29 -> 133839 (tax 16061); 99900 / 1.12 = 89196.43 -> 89196 (tax 10704).
    // Per line, not per invoice: 249800 / 1.12 = 223035.71 would round to 223036.
    await billNights(t, company, customerId, [
      {
        on: '2027-01-15',
        made: [
          recurring({ number: 'INV-000001', issuedOn: '2027-01-15', dueOn: '2027-01-22', period: ['2027-01-15', '2027-02-15'], subtotal: 223035, tax: 26765, total: 249800 }, [
            line({ description: 'Fiber 50, 15 Jan 2027 to 14 Feb 2027', period: ['2027-01-15', '2027-02-15'], unit: 149900, net: 133839, tax: 16061, total: 149900, ...vat }),
            line({ kind: 'equipment', description: 'Wi-Fi 6 router', unit: 99900, net: 89196, tax: 10704, total: 99900, ...vat }),
          ]),
        ],
        balance: 249800,
        totals: { PHP: 249800 },
      },
      {
        on: '2027-02-15',
        made: [
          recurring({ number: 'INV-000002', issuedOn: '2027-02-15', dueOn: '2027-02-22', period: ['2027-02-15', '2027-03-15'], subtotal: 133839, tax: 16061, total: 149900 }, [
            line({ description: 'Fiber 50, 15 Feb 2027 to 14 Mar 2027', period: ['2027-02-15', '2027-03-15'], unit: 149900, net: 133839, tax: 16061, total: 149900, ...vat }),
          ]),
        ],
        balance: 399700,
        totals: { PHP: 149900 },
      },
    ]);
  });

  it('16% VAT exclusive (KES): the same price is the net, tax on top', async () => {
    const vat = { taxName: 'VAT', taxRatePpm: 160000, taxInclusive: false };
    const { company, customerId, serviceId } = await serviceIn(
      { currency: 'KES', timeZone: 'Africa/Nairobi' },
      { taxClass: 'standard', name: 'VAT', ratePpm: 160000, inclusive: false },
      { name: 'Fiber 50', price: 149900 },
      '2027-01-15',
    );
    await addEquipmentCharge(company, customerId, serviceId, 99900);
    // 149900 x 0.16 = 23984; 99900 x 0.16 = 15984.
    await billNights(t, company, customerId, [
      {
        on: '2027-01-15',
        made: [
          recurring({ number: 'INV-000001', issuedOn: '2027-01-15', dueOn: '2027-01-22', period: ['2027-01-15', '2027-02-15'], subtotal: 249800, tax: 39968, total: 289768 }, [
            line({ description: 'Fiber 50, 15 Jan 2027 to 14 Feb 2027', period: ['2027-01-15', '2027-02-15'], unit: 149900, net: 149900, tax: 23984, total: 173884, ...vat }),
            line({ kind: 'equipment', description: 'Wi-Fi 6 router', unit: 99900, net: 99900, tax: 15984, total: 115884, ...vat }),
          ]),
        ],
        balance: 289768,
        totals: { KES: 289768 },
      },
      {
        on: '2027-02-15',
        made: [
          recurring({ number: 'INV-000002', issuedOn: '2027-02-15', dueOn: '2027-02-22', period: ['2027-02-15', '2027-03-15'], subtotal: 149900, tax: 23984, total: 173884 }, [
            line({ description: 'Fiber 50, 15 Feb 2027 to 14 Mar 2027', period: ['2027-02-15', '2027-03-15'], unit: 149900, net: 149900, tax: 23984, total: 173884, ...vat }),
          ]),
        ],
        balance: 463652,
        totals: { KES: 173884 },
      },
    ]);
  });

  it('JPY (0 decimals), 10% inclusive, fixed day 1: plan 5000, first invoice 15 of 31 days', async () => {
    const tax = { taxName: 'Consumption tax', taxRatePpm: 100000, taxInclusive: true };
    const { company, customerId } = await serviceIn(
      { currency: 'JPY', timeZone: 'Asia/Tokyo', policy: 'fixed_day', billingDay: 1 },
      { taxClass: 'standard', name: 'Consumption tax', ratePpm: 100000, inclusive: true },
      { name: 'Hikari 1G', price: 5000 },
      '2027-01-17',
    );
    // 5000 x 15 / 31 = 2419.35 -> 2419 yen; 2419 / 1.1 = 2199.09 -> 2199, tax 220.
    // 5000 / 1.1 = 4545.45 -> 4545, tax 455.
    await billNights(t, company, customerId, [
      {
        on: '2027-01-17',
        made: [
          recurring({ number: 'INV-000001', issuedOn: '2027-01-17', dueOn: '2027-01-24', period: ['2027-01-17', '2027-02-01'], subtotal: 2199, tax: 220, total: 2419 }, [
            line({ description: 'Hikari 1G, 17 Jan 2027 to 31 Jan 2027 (15 of 31 days)', period: ['2027-01-17', '2027-02-01'], unit: 2419, net: 2199, tax: 220, total: 2419, ...tax }),
          ]),
        ],
        balance: 2419,
        totals: { JPY: 2419 },
      },
      {
        on: '2027-02-01',
        made: [
          recurring({ number: 'INV-000002', issuedOn: '2027-02-01', dueOn: '2027-02-08', period: ['2027-02-01', '2027-03-01'], subtotal: 4545, tax: 455, total: 5000 }, [
            line({ description: 'Hikari 1G, 1 Feb 2027 to 28 Feb 2027', period: ['2027-02-01', '2027-03-01'], unit: 5000, net: 4545, tax: 455, total: 5000, ...tax }),
          ]),
        ],
        balance: 7419,
        totals: { JPY: 5000 },
      },
    ]);
  });

  it('BHD (3 decimals), 10% exclusive, fixed day 1: plan 12.345, halves round away from zero', async () => {
    const vat = { taxName: 'VAT', taxRatePpm: 100000, taxInclusive: false };
    const { company, customerId } = await serviceIn(
      { currency: 'BHD', timeZone: 'Asia/Bahrain', policy: 'fixed_day', billingDay: 1 },
      { taxClass: 'standard', name: 'VAT', ratePpm: 100000, inclusive: false },
      { name: 'Fibre Home', price: 12345 },
      '2027-04-16',
    );
    // 16 to 30 April is 15 of April's 30 days: 12345 x 15 / 30 = 6172.5 fils -> 6173 (half away
    // from zero; banker's rounding or truncation would give 6172). Tax 617.3 -> 617.
    // May: tax 12345 x 0.1 = 1234.5 -> 1235 (half-even would give 1234).
    await billNights(t, company, customerId, [
      {
        on: '2027-04-16',
        made: [
          recurring({ number: 'INV-000001', issuedOn: '2027-04-16', dueOn: '2027-04-23', period: ['2027-04-16', '2027-05-01'], subtotal: 6173, tax: 617, total: 6790 }, [
            line({ description: 'Fibre Home, 16 Apr 2027 to 30 Apr 2027 (15 of 30 days)', period: ['2027-04-16', '2027-05-01'], unit: 6173, net: 6173, tax: 617, total: 6790, ...vat }),
          ]),
        ],
        balance: 6790,
        totals: { BHD: 6790 },
      },
      {
        on: '2027-05-01',
        made: [
          recurring({ number: 'INV-000002', issuedOn: '2027-05-01', dueOn: '2027-05-08', period: ['2027-05-01', '2027-06-01'], subtotal: 12345, tax: 1235, total: 13580 }, [
            line({ description: 'Fibre Home, 1 May 2027 to 31 May 2027', period: ['2027-05-01', '2027-06-01'], unit: 12345, net: 12345, tax: 1235, total: 13580, ...vat }),
          ]),
        ],
        balance: 20370,
        totals: { BHD: 13580 },
      },
    ]);
  });
});
