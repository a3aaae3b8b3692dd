/** The billing parts of the service page: how far it is invoiced, a scheduled plan change, and what a change or an end does to money. */
import { addDays } from '../billing/billing-calendar.ts';
import type { CancellationCredit, PlanChangeBilling } from '../../db/schema.ts';
import { CsrfField } from '../../views/layout.tsx';
import type { ServiceView } from './services-repository.ts';

const PATH = '/app/services';

export interface ServiceBillingRules {
  planChangeBilling: PlanChangeBilling;
  cancellationCredit: CancellationCredit;
}

/** "2026-11-30" for billed_until 2026-12-01: periods are half-open, people read the last day. */
export function billedThroughText(s: ServiceView): string {
  if (s.billedUntil === null) return 'Not invoiced yet';
  return `${addDays(s.billedUntil, -1)}${s.billingMode === 'prepaid' ? ' (paid time)' : ''}`;
}

/** A change at the end of the period: postpaid services with an invoiced period to wait for. */
export function canScheduleAtPeriodEnd(s: ServiceView): boolean {
  return s.billingMode === 'postpaid' && s.billedUntil !== null && s.scheduledPlanChange === null;
}

export function planChangeHint(s: ServiceView, rules: ServiceBillingRules): string | null {
  if (s.billingMode !== 'postpaid' || s.billedUntil === null) return null;
  const when = rules.planChangeBilling === 'immediate' ? 'on an invoice issued now' : 'on the next invoice';
  return `From a date before ${s.billedUntil} (already invoiced), the unused days of the current plan are credited and the new plan is charged for them, ${when}. At the end of the period nothing is charged now; the next invoice is at the new plan.`;
}

export function cancellationHint(s: ServiceView, rules: ServiceBillingRules): string {
  if (rules.cancellationCredit === 'none') return 'No credit for days already invoiced (company setting).';
  if (s.billedUntil === null) return 'Nothing is invoiced yet, so there is nothing to credit.';
  return s.billingMode === 'prepaid'
    ? `Unused prepaid days from the end date up to ${addDays(s.billedUntil, -1)} are credited on a credit note.`
    : `Invoiced days from the end date up to ${addDays(s.billedUntil, -1)} are credited on a credit note.`;
}

export function ScheduledPlanChange(props: { service: ServiceView; csrf: string; canManage: boolean }) {
  const change = props.service.scheduledPlanChange;
  if (!change) return null;
  return (
    <section class="card" data-testid="scheduled-plan-change">
      <h2>Scheduled plan change</h2>
      <p>
        Moves to <strong>{change.toPlanName}</strong> on {change.effectiveOn}, when the invoiced period ends. The invoice for the period starting then bills the new plan.
      </p>
      {props.canManage && props.service.status !== 'terminated' ? (
        <form method="post" action={`${PATH}/${props.service.id}/cancel-plan-change`}>
          <CsrfField token={props.csrf} />
          <button type="submit" class="secondary">
            Cancel scheduled change
          </button>
        </form>
      ) : null}
    </section>
  );
}
