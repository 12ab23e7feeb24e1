package com.example.worker;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Does a unit of work every two seconds; on SIGTERM the shutdown hook lets the current unit finish. */
public final class Worker {
    private Worker() {}

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("worker: shutting down");
            main.interrupt();
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }));
        long maxHeap = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        System.out.println("worker: started, max heap " + maxHeap + " MiB");
        try {
            for (long unit = 1; ; unit++) {
                System.out.println("worker: unit " + unit + " done");
                Thread.sleep(2000);
            }
        } catch (InterruptedException stop) {
            System.out.println("worker: stopped cleanly");
        } finally {
            stopped.countDown();
        }
    }
}
