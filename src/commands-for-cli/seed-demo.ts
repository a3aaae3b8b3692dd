/**
 * `lastmile seed-demo [--tenant SLUG] [--scale N]`
 * Creates the demo company (or refills the one with that slug) so a visitor sees a living
 * system: a Cavite area tree, PHP plans, FTTH plant around Imus, a few hundred subscribers
 * with ONUs, installations and services. Prints the owner's sign-in. `--scale N` then adds
 * N more subscribers with set-based SQL, for benchmarks (see seed-demo-scale.ts).
 */
import type { Database } from '../db/database.ts';
import { withPlatform, withTenant } from '../db/tenancy.ts';
import { newSecret } from '../lib/tokens.ts';
import { signUpCompany } from '../modules/tenants/sign-up-company.ts';
import type { Actor } from '../modules/context.ts';
import { ALL_PERMISSIONS } from '../modules/roles/permissions.ts';
import { CliError } from './cli-error.ts';
import { createProgress } from './import-progress.ts';
import { openRuntime } from './open-runtime.ts';
import { seedDemoBilling } from './seed-demo-billing.ts';
import { DEMO_CUSTOMERS, seedDemoCompany } from './seed-demo-company.ts';
import { seedScale } from './seed-demo-scale.ts';

export const DEFAULT_DEMO_SLUG = 'demo-fiber';
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_SCALE = 10_000_000;
/** Through the use cases; more than this is what --scale is for. */
const MAX_CUSTOMERS = 2000;

function parseScale(raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (!/^\d{1,8}$/.test(raw.trim()) || Number(raw) > MAX_SCALE) throw new CliError(`--scale must be a whole number from 0 to ${MAX_SCALE.toLocaleString('en')}`, 2);
  return Number(raw);
}

function parseCount(raw: string): number {
  if (!/^\d{1,4}$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > MAX_CUSTOMERS) throw new CliError(`--customers must be a whole number from 1 to ${MAX_CUSTOMERS}`, 2);
  return Number(raw);
}

/** "demo-fiber" -> "Demo Fiber": a company name whose sign-up slug is the one asked for. */
function companyNameFor(slug: string): string {
  return slug
    .split('-')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

interface DemoTenant {
  id: string;
  name: string;
  slug: string;
  ownerId: string;
  ownerEmail: string;
  /** Only when this run created the company; an existing owner's password is never shown or changed. */
  password?: string;
}

async function findOrCreate(db: Database, slug: string): Promise<DemoTenant> {
  const found = await withPlatform(db, (trx) => trx.selectFrom('tenants').select(['id', 'name', 'slug', 'status']).where('slug', '=', slug).executeTakeFirst());
  if (found) {
    if (found.status !== 'active') throw new CliError(`${found.name} (${slug}) is suspended; restore it before seeding`);
    const owner = await withTenant(db, found.id, (trx) =>
      trx.selectFrom('users').select(['id', 'email']).where('tenant_id', '=', found.id).where('is_owner', '=', true).orderBy('created_at').executeTakeFirstOrThrow(),
    );
    return { id: found.id, name: found.name, slug, ownerId: owner.id, ownerEmail: owner.email };
  }
  const password = newSecret(12);
  const ownerEmail = `owner@${slug}.example.com`;
  const created = await signUpCompany({ db, now: () => new Date() }, { companyName: companyNameFor(slug), ownerName: 'Demo Owner', email: ownerEmail, password });
  return { id: created.tenantId, name: companyNameFor(slug), slug: created.tenantSlug, ownerId: created.userId, ownerEmail, password };
}

export async function seedDemoCommand(args: { tenant: string | undefined; scale: string | undefined; customers: string | undefined }): Promise<void> {
  const scale = parseScale(args.scale);
  const customers = args.customers === undefined ? DEMO_CUSTOMERS : parseCount(args.customers);
  const slug = (args.tenant ?? DEFAULT_DEMO_SLUG).trim().toLowerCase();
  if (!SLUG.test(slug)) throw new CliError(`--tenant must be a company slug like ${DEFAULT_DEMO_SLUG} (lower-case letters, digits and dashes)`, 2);

  const runtime = await openRuntime({ migrate: true, quiet: true });
  try {
    const tenant = await findOrCreate(runtime.db, slug);
    const actor: Actor = { type: 'system', id: null, label: 'seed-demo', isOwner: false, permissions: new Set(ALL_PERMISSIONS) };
    const progress = createProgress('Seeding demo');
    let counts;
    try {
      counts = await seedDemoCompany({ db: runtime.db, tenantId: tenant.id, actor, now: () => new Date(), technicianId: tenant.ownerId, customers, onProgress: (d, t) => progress.update(d, t) });
    } finally {
      progress.finish();
    }
    if (scale > 0) {
      const scaling = createProgress(`Adding ${scale} customers`);
      try {
        await seedScale(runtime.db, tenant.id, actor, scale, () => new Date(), (d, t) => scaling.update(d, t));
      } finally {
        scaling.finish();
      }
    }
    const billing = await seedDemoBilling({ db: runtime.db, tenantId: tenant.id, actor, now: () => new Date() });
    console.log(`Demo company: ${tenant.name} (slug ${tenant.slug})`);
    console.log(`Sign in at ${runtime.config.publicUrl}/login as ${tenant.ownerEmail}`);
    console.log(tenant.password ? `Password: ${tenant.password}` : 'Password: unchanged (it was printed when the company was created)');
    console.log(
      `Areas ${counts.areas}, plans ${counts.plans}, NAP ports ${counts.ports}, customers ${counts.customers + scale}, devices ${counts.devices}, installations ${counts.installations + scale}, services ${counts.services + scale}`,
    );
    console.log(`Billing: ${billing.invoices} invoices made, ${billing.payments} payments and ${billing.topUps} prepaid top-ups recorded`);
  } finally {
    await runtime.db.close();
  }
}
