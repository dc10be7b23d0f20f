/** Leaves out the fields that are undefined, so reports and outcomes carry only what the notice said. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
