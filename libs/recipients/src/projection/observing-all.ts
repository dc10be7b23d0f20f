import type { ProjectorObserver } from './projector';

/** One observer that tells each of `observers` in turn. */
export function observingAll(...observers: ProjectorObserver[]): Required<ProjectorObserver> {
  return {
    committed: (position, lagSeconds) => observers.forEach((each) => each.committed?.(position, lagSeconds)),
    failed: (error) => observers.forEach((each) => each.failed?.(error)),
    recovered: () => observers.forEach((each) => each.recovered?.()),
    deadLettered: (letter) => observers.forEach((each) => each.deadLettered?.(letter)),
    roleChanged: (role) => observers.forEach((each) => each.roleChanged?.(role)),
    progress: (progress) => observers.forEach((each) => each.progress?.(progress)),
  };
}
