/** /app/roles (roles.manage): list roles, build and edit custom ones, delete unused ones. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { createRole } from './create-role.ts';
import { deleteRole } from './delete-role.ts';
import { getRole, listTenantRoles } from './list-roles.ts';
import { RoleFormPage, RolesPage, type RoleFormValues } from './role-views.tsx';
import { updateRole } from './update-role.ts';
import { ownValue } from '../../lib/own-value.ts';

interface RoleForm {
  name?: string;
  description?: string;
  permissions?: string | string[];
}

const NOTICES: Record<string, string> = { created: 'Role created.', updated: 'Role saved.', deleted: 'Role deleted.' };

/** Checkbox groups arrive as a string for one box and an array for several. */
function formValues(body: RoleForm | undefined): RoleFormValues {
  const raw = body?.permissions;
  return { name: body?.name ?? '', description: body?.description ?? '', permissions: raw === undefined ? [] : Array.isArray(raw) ? raw : [raw] };
}

async function renderList(request: FastifyRequest, reply: FastifyReply, options: { notice?: string | undefined; error?: string; status?: number } = {}) {
  const roles = await inTenant(request, (ctx) => listTenantRoles(ctx));
  return renderPage(
    reply.status(options.status ?? 200),
    <RolesPage
      principal={request.principal as StaffPrincipal}
      roles={roles}
      notice={options.notice}
      error={options.error}
      showOutbox={request.server.mailer.usesOutbox}
    />,
  );
}

function renderForm(request: FastifyRequest, reply: FastifyReply, values: RoleFormValues, options: { roleId?: string; err?: AppError } = {}) {
  return renderPage(
    reply.status(options.err ? 422 : 200),
    <RoleFormPage
      principal={request.principal as StaffPrincipal}
      roleId={options.roleId}
      values={values}
      errors={options.err ? fieldMessages(options.err.fields) : {}}
      message={options.err ? 'Please fix the highlighted fields.' : undefined}
      showOutbox={request.server.mailer.usesOutbox}
    />,
  );
}

export async function rolesPages(app: FastifyInstance): Promise<void> {
  const guard = { schema: { hide: true }, onRequest: staffPage('roles.manage') };

  app.get<{ Querystring: { notice?: string } }>('/app/roles', guard, async (request, reply) =>
    renderList(request, reply, { notice: ownValue(NOTICES, request.query.notice) }),
  );

  app.get('/app/roles/new', guard, async (request, reply) => renderForm(request, reply, { permissions: [] }));

  app.post<{ Body: RoleForm }>('/app/roles', guard, async (request, reply) => {
    const values = formValues(request.body);
    try {
      await inTenant(request, (ctx) => createRole(ctx, { name: values.name ?? '', description: values.description, permissions: values.permissions }));
      return reply.redirect('/app/roles?notice=created', 303);
    } catch (err) {
      if (err instanceof AppError && err.status === 422) return renderForm(request, reply, values, { err });
      throw err;
    }
  });

  app.get<{ Params: { id: string } }>('/app/roles/:id/edit', guard, async (request, reply) => {
    const role = await inTenant(request, (ctx) => getRole(ctx, { roleId: request.params.id }));
    if (role.builtinKey) return renderList(request, reply, { status: 409, error: 'Built-in roles cannot be edited or deleted. Create a custom role instead.' });
    return renderForm(request, reply, { name: role.name, description: role.description, permissions: role.permissions }, { roleId: role.id });
  });

  app.post<{ Params: { id: string }; Body: RoleForm }>('/app/roles/:id', guard, async (request, reply) => {
    const values = formValues(request.body);
    try {
      await inTenant(request, (ctx) =>
        updateRole(ctx, { roleId: request.params.id, name: values.name ?? '', description: values.description, permissions: values.permissions }),
      );
      return reply.redirect('/app/roles?notice=updated', 303);
    } catch (err) {
      if (err instanceof AppError && err.status === 422) return renderForm(request, reply, values, { roleId: request.params.id, err });
      if (err instanceof AppError && err.status === 409) return renderList(request, reply, { status: 409, error: err.message });
      throw err;
    }
  });

  app.post<{ Params: { id: string } }>('/app/roles/:id/delete', guard, async (request, reply) => {
    try {
      await inTenant(request, (ctx) => deleteRole(ctx, { roleId: request.params.id }));
      return reply.redirect('/app/roles?notice=deleted', 303);
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return renderList(request, reply, { status: 409, error: err.message });
      throw err;
    }
  });
}
