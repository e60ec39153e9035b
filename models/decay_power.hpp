#pragma once
// e^{-dt/tau_x} as a power of e^{-dt/tau_m} when tau_m is a small integer multiple n of
// tau_x (as in CUBA: 20 ms = 4 x 5 ms = 2 x 10 ms): one exponential per step instead of
// several. Each multiplication adds at most half an ulp of rounding, far below anything
// the crossing searches resolve. Shared by lif_exp and lif_alpha.
namespace spikesim {

// n in [2, 8] with tau_m == n * tau exactly, or 0.
inline int integer_decay_ratio(double tau_m, double tau) {
    for (int n = 2; n <= 8; ++n)
        if (tau_m == n * tau) return n;
    return 0;
}

// x^n for n in [2, 8], by squaring. Always inlined: part of the engine's per-input step.
[[gnu::always_inline]] inline double decay_power(double x, int n) {
    const double x2 = x * x, x4 = x2 * x2;
    switch (n) {
    case 2:
        return x2;
    case 3:
        return x2 * x;
    case 4:
        return x4;
    case 5:
        return x4 * x;
    case 6:
        return x4 * x2;
    case 7:
        return x4 * x2 * x;
    default:
        return x4 * x4;
    }
}

} // namespace spikesim
