/**
 * Per-IP throttle on sign-in attempts, on top of the per-account lockout stored in the
 * database. Kept in memory: behind a load balancer each app server counts on its own, which
 * multiplies the allowance by the number of servers but never blocks the account lockout.
 */
export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_ATTEMPTS_PER_WINDOW = 30;

export class SignInThrottle {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly max = MAX_ATTEMPTS_PER_WINDOW,
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Records an attempt; returns minutes to wait when over the limit, otherwise 0. */
  hit(ip: string, now: Date): number {
    const t = now.getTime();
    const recent = (this.attempts.get(ip) ?? []).filter((at) => t - at < this.windowMs);
    if (recent.length >= this.max) {
      this.attempts.set(ip, recent);
      const oldest = recent[0] ?? t;
      return Math.max(1, Math.ceil((oldest + this.windowMs - t) / 60000));
    }
    recent.push(t);
    this.attempts.set(ip, recent);
    if (this.attempts.size > 10_000) this.prune(t);
    return 0;
  }

  private prune(t: number): void {
    for (const [ip, list] of this.attempts) if (list.every((at) => t - at >= this.windowMs)) this.attempts.delete(ip);
  }
}

export const signInThrottle = new SignInThrottle();
