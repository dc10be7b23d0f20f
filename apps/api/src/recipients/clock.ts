import { Injectable } from '@nestjs/common';

/** The one place the service reads the time; tests replace it. */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }
}
