/** Form pieces shared by the add and edit forms of splitters and NAPs. */
import { Field } from '../../views/layout.tsx';
import { SPLITTER_RATIOS } from './plant-input.ts';

export interface FormState<V> {
  values: V;
  errors: Record<string, string>;
  message?: string | undefined;
}

export function emptyForm<V>(values: V): FormState<V> {
  return { values, errors: {} };
}

/** A select of port numbers; the current value stays listed even when it is not free. */
export function PortSelect(props: { name: string; label: string; ports: number[]; value: string | undefined; error: string | undefined; hint?: string }) {
  const id = `f-${props.name}`;
  const numbers = props.value && /^\d+$/.test(props.value) && !props.ports.includes(Number(props.value)) ? [Number(props.value), ...props.ports] : props.ports;
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} aria-invalid={props.error ? 'true' : undefined}>
        {numbers.map((n) => (
          <option value={String(n)} selected={props.value === String(n)}>
            {`Port ${n}`}
          </option>
        ))}
      </select>
      {props.hint ? <small class="muted">{props.hint}</small> : null}
      {props.error ? <small class="error">{props.error}</small> : null}
    </div>
  );
}

export function SplitterFormFields(props: { form: FormState<Record<string, string | undefined>>; freeLcpPorts: number[] }) {
  const v = props.form.values;
  const e = props.form.errors;
  return (
    <div class="form-grid">
      <Field label="Code" name="code" value={v.code} error={e.code} required hint="Unique within this LCP, e.g. SP-1" />
      <div class={e.ratio ? 'field invalid' : 'field'}>
        <label for="f-ratio">Ratio</label>
        <select id="f-ratio" name="ratio">
          {SPLITTER_RATIOS.map((r) => (
            <option value={String(r)} selected={(v.ratio ?? '8') === String(r)}>
              {`1:${r} (${r} output ports)`}
            </option>
          ))}
        </select>
        {e.ratio ? <small class="error">{e.ratio}</small> : null}
      </div>
      <PortSelect name="lcpPort" label="LCP feeder port" ports={props.freeLcpPorts} value={v.lcpPort} error={e.lcpPort} hint="Only free ports are listed" />
      <Field label="External reference" name="externalRef" value={v.externalRef} error={e.externalRef} />
      <Field label="Notes" name="notes" value={v.notes} error={e.notes} />
    </div>
  );
}
