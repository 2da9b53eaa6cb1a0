"use strict";

function median(values) {
    const s = [...values].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs each of `subjects` `runs` times, interleaved (A B C, B C A, C A B, ...) so that a slow
 * period of a noisy machine hits every subject alike. Returns the samples by subject name.
 * `warmup` rounds run first and are discarded (as hyperfine's --warmup): on the benchmark machines a
 * slow period of tens of seconds often follows a group of large programs (BENCHMARKS.md at 8cda69d:
 * the first five rounds of ray N=1, right after vllm N=500, ran 1.8-2.0 s for every program, the
 * last four 1.2-1.7 s).
 */
function interleave(subjects, runs, once, { warmup = 0 } = {}) {
    for (let round = 0; round < warmup; round++) for (const subject of subjects) once(subject);
    const samples = Object.fromEntries(subjects.map((s) => [s, []]));
    for (let round = 0; round < runs; round++) {
        for (let k = 0; k < subjects.length; k++) {
            const subject = subjects[(round + k) % subjects.length];
            samples[subject].push(once(subject));
        }
    }
    return samples;
}

const ratio = (a, b) => a / b;

/**
 * The median of per-round ratios a[i] / b[i] of two interleaved subjects: each pair ran in the same
 * round, seconds apart, so a slow minute of the machine divides out instead of landing on one side.
 */
function pairedRatio(a, b) {
    return median(a.map((v, i) => v / b[i]));
}

module.exports = { median, interleave, ratio, pairedRatio };
