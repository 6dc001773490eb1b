package io.swarmedge.proxy.balancer;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Smooth weighted round robin (nginx's algorithm): each pick adds every weight to its running score
 * and takes the highest, then lowers it by the total, so a 5:1:1 set yields a,a,b,a,c,a,a rather than
 * bursts. Equal weights take a lock-free counter instead.
 */
final class SmoothWeights {
    private final int[] weights;
    private final int[] current;
    private final int total;
    private final boolean equal;
    private final AtomicInteger counter = new AtomicInteger();

    SmoothWeights(int[] weights) {
        this.weights = weights.clone();
        this.current = new int[weights.length];
        int sum = 0;
        boolean same = true;
        for (int w : weights) {
            sum += w;
            same &= w == weights[0];
        }
        this.total = sum;
        this.equal = same;
    }

    /** The index of the next pick. */
    int next() {
        int n = weights.length;
        if (n == 1) {
            return 0;
        }
        if (equal) {
            return Math.floorMod(counter.getAndIncrement(), n);
        }
        synchronized (this) {
            int best = 0;
            for (int i = 0; i < n; i++) {
                current[i] += weights[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            return best;
        }
    }
}
