/** `lastmile seed-demo [--tenant SLUG] [--scale N]` (being written). */
import { CliError } from './cli-error.ts';

export async function seedDemoCommand(args: { tenant: string | undefined; scale: string | undefined }): Promise<void> {
  void args;
  throw new CliError('seed-demo is not ready yet');
}
