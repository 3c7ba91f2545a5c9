package dev.coffer.testkit;

import java.time.Duration;

/**
 * Lets real (wall-clock) time pass, for the few places where real time is the point and no clock
 * can stand in for it: a client or source that trickles bytes so the server's minimum data rate
 * or a socket read timeout cuts it off; a client that waits the Retry-After it was told; a
 * process killed at a random moment; a pause that gives another thread the chance to reach a
 * step it does not report. Stored times and periods move with {@link TestClock}; waiting for
 * something to happen is {@link Await}.
 */
public final class RealTime {
    private RealTime() {}

    public static void pause(Duration d) throws InterruptedException {
        Thread.sleep(d);
    }
}
