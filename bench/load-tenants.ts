/**
 * Loads the benchmark data set with set-based SQL (generate_series), as the superuser (who
 * is not subject to RLS): N tenants, each with what sign-up creates (settings, the built-in
 * roles, an owner) plus `usersPerTenant - 1` more staff, and one API key holding users.read.
 * Every user shares one precomputed argon2 hash; hashing a million passwords would take hours
 * and measure nothing the benchmark is about.
 */
import type pg from 'pg';
import { hashPassword } from '../src/lib/passwords.ts';
import { formatApiKey, hashSecret, newSecret } from '../src/lib/tokens.ts';
import { BUILTIN_ROLES } from '../src/modules/roles/permissions.ts';

export interface BenchTenant {
  id: string;
  slug: string;
  apiKey: string;
}

export async function loadTenants(client: pg.ClientBase, tenants: number, usersPerTenant: number): Promise<BenchTenant[]> {
  const passwordHash = await hashPassword('bench-password-not-used-for-sign-in');
  await client.query('BEGIN');
  try {
    const created = await client.query<{ id: string; slug: string }>(
      `INSERT INTO tenants (slug, name)
       SELECT 'bench-isp-' || i, 'Bench ISP ' || i FROM generate_series(1, $1::int) AS i
       RETURNING id, slug`,
      [tenants],
    );
    await client.query(`INSERT INTO tenant_settings (tenant_id) SELECT id FROM tenants`);
    await client.query(
      `INSERT INTO roles (tenant_id, builtin_key, name, description)
       SELECT t.id, r.key, r.name, r.description
       FROM tenants t CROSS JOIN unnest($1::text[], $2::text[], $3::text[]) AS r(key, name, description)`,
      [BUILTIN_ROLES.map((r) => r.key), BUILTIN_ROLES.map((r) => r.name), BUILTIN_ROLES.map((r) => r.description)],
    );
    // User 1 of each tenant is its owner; the rest are spread over the other built-in roles.
    // created_at steps back one minute per user so lists ordered by time have distinct keys.
    await client.query(
      `INSERT INTO users (tenant_id, email, name, password_hash, role_id, is_owner, status, created_at, updated_at)
       SELECT t.id,
              'staff' || n || '@' || t.slug || '.example',
              'Staff member ' || n,
              $2,
              r.id,
              n = 1,
              'active',
              now() - make_interval(mins => n),
              now() - make_interval(mins => n)
       FROM tenants t
       CROSS JOIN generate_series(1, $1::int) AS n
       JOIN roles r ON r.tenant_id = t.id
        AND r.builtin_key = CASE WHEN n = 1 THEN 'owner'
                                 ELSE (ARRAY['admin', 'billing', 'support', 'technician', 'read_only'])[1 + n % 5] END`,
      [usersPerTenant, passwordHash],
    );

    const keys = created.rows.map((t) => {
      const secret = newSecret();
      return { ...t, apiKey: formatApiKey(t.id, secret), prefix: secret.slice(0, 8), hash: hashSecret(secret) };
    });
    await client.query(
      `INSERT INTO api_keys (tenant_id, name, key_prefix, key_hash, permissions, created_by)
       SELECT k.tenant_id, 'Benchmark', k.prefix, k.hash, ARRAY['users.read'], u.id
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS k(tenant_id, prefix, hash)
       JOIN users u ON u.tenant_id = k.tenant_id AND u.is_owner`,
      [keys.map((k) => k.id), keys.map((k) => k.prefix), keys.map((k) => k.hash)],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return keys.map(({ id, slug, apiKey }) => ({ id, slug, apiKey }));
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}
