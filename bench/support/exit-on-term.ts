/**
 * Preloaded (`node -r`) into a service whose CPU is being profiled: a process that dies of a signal writes no
 * `--cpu-prof` profile, and Nest's shutdown hook re-raises SIGTERM once the app has closed. This listener stays
 * after Nest removes its own, takes that second signal and exits normally, so the profile is written.
 */
process.on('SIGTERM', () => {
  if (process.listenerCount('SIGTERM') === 1) {
    process.exit(0);
  }
});
