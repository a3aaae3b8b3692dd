/**
 * Form pieces the field-work pages (devices, installations, services) share beyond layout's
 * Field: a labelled select and textarea with inline errors, and reading query strings.
 */
import type { ComponentChildren } from 'preact';

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: {
  label: string;
  name: string;
  options: readonly Option[];
  value?: string | undefined;
  error?: string | undefined;
  /** Text of an empty first option; omit to force a choice among `options`. */
  placeholder?: string;
  hint?: string;
  multiple?: boolean;
  values?: readonly string[];
}) {
  const id = `f-${props.name}`;
  const chosen = (v: string) => (props.multiple ? (props.values ?? []).includes(v) : props.value === v);
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        multiple={props.multiple}
        size={props.multiple ? Math.min(8, Math.max(3, props.options.length)) : undefined}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      >
        {props.placeholder !== undefined ? (
          <option value="" selected={!props.value}>
            {props.placeholder}
          </option>
        ) : null}
        {props.options.map((o) => (
          <option value={o.value} selected={chosen(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
      {props.hint ? <small class="muted">{props.hint}</small> : null}
      {props.error ? (
        <small id={`${id}-error`} class="error">
          {props.error}
        </small>
      ) : null}
    </div>
  );
}

export function TextAreaField(props: { label: string; name: string; value?: string | undefined; error?: string | undefined; rows?: number }) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <textarea id={id} name={props.name} rows={props.rows ?? 3} aria-invalid={props.error ? 'true' : undefined}>
        {props.value ?? ''}
      </textarea>
      {props.error ? <small class="error">{props.error}</small> : null}
    </div>
  );
}

/** A one-button form posting to `action` (status changes on detail pages). */
export function ActionButton(props: { action: string; csrfToken: string; label: string; danger?: boolean; children?: ComponentChildren }) {
  return (
    <form method="post" action={props.action} class="inline">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {props.children}
      <button type="submit" class={props.danger ? 'danger' : 'secondary'}>
        {props.label}
      </button>
    </form>
  );
}



export const CSV_ROW_CAP = 100_000;
