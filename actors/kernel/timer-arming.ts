/**
 * Keeps the clock callbacks of one activation in step with the timer table of its snapshot.
 *
 * @remarks
 * The snapshot's table is the truth; this only mirrors it on the clock. After every transition (and
 * on activation) the shell reconciles: timers that appeared or moved are armed, those that vanished
 * are cancelled. A deadline already past (a snapshot restored after its timer fell due) is reported
 * due at once; several such are reported in deadline order, as the clock would have fired them. A
 * callback that runs before its deadline (the wall clock was stepped back) re-arms itself instead
 * of firing early.
 */
import type { CancelTimer, Clock } from './clock.ts';
import type { TimerTable } from './timer-table.ts';

interface ArmedTimer {
  readonly deadlineMs: number;
  cancel: CancelTimer;
}

/** The clock side of one activation's timers. */
export class TimerArming {
  readonly #clock: Clock;
  readonly #onDue: (name: string) => void;
  readonly #armed = new Map<string, ArmedTimer>();
  #reconciled: TimerTable | undefined;

  /**
   * @param onDue - called once per armed deadline when it is reached; the timer stays armed here
   *   until a reconcile no longer finds it in the table, so it is never reported twice.
   */
  constructor(clock: Clock, onDue: (name: string) => void) {
    this.#clock = clock;
    this.#onDue = onDue;
  }

  /** Arms, re-arms and cancels so that the clock matches `table` (tables are immutable: same object, nothing to do). */
  reconcile(table: TimerTable): void {
    if (table === this.#reconciled) return;
    this.#reconciled = table;
    for (const [name, armed] of this.#armed) {
      if (!Object.hasOwn(table, name) || table[name] !== armed.deadlineMs) {
        armed.cancel();
        this.#armed.delete(name);
      }
    }
    // In deadline order (ties in table order, the order they were started in): timers already due
    // (a snapshot restored after they fell due) are reported at once, in the order the clock would
    // have fired them.
    const unarmed = Object.entries(table).filter(([name]) => !this.#armed.has(name));
    for (const [name, deadlineMs] of unarmed.sort(([, left], [, right]) => left - right)) this.#arm(name, deadlineMs);
  }

  /** Cancels every clock callback (the table itself is untouched). */
  cancelAll(): void {
    for (const armed of this.#armed.values()) armed.cancel();
    this.#armed.clear();
    this.#reconciled = undefined;
  }

  #arm(name: string, deadlineMs: number): void {
    const armed: ArmedTimer = { deadlineMs, cancel: () => undefined };
    this.#armed.set(name, armed);
    if (deadlineMs <= this.#clock.now()) {
      this.#onDue(name);
      return;
    }
    const check = (): void => {
      if (this.#armed.get(name) !== armed) return;
      if (this.#clock.now() < deadlineMs) {
        armed.cancel = this.#clock.schedule(deadlineMs, check);
        return;
      }
      this.#onDue(name);
    };
    armed.cancel = this.#clock.schedule(deadlineMs, check);
  }
}
