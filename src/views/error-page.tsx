import { BarePage } from './layout.tsx';

export function ErrorPage(props: { status: number; message: string; requestId: string }) {
  const heading = props.status === 404 ? 'Not found' : props.status === 403 ? 'Not allowed' : props.status >= 500 ? 'Something went wrong' : 'That did not work';
  return (
    <BarePage title={heading}>
      <main class="narrow">
        <h1>{heading}</h1>
        <p>{props.message}</p>
        <p class="muted">Request id {props.requestId}</p>
        <p>
          <a href="/app">Back to the app</a>
        </p>
      </main>
    </BarePage>
  );
}
