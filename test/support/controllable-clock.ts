import { Clock } from '@app/recipients';

/** A clock the tests move by hand; starts at a fixed time. */
export class ControllableClock extends Clock {
  constructor(private current = Date.parse('2026-03-01T12:00:00Z')) {
    super();
  }

  override now(): number {
    return this.current;
  }

  set(iso: string): void {
    this.current = Date.parse(iso);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
