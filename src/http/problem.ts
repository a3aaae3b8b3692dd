/**
 * One error handler for the whole app. Expected failures (AppError, schema validation) reach
 * API clients as RFC 9457 problem+json naming the field and rule, and browsers as an error
 * page. Anything else is logged with the request id and shown as a generic 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../lib/errors.ts';
import { renderPage } from './render.tsx';
import { ErrorPage } from '../views/error-page.tsx';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  errors?: FieldProblem[];
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const problem: Problem = {
    type: `https://lastmile.dev/problems/${error.code}`,
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    code: error.code,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
  };
  if (error.fields.length > 0) problem.errors = error.fields;
  return reply.status(error.status).type('application/problem+json').send(problem);
}

/** Fastify's schema validation errors, translated into field problems. */
function fromValidation(error: FastifyError): AppError {
  const fields: FieldProblem[] = collapseUnions(error.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    const missing = typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
    const extra = typeof params.additionalProperty === 'string' ? params.additionalProperty : undefined;
    const field = fieldName(v.instancePath, missing ?? extra) || (error.validationContext ?? 'body');
    const rule = missing ? 'required' : extra ? 'unknown_field' : v.keyword;
    return { field, rule, message: `${field} ${v.message ?? 'is invalid'}` };
  });
  return new AppError(422, 'validation_failed', fields[0]?.message ?? 'Request is invalid', fields);
}

type ValidationItem = NonNullable<FastifyError['validation']>[number];

function fieldName(instancePath: string, property: string | undefined): string {
  const base = instancePath.replace(/^\//, '').replaceAll('/', '.');
  return [base, property].filter(Boolean).join('.');
}

/**
 * TypeBox writes a closed set of values (and every nullable field) as anyOf, and Ajv reports
 * a failed anyOf as one error per branch ("must be equal to constant", three times) plus
 * "must match a schema in anyOf". Each anyOf becomes one problem that says what is accepted:
 * "must be one of lead, active" (rule enum) or "must be number or null" (rule type).
 */
function collapseUnions(items: readonly ValidationItem[]): ValidationItem[] {
  const branchOf = (item: ValidationItem, union: ValidationItem): boolean =>
    item !== union && item.schemaPath.startsWith(`${union.schemaPath}/`) && item.instancePath.startsWith(union.instancePath);
  const unions = items.filter((item) => item.keyword === 'anyOf');
  return items.flatMap((item) => {
    if (unions.some((union) => branchOf(item, union))) return [];
    if (item.keyword !== 'anyOf') return [item];
    const branches = items.filter((other) => branchOf(other, item));
    return [{ ...item, ...describeUnion(branches) }];
  });
}

function describeUnion(branches: readonly ValidationItem[]): Pick<ValidationItem, 'keyword' | 'message'> {
  const values: string[] = [];
  let nullable = false;
  let onlyValues = branches.length > 0;
  const types: string[] = [];
  for (const branch of branches) {
    const params = branch.params as Record<string, unknown>;
    if (branch.keyword === 'const') values.push(String(params.allowedValue));
    else if (branch.keyword === 'enum' && Array.isArray(params.allowedValues)) values.push(...params.allowedValues.map(String));
    else if (branch.keyword === 'type' && params.type === 'null') nullable = true;
    else onlyValues = false;
    if (branch.keyword === 'type') types.push(String(params.type));
  }
  if (onlyValues && values.length > 0) {
    const list = nullable ? `${values.join(', ')}, or null` : values.join(', ');
    return { keyword: 'enum', message: `must be one of ${list}` };
  }
  if (types.length === branches.length && types.length > 0) return { keyword: 'type', message: `must be ${[...new Set(types)].join(' or ')}` };
  const messages = [...new Set(branches.map((branch) => branch.message).filter(Boolean))];
  return { keyword: 'anyOf', message: messages.length > 0 ? messages.join(', or ') : 'is invalid' };
}

/**
 * Unique constraints a use case checks before writing. When two requests race past that
 * check, the constraint fires instead: the loser gets the answer the check would have given.
 */
const UNIQUE_FIELDS: Record<string, FieldProblem> = {
  users_email_key: { field: 'email', rule: 'taken', message: 'Someone on the team already uses this email' },
  roles_name_key: { field: 'name', rule: 'taken', message: 'A role with this name already exists' },
  // Issue 3. A race past a use case's own check lands here with the same message.
  service_areas_name_key: { field: 'name', rule: 'taken', message: 'An area with this name already exists under the same parent' },
  service_areas_code_key: { field: 'code', rule: 'taken', message: 'An area with this code already exists under the same parent' },
  service_plans_name_key: { field: 'name', rule: 'taken', message: 'A plan with this name already exists' },
  customers_email_key: { field: 'email', rule: 'taken', message: 'Another customer already uses this email' },
  lcps_code_key: { field: 'code', rule: 'taken', message: 'An LCP with this code already exists' },
  splitters_code_key: { field: 'code', rule: 'taken', message: 'This LCP already has a splitter with this code' },
  splitters_lcp_port_key: { field: 'lcpPort', rule: 'taken', message: 'Another splitter already hangs from this LCP port' },
  naps_code_key: { field: 'code', rule: 'taken', message: 'This splitter already has a NAP with this code' },
  naps_splitter_port_key: { field: 'splitterPort', rule: 'taken', message: 'Another NAP already uses this splitter port' },
  installations_port_in_use: { field: 'napPortId', rule: 'taken', message: 'This port was just taken by another installation. Pick another free port.' },
  cpe_devices_serial_key: { field: 'serialNumber', rule: 'taken', message: 'A device with this serial number is already in the inventory' },
  cpe_devices_mac_key: { field: 'macAddress', rule: 'taken', message: 'A device with this MAC address is already in the inventory' },
  // Issue 4.
  tax_rates_tenant_id_tax_class_key: { field: 'taxClass', rule: 'taken', message: 'A tax rate for this class already exists' },
};

/** For use cases and importers that catch a unique violation themselves. */
export function uniqueViolationField(err: unknown): FieldProblem | undefined {
  if (typeof err !== 'object' || err === null || (err as { code?: unknown }).code !== '23505') return undefined;
  const constraint = (err as { constraint?: unknown }).constraint;
  return typeof constraint === 'string' ? UNIQUE_FIELDS[constraint] : undefined;
}

/** A PostgreSQL unique violation (SQLSTATE 23505), as the pg driver reports it. */
function fromUniqueViolation(err: unknown): AppError | undefined {
  if (typeof err !== 'object' || err === null || (err as { code?: unknown }).code !== '23505') return undefined;
  const constraint = (err as { constraint?: unknown }).constraint;
  const field = typeof constraint === 'string' ? UNIQUE_FIELDS[constraint] : undefined;
  if (field) return new AppError(422, 'validation_failed', field.message, [field]);
  return new AppError(409, 'conflict', 'Another request changed the same thing at the same moment. Reload and try again.');
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    let error: AppError;
    const unique = fromUniqueViolation(err);
    if (err instanceof AppError) error = err;
    else if (err.validation) error = fromValidation(err);
    else if (unique) error = unique;
    else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own client errors (bad JSON, body too large, unsupported media type).
      error = new AppError(err.statusCode, (err.code ?? 'bad_request').toLowerCase(), err.message);
    } else {
      request.log.error({ err }, 'unhandled error');
      error = new AppError(500, 'internal_error', `Something went wrong on our side. Quote request id ${request.id} when reporting it.`);
    }
    if (isApiRequest(request) || !request.headers.accept?.includes('text/html')) return sendProblem(request, reply, error);
    return renderPage(reply.status(error.status), ErrorPage({ status: error.status, message: error.message, requestId: request.id }));
  });

  app.setNotFoundHandler((request, reply) => {
    const error = new AppError(404, 'not_found', 'There is nothing at this address');
    if (isApiRequest(request) || !request.headers.accept?.includes('text/html')) return sendProblem(request, reply, error);
    return renderPage(reply.status(404), ErrorPage({ status: 404, message: error.message, requestId: request.id }));
  });
}
