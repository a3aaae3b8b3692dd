/** Pages reached from e-mailed links: choose a password, or learn why the link no longer works. */
import { BarePage, CsrfField, Field, FormError } from '../../views/layout.tsx';

export function LinkProblemPage(props: { title: string; message: string; action: { href: string; label: string } }) {
  return (
    <BarePage title={props.title}>
      <main class="narrow">
        <h1>{props.title}</h1>
        <p class="alert" role="alert">
          {props.message}
        </p>
        <p>
          <a href={props.action.href}>{props.action.label}</a>
        </p>
      </main>
    </BarePage>
  );
}

/** The "choose a password" form shared by invitations and password resets. */
export function ChoosePasswordPage(props: {
  title: string;
  intro: string;
  action: string;
  token: string;
  csrf: string;
  submitLabel: string;
  errors: Record<string, string>;
  message?: string | undefined;
}) {
  return (
    <BarePage title={props.title}>
      <main class="narrow">
        <h1>{props.title}</h1>
        <p>{props.intro}</p>
        <FormError message={props.message} />
        <form method="post" action={props.action} novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="token" value={props.token} />
          <Field label="New password" name="password" type="password" error={props.errors.password} required autocomplete="new-password" hint="At least 10 characters" />
          <Field label="New password again" name="passwordConfirm" type="password" error={props.errors.passwordConfirm} required autocomplete="new-password" />
          <button type="submit">{props.submitLabel}</button>
        </form>
      </main>
    </BarePage>
  );
}
