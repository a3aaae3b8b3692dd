/**
 * Expected failures. Each carries a stable code, an HTTP status and a human message; the
 * HTTP layer turns them into RFC 9457 problem+json (API) or an error page (app).
 */
export interface FieldProblem {
  /** Dotted path of the offending input, e.g. "email" or "permissions.2". */
  field: string;
  /** The rule it broke, e.g. "required", "format", "taken". */
  rule: string;
  message: string;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: FieldProblem[];

  constructor(status: number, code: string, message: string, fields: FieldProblem[] = []) {
    super(message);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export function validationError(fields: FieldProblem[]): AppError {
  const first = fields[0];
  const message = fields.length === 1 && first ? first.message : `${fields.length} fields are invalid`;
  return new AppError(422, 'validation_failed', message, fields);
}

export function fieldError(field: string, rule: string, message: string): AppError {
  return validationError([{ field, rule, message }]);
}

export function notFound(entity: string): AppError {
  return new AppError(404, 'not_found', `${entity} not found`);
}

export function forbidden(message = 'You do not have permission to do that'): AppError {
  return new AppError(403, 'forbidden', message);
}

export function unauthenticated(message = 'Sign in first'): AppError {
  return new AppError(401, 'unauthenticated', message);
}

export function conflict(code: string, message: string): AppError {
  return new AppError(409, code, message);
}
