package org.attentionworkbench.ui;

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
                runner.submit(Duration.ofMillis(100), () -> {
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
}
