// One run at a time: a call while a run goes on asks for one more run after it (however many calls came), and
// waits for that one, so a caller always sees what was there when it called.
export function serialRun(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await work();
      } while (again);
    })().finally(() => (running = undefined));
    return running;
  };
}
