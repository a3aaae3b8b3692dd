/**
 * Small input rules shared by forms and the API. Each collects problems instead of throwing
 * at the first, so a form shows every wrong field at once.
 */
import { validationError, type FieldProblem } from './errors.ts';

export class Problems {
  readonly list: FieldProblem[] = [];

  add(field: string, rule: string, message: string): void {
    this.list.push({ field, rule, message });
  }

  /** Throws a 422 naming every field collected so far; does nothing when all are fine. */
  throwIfAny(): void {
    if (this.list.length > 0) throw validationError(this.list);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().toLowerCase() : '';
}

export function checkEmail(problems: Problems, field: string, email: string): void {
  if (email === '') problems.add(field, 'required', 'Email is required');
  else if (email.length > 254 || !EMAIL.test(email)) problems.add(field, 'format', 'Enter a valid email address');
}

export function cleanText(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
}

export function checkRequiredText(problems: Problems, field: string, label: string, value: string, max = 200): void {
  if (value === '') problems.add(field, 'required', `${label} is required`);
  else if (value.length > max) problems.add(field, 'max_length', `${label} must be at most ${max} characters`);
}
