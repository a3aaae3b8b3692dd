/**
 * `lastmile create-platform-admin --email EMAIL [--name NAME]`
 * Asks for the password twice without echoing it on a terminal; otherwise reads the first
 * line of stdin, so scripts can pipe it in (`printf '%s\n' "$PW" | lastmile ...`).
 */
import { AppError } from '../lib/errors.ts';
import { checkPasswordRules } from '../lib/passwords.ts';
import { Problems } from '../lib/validate.ts';
import { checkPlatformAdminIdentity, createPlatformAdmin, platformAdminExists } from '../modules/platform/create-platform-admin.ts';
import { CliError } from './cli-error.ts';
import { openRuntime } from './open-runtime.ts';

export interface CreatePlatformAdminArgs {
  email: string | undefined;
  name: string | undefined;
}

export async function createPlatformAdminCommand(args: CreatePlatformAdminArgs): Promise<void> {
  if (!args.email) throw new CliError('--email is required, e.g. lastmile create-platform-admin --email ops@example.com');
  const problems = new Problems();
  const { email, name } = checkPlatformAdminIdentity(problems, { email: args.email, name: args.name });
  throwAsCliError(problems);

  const runtime = await openRuntime({ migrate: true, quiet: true });
  try {
    // Refused before the password prompt, so nobody types a password for nothing.
    if (await platformAdminExists(runtime.db, email)) throw new CliError(`a platform operator with email ${email} already exists`);
    const password = await readPassword();
    checkRulesForCli(password);
    let admin;
    try {
      admin = await createPlatformAdmin({ db: runtime.db, now: () => new Date() }, { email, name, password });
    } catch (err) {
      if (err instanceof AppError) throw new CliError(err.fields.length > 0 ? err.fields.map((f) => f.message).join('; ') : err.message);
      throw err;
    }
    console.log(`Created platform operator ${admin.email}. Sign in at ${runtime.config.publicUrl}/platform/login`);
  } finally {
    await runtime.db.close();
  }
}

function throwAsCliError(problems: Problems): void {
  if (problems.list.length === 0) return;
  const flag = (field: string) => (field === 'email' ? '--email' : field === 'name' ? '--name' : field);
  throw new CliError(problems.list.map((p) => `${flag(p.field)}: ${p.message}`).join('; '));
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const line = await readFirstLine(process.stdin);
    if (line === undefined || line === '') throw new CliError('no password on stdin: pipe it in as the first line, or run on a terminal to be asked');
    return line;
  }
  const first = await promptHidden('Password: ');
  checkRulesForCli(first);
  const second = await promptHidden('Repeat the password: ');
  if (first !== second) throw new CliError('the two passwords do not match');
  return first;
}

function checkRulesForCli(password: string): void {
  try {
    checkPasswordRules(password);
  } catch (err) {
    if (err instanceof AppError) throw new CliError(err.message);
    throw err;
  }
}

/** The first line of a stream (without its line ending), or undefined when it is empty. */
function readFirstLine(stream: NodeJS.ReadStream): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const finish = (value: string | undefined) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', reject);
      stream.pause();
      resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline !== -1) finish(buffered.slice(0, newline).replace(/\r$/, ''));
    };
    const onEnd = () => finish(buffered === '' ? undefined : buffered.replace(/\r$/, ''));
    stream.setEncoding('utf8');
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', reject);
  });
}

/** Reads one line from the terminal in raw mode, echoing nothing. Ctrl-C aborts. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  // Echo goes off before the prompt appears, so nothing typed after it is ever shown.
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('cancelled', 130));
        if (ch === '\u0004') return done();
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}
