/** The development outbox: messages that would have been e-mailed, with clickable links. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage } from '../../views/layout.tsx';
import type { OutboxEntry } from './mailer.ts';

const URL_PATTERN = /(https?:\/\/[^\s<>"']+)/g;

/** Text with its http(s) URLs turned into links; everything else stays escaped text. */
export function Linkified(props: { text: string }) {
  const parts = props.text.split(URL_PATTERN);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <a href={part}>{part}</a> : part))}</>;
}

export function OutboxPage(props: { principal: StaffPrincipal; messages: OutboxEntry[] }) {
  return (
    <AppPage title="Outbox (development)" principal={props.principal} active="/app/dev/outbox" showOutbox>
      <p class="muted">No mail server is configured, so e-mail for your company is kept here instead of being sent. Newest first.</p>
      {props.messages.length === 0 ? (
        <p class="muted">No messages yet.</p>
      ) : (
        props.messages.map((m) => (
          <article class="card" data-testid="outbox-message">
            <p>
              <strong>{m.subject}</strong>
              <br />
              <span class="muted">
                To {m.to} · <time datetime={m.createdAt}>{m.createdAt.replace('T', ' ').slice(0, 19)} UTC</time>
              </span>
            </p>
            <pre>
              <Linkified text={m.text} />
            </pre>
          </article>
        ))
      )}
    </AppPage>
  );
}
