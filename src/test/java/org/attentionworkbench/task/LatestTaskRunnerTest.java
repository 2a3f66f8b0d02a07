package org.attentionworkbench.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatestTaskRunnerTest {

    @Test
    void onlyTheLatestDebouncedTaskRunsAndDelivers() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        List<Integer> delivered = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        try (LatestTaskRunner runner = new LatestTaskRunner("test", Runnable::run)) {
            for (int i = 0; i < 10; i++) {
                int n = i;
                runner.submit(Duration.ofMillis(100), context -> {
                    ran.add(n);
                    return n;
                }, v -> {
                    delivered.add(v);
                    done.countDown();
                }, e -> { });
            }
            assertTrue(done.await(5, TimeUnit.SECONDS));
            Thread.sleep(150);
        }
        assertEquals(List.of(9), ran, "earlier tasks were debounced away");
        assertEquals(List.of(9), delivered);
    }

    @Test
    void resultOfATaskMadeStaleWhileRunningIsDropped() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        try (LatestTaskRunner runner = new LatestTaskRunner("test", Runnable::run)) {
            runner.submit(() -> {
                started.countDown();
                release.await();
                return "stale";
            }, delivered::add, e -> { });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            runner.submit(() -> "fresh", v -> {
                delivered.add(v);
                done.countDown();
            }, e -> { });
            release.countDown();
            assertTrue(done.await(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of("fresh"), delivered);
    }

    @Test
    void errorsAreDeliveredToTheFailureHandler() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        try (LatestTaskRunner runner = new LatestTaskRunner("test", Runnable::run)) {
            runner.submit(() -> {
                throw new IllegalArgumentException("boom");
            }, v -> { }, e -> {
                if ("boom".equals(e.getMessage())) failed.countDown();
            });
            assertTrue(failed.await(5, TimeUnit.SECONDS));
        }
    }

    /**
     * A running task is told that it is stale: its token is cancelled when a newer task is
     * submitted, so it can stop at its next check instead of holding up the newer one.
     */
    @Test
    void aNewerTaskCancelsTheRunningOnesToken() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        List<String> delivered = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        try (LatestTaskRunner runner = new LatestTaskRunner("test", Runnable::run)) {
            runner.submit(context -> {
                started.countDown();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < end) {
                    if (context.cancellation().isCancelled()) {
                        stopped.countDown();
                        context.throwIfCancelled();
                    }
                    Thread.sleep(5);
                }
                return "never stopped";
            }, delivered::add, e -> delivered.add("failure " + e));
            assertTrue(started.await(5, TimeUnit.SECONDS));
            runner.submit(() -> "fresh", v -> {
                delivered.add(v);
                done.countDown();
            }, e -> { });
            assertTrue(stopped.await(5, TimeUnit.SECONDS), "the stale task saw its cancellation");
            assertTrue(done.await(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of("fresh"), delivered, "the stale task's stop is not reported as a failure");
    }

    /** Partial results of a task that became stale are not delivered, and the token is the thread's current one. */
    @Test
    void publishedUpdatesOfAStaleTaskAreDroppedAndTheTokenIsCurrent() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        LatestTaskRunner runner = LatestTaskRunner.sameThread("test");
        Cancellation[] seen = new Cancellation[2];
        runner.submit(context -> {
            seen[0] = context.cancellation();
            seen[1] = Cancellation.current();
            context.publish(() -> delivered.add("partial"));
            runner.cancel(); // as if a newer request came in
            context.publish(() -> delivered.add("late partial"));
            return "result";
        }, delivered::add, e -> delivered.add("failure"));
        assertEquals(List.of("partial"), delivered);
        assertTrue(seen[0] == seen[1], "the task's token is the thread's current one while it runs");
        assertTrue(seen[0].isCancelled());
        assertTrue(Cancellation.current() == Cancellation.NEVER, "outside a task the thread has no token");
    }

    /** The same-thread runner (for tests) runs and delivers before submit returns. */
    @Test
    void theSameThreadRunnerDeliversAtOnce() {
        List<Object> delivered = new CopyOnWriteArrayList<>();
        LatestTaskRunner runner = LatestTaskRunner.sameThread("test");
        runner.submit(Duration.ofHours(1), context -> 42, delivered::add, delivered::add);
        runner.submit(() -> {
            throw new IllegalStateException("boom");
        }, delivered::add, e -> delivered.add(e.getMessage()));
        assertEquals(List.of(42, "boom"), delivered);
    }

    @Test
    void aChildTokenFollowsItsParentAndCanStopAlone() {
        Cancellation parent = new Cancellation();
        Cancellation child = parent.child();
        Cancellation other = parent.child();
        child.cancel();
        assertTrue(child.isCancelled());
        assertTrue(!parent.isCancelled() && !other.isCancelled());
        parent.cancel();
        assertTrue(other.isCancelled());
    }
}
