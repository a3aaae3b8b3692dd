/** `lastmile verify-isolation [--json]`: exit 0 when every tenancy rule holds, 1 otherwise. */
import { formatReport } from '../db/verify-isolation/report.ts';
import { verifyIsolation } from '../db/verify-isolation/verify-isolation.ts';
import { openRuntime } from './open-runtime.ts';

export async function verifyIsolationCommand(args: { json: boolean }): Promise<void> {
  const runtime = await openRuntime({ migrate: false, quiet: true });
  try {
    const report = await verifyIsolation(runtime.db);
    console.log(args.json ? JSON.stringify(report, null, 2) : formatReport(report));
    // The report is the output; a failing run only changes the exit code (CI reads it).
    if (!report.ok) process.exitCode = 1;
  } finally {
    await runtime.db.close();
  }
}
