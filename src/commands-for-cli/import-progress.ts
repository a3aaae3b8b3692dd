/**
 * Progress of a long CLI run on stderr. On a terminal: one redrawn line with a bar, rows
 * done of total and the rate. Elsewhere (CI, pipes, log files): a plain line now and then,
 * never control characters.
 */
export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

const BAR_WIDTH = 28;
/** Redraws at most this often; a fast import would otherwise spend its time drawing. */
const REDRAW_MS = 100;
const PLAIN_EVERY_ROWS = 1000;

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now, unit = 'rows'): Progress {
  const started = now();
  let lastDraw = 0;
  let lastPlain = 0;
  let drawn = false;

  const rate = (done: number) => {
    const seconds = (now() - started) / 1000;
    return seconds > 0 ? Math.round(done / seconds) : 0;
  };

  if (!stream.isTTY) {
    return {
      update(done, total) {
        if (done - lastPlain >= PLAIN_EVERY_ROWS && done < total) {
          lastPlain = done;
          stream.write(`${label}: ${done} of ${total} ${unit} (${rate(done)} ${unit}/s)\n`);
        }
      },
      finish() {},
    };
  }
  return {
    update(done, total) {
      const t = now();
      if (done < total && t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
      const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
      stream.write(`\r${label} ${bar} ${done}/${total} ${unit}  ${rate(done)} ${unit}/s\u001b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}
