import { useSyncExternalStore } from 'react';
import type { PolicyDocument, RecipientChange, SimulationReport } from '../api/types';

/** The latest simulation run in this tab: the policy page shows it, and each changed recipient's page reads it. */
export interface LastSimulation {
  candidate: PolicyDocument;
  report: SimulationReport;
  changes: RecipientChange[];
}

const KEY = 'recipient-state.last-simulation';
const listeners = new Set<() => void>();
let current: LastSimulation | undefined = read();

function read(): LastSimulation | undefined {
  try {
    const stored = window.sessionStorage.getItem(KEY);
    return stored === null ? undefined : (JSON.parse(stored) as LastSimulation);
  } catch {
    return undefined;
  }
}

export function saveLastSimulation(simulation: LastSimulation | undefined): void {
  current = simulation;
  try {
    if (simulation === undefined) {
      window.sessionStorage.removeItem(KEY);
    } else {
      window.sessionStorage.setItem(KEY, JSON.stringify(simulation));
    }
  } catch {
    // A full or disabled storage only loses the copy kept across reloads.
  }
  listeners.forEach((listener) => listener());
}

export function useLastSimulation(): LastSimulation | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
