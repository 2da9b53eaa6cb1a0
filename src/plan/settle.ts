/**
 * Waiting for the Pulumi mock runtime to finish registering: its monitor answers asynchronously,
 * so a program (or a test) has registered everything only once the count of registrations stops
 * growing. Used by the offline plan (`evaluate.ts`) and the unit tests' mocks (`test/support/mocks.ts`).
 */

/** Turns of the event loop without a new registration after which the runtime counts as settled. */
const QUIET_TURNS = 10;

/**
 * Resolves once `count()` has stayed the same for {@link QUIET_TURNS} turns of the event loop, each
 * a 1 ms timer (which lets pending promises, immediates and due timers run first).
 */
export async function settle(count: () => number): Promise<void> {
    let last = -1;
    let stable = 0;
    while (stable < QUIET_TURNS) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        const now = count();
        if (now === last) stable++;
        else {
            stable = 0;
            last = now;
        }
    }
}
