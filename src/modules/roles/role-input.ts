/** Validation shared by creating and editing a custom role. */
import { type Problems, checkRequiredText, cleanText } from '../../lib/validate.ts';
import { isPermission, type Permission } from './permissions.ts';

export interface RoleInput {
  name: string;
  description?: string | undefined;
  permissions: readonly string[];
}

export interface CleanRole {
  name: string;
  description: string;
  permissions: Permission[];
}

export function cleanRoleInput(input: RoleInput, problems: Problems): CleanRole {
  const name = cleanText(input.name);
  const description = cleanText(input.description ?? '');
  checkRequiredText(problems, 'name', 'Name', name, 80);
  if (description.length > 500) problems.add('description', 'max_length', 'Description must be at most 500 characters');
  const permissions: Permission[] = [];
  input.permissions.forEach((p, i) => {
    if (!isPermission(p)) problems.add(`permissions.${i}`, 'unknown', `"${p}" is not a permission`);
    else if (!permissions.includes(p)) permissions.push(p);
  });
  return { name, description, permissions: permissions.sort() };
}
