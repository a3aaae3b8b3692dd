/** The profile page: who you are, your name, your password and where you are signed in. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatDateTime } from '../../lib/zoned-time.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import type { Profile } from './get-profile.ts';

export interface ProfileForms {
  /** The name as typed, kept on a 422. Passwords are never sent back. */
  name?: string | undefined;
  nameErrors?: Record<string, string>;
  nameMessage?: string | undefined;
  passwordErrors?: Record<string, string>;
  passwordMessage?: string | undefined;
}

export interface ProfilePageProps {
  principal: StaffPrincipal;
  profile: Profile;
  forms: ProfileForms;
  notice?: string | undefined;
  showOutbox: boolean;
}

export function ProfilePage(props: ProfilePageProps) {
  const { account } = props.profile;
  const { forms } = props;
  const token = props.principal.csrfToken;
  const nameErrors = forms.nameErrors ?? {};
  const passwordErrors = forms.passwordErrors ?? {};
  return (
    <AppPage title="Your profile" principal={props.principal} active="/app/profile" showOutbox={props.showOutbox}>
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <section class="card" data-testid="account">
        <dl>
          <dt>Name</dt>
          <dd>{account.name}</dd>
          <dt>Email</dt>
          <dd>{account.email}</dd>
          <dt>Role</dt>
          <dd>{account.isOwner ? 'Owner' : account.roleName}</dd>
          <dt>Company</dt>
          <dd>{account.companyName}</dd>
        </dl>
      </section>

      <form method="post" action="/app/profile" class="card" novalidate>
        <h2>Name</h2>
        <FormError message={forms.nameMessage} />
        <CsrfField token={token} />
        <Field label="Your name" name="name" value={forms.name ?? account.name} error={nameErrors.name} required autocomplete="name" />
        <button type="submit">Save name</button>
      </form>

      <form method="post" action="/app/profile/password" class="card" novalidate>
        <h2>Password</h2>
        <FormError message={forms.passwordMessage} />
        <CsrfField token={token} />
        {/* The e-mail lets password managers file the new password under the right account. */}
        <input type="hidden" name="username" value={account.email} autocomplete="username" />
        <Field label="Current password" name="currentPassword" type="password" error={passwordErrors.currentPassword} required autocomplete="current-password" />
        <Field label="New password" name="newPassword" type="password" error={passwordErrors.newPassword} required autocomplete="new-password" hint="At least 10 characters" />
        <Field label="Repeat new password" name="newPasswordConfirm" type="password" error={passwordErrors.newPasswordConfirm} required autocomplete="new-password" />
        <button type="submit">Change password</button>
        <p class="muted">Changing your password signs you out everywhere else.</p>
      </form>

      <Sessions {...props} />
    </AppPage>
  );
}

function Sessions(props: ProfilePageProps) {
  const { sessions, timeZone, locale } = props.profile;
  const when = (d: Date) => <time datetime={d.toISOString()}>{formatDateTime(d, timeZone, locale)}</time>;
  const others = sessions.filter((s) => s.id !== props.principal.sessionId).length;
  return (
    <section class="card">
      <h2>Where you are signed in</h2>
      <table data-testid="sessions">
        <thead>
          <tr>
            <th>Signed in</th>
            <th>Last seen</th>
            <th>IP address</th>
            <th>Browser</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr>
              <td>{when(s.createdAt)}</td>
              <td>{when(s.lastSeenAt)}</td>
              <td>{s.ip ?? <span class="muted">unknown</span>}</td>
              <td>{s.userAgent ?? <span class="muted">unknown</span>}</td>
              <td>{s.id === props.principal.sessionId ? <strong>This session</strong> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {others > 0 ? (
        <form method="post" action="/app/profile/sessions/sign-out-others">
          <CsrfField token={props.principal.csrfToken} />
          <p>
            <button type="submit" class="secondary">
              Sign out everywhere else ({others} other session{others === 1 ? '' : 's'})
            </button>
          </p>
        </form>
      ) : (
        <p class="muted">You are signed in nowhere else.</p>
      )}
    </section>
  );
}
