// Polling assertions: the app updates the DOM and local storage asynchronously after an
// event, so a check is retried until it passes or the time is up; then the last failure is
// thrown with a sentence saying what was being waited for.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` until it returns without throwing; returns its value.
 * @param {string} what what is being waited for (goes into the failure message)
 * @param {() => any} fn an assertion or a function that throws while the condition is not met
 */
export async function eventually(what, fn, { timeout = 5000, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() >= deadline) {
        const e = new Error(`Timed out after ${timeout} ms waiting for: ${what}\n${err?.message ?? err}`, { cause: err });
        if (err && 'actual' in err) Object.assign(e, { actual: err.actual, expected: err.expected });
        throw e;
      }
    }
    await sleep(interval);
  }
}
