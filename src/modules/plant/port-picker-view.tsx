/**
 * The NAP-port picker of the installation form. It posts one field, `napPortId` (a port uuid).
 *
 * Without JavaScript it is a plain select of every free port grouped "LCP / splitter / NAP"
 * (pass `choices` from loadPortChoices). With htmx, the body is replaced on load by the
 * cascade LCP > splitter > NAP (each select reloads the body from /app/network/picker) and
 * the chosen NAP's port grid: free ports selectable, taken ones disabled with the customer's
 * account number, out-of-service ones marked. The label and error stay outside the swapped
 * body, so a 422 message survives the swap.
 */
import type { PickerOption, PickerState, PortChoices } from './port-picker-data.ts';
import type { PortCell } from './nap-ports-repository.ts';

export const PICKER_PATH = '/app/network/picker';

export function PortPicker(props: { selectedNapPortId?: string | undefined; error?: string | undefined; choices?: PortChoices | undefined }) {
  const selected = props.selectedNapPortId ?? '';
  const url = selected ? `${PICKER_PATH}?napPortId=${encodeURIComponent(selected)}` : PICKER_PATH;
  return (
    <div class={props.error ? 'field invalid port-picker' : 'field port-picker'} data-testid="port-picker">
      <label for="f-napPortId">NAP port</label>
      <div class="port-picker-body" hx-get={url} hx-trigger="load" hx-swap="outerHTML">
        <PlainPortSelect selected={selected} choices={props.choices} invalid={Boolean(props.error)} />
      </div>
      {props.error ? (
        <small id="f-napPortId-error" class="error">
          {props.error}
        </small>
      ) : null}
    </div>
  );
}

function PlainPortSelect(props: { selected: string; choices: PortChoices | undefined; invalid: boolean }) {
  const { choices, selected } = props;
  return (
    <>
      <select id="f-napPortId" name="napPortId" aria-invalid={props.invalid ? 'true' : undefined}>
        <option value="">No port (choose later)</option>
        {choices
          ? choices.groups.map((g) => (
              <optgroup label={g.label}>
                {g.ports.map((p) => (
                  <option value={p.id} selected={p.id === selected}>
                    {`${g.label} port ${p.portNumber}${p.current ? ' (current)' : ''}`}
                  </option>
                ))}
              </optgroup>
            ))
          : selected
            ? // Without the list, keep the chosen port so re-posting the form does not drop it.
              [
                <option value={selected} selected>
                  The port chosen before
                </option>,
              ]
            : null}
      </select>
      {choices?.truncated ? <small class="muted">Only the first free ports are listed; filter by NAP with JavaScript on.</small> : null}
      {choices && choices.groups.length === 0 ? <small class="muted">No free ports. Add a NAP or free a port on the Network page.</small> : null}
    </>
  );
}

/** The htmx body: the cascade and, once a NAP is chosen, its port grid. */
export function PortPickerBody(props: { state: PickerState }) {
  const s = props.state;
  const reload = { 'hx-get': PICKER_PATH, 'hx-trigger': 'change', 'hx-include': 'closest .port-picker-body', 'hx-target': 'closest .port-picker-body', 'hx-swap': 'outerHTML' };
  return (
    <div class="port-picker-body" data-picker-body="">
      <div class="picker-cascade">
        <CascadeSelect name="pickerLcpId" label="LCP" options={s.lcps} value={s.lcpId} empty={s.lcps.length === 0 ? 'No active LCPs yet' : 'Choose an LCP…'} attrs={reload} />
        {s.lcpId ? (
          <CascadeSelect name="pickerSplitterId" label="Splitter" options={s.splitters} value={s.splitterId} empty={s.splitters.length === 0 ? 'No active splitters' : 'Choose a splitter…'} attrs={reload} />
        ) : null}
        {s.splitterId ? <CascadeSelect name="pickerNapId" label="NAP" options={s.naps} value={s.napId} empty={s.naps.length === 0 ? 'No active NAPs' : 'Choose a NAP…'} attrs={reload} /> : null}
      </div>
      {s.napId ? <PortGrid ports={s.ports} napLabel={s.napLabel ?? ''} selected={s.selectedNapPortId} /> : <input type="hidden" name="napPortId" value="" />}
    </div>
  );
}

function CascadeSelect(props: { name: string; label: string; options: PickerOption[]; value: string | undefined; empty: string; attrs: Record<string, string> }) {
  const id = `f-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} {...props.attrs}>
        <option value="">{props.empty}</option>
        {props.options.map((o) => (
          <option value={o.id} selected={o.id === props.value}>
            {`${o.label} — ${o.free} free`}
          </option>
        ))}
      </select>
    </div>
  );
}

function PortGrid(props: { ports: PortCell[]; napLabel: string; selected: string | undefined }) {
  const free = props.ports.filter((p) => p.status === 'free').length;
  return (
    <fieldset class="port-grid" data-testid="port-grid">
      <legend>{`Ports of ${props.napLabel}: ${free} free`}</legend>
      {props.ports.map((p) => {
        const current = p.id === props.selected;
        // The installation being edited may hold its own port: it stays selectable.
        const selectable = p.status === 'free' || current;
        return (
          <label class={`port port-${p.status}${current ? ' port-current' : ''}`} data-port={p.portNumber} data-status={p.status}>
            <input type="radio" name="napPortId" value={p.id} checked={current} disabled={!selectable} />
            <span class="port-number">{p.portNumber}</span>
            <span class="port-note">{p.status === 'taken' ? (p.accountNumber ?? 'taken') : p.status === 'out_of_service' ? 'out of service' : 'free'}</span>
          </label>
        );
      })}
      <label class="port port-none">
        <input type="radio" name="napPortId" value="" checked={!props.selected} />
        <span class="port-note">No port yet</span>
      </label>
    </fieldset>
  );
}
