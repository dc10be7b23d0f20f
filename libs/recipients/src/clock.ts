/** The one place the service reads the time; tests replace it. */
export class Clock {
  now(): number {
    return Date.now();
  }
}
