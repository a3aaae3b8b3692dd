/** Small form and display pieces the customer pages share. */
import type { CustomerStatus } from '../../db/schema.ts';

export const STATUS_LABELS: Record<CustomerStatus, string> = {
  lead: 'Lead',
  active: 'Active',
  suspended: 'Suspended',
  disconnected: 'Disconnected',
  terminated: 'Terminated',
};

export function StatusBadge(props: { status: string }) {
  return <span class={`badge status-${props.status}`}>{STATUS_LABELS[props.status as CustomerStatus] ?? props.status}</span>;
}

export function Select(props: {
  label: string;
  name: string;
  value?: string | undefined;
  error?: string | undefined;
  placeholder?: string;
  options: { value: string; label: string }[];
}) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} aria-invalid={props.error ? 'true' : undefined}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error ? <small class="error">{props.error}</small> : null}
    </div>
  );
}

export function TextArea(props: { label: string; name: string; value?: string | undefined; error?: string | undefined; rows?: number }) {
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
