/**
 * Wraps `run` so that calls made while one is in flight collapse into one
 * more run afterwards: a burst of changes (a held arrow key, a partner
 * typing) costs two round trips, not one per change.
 */
export function coalesce(run: () => Promise<void>): () => Promise<void> {
  let running = false;
  let again = false;
  return async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await run();
      } while (again);
    } finally {
      running = false;
    }
  };
}
