#include "models/membrane_series.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace spikesim {
namespace {

// 1/k for k = 0..max_order (entry 0 unused): the recurrence divides by k at every term.
constexpr std::array<double, MembraneSeries::max_order + 1> inverses = [] {
    std::array<double, MembraneSeries::max_order + 1> a{};
    for (int k = 1; k <= MembraneSeries::max_order; ++k)
        a[k] = 1.0 / k;
    return a;
}();

// sum_{i<4m} a[i] b[i] in two-lane vectors (SSE2 on x86-64, no other instruction set
// assumed) with two accumulators: the order of additions is fixed by the code, so the
// result is the same on every machine and for every thread count. The caller pads with
// zeros to a multiple of four rather than running a scalar tail.
using Pair = double __attribute__((vector_size(16)));
Pair load(const double* p) {
    Pair x;
    std::memcpy(&x, p, sizeof x); // an unaligned load, without breaking aliasing rules
    return x;
}
double dot4(const double* a, const double* b, int quads) {
    Pair s0 = {0.0, 0.0}, s1 = {0.0, 0.0};
    for (int q = 0; q < quads; ++q, a += 4, b += 4) {
        s0 += load(a) * load(b);
        s1 += load(a + 2) * load(b + 2);
    }
    const Pair s = s0 + s1;
    return s[0] + s[1];
}

} // namespace

bool expand_membrane(const MembraneConstants& k, double v, double g_ex, double g_in, double h,
                     double tolerance, MembraneSeries& out) {
    // In the time x = s/h, x in [0, 1]: the coefficients d_k = c_k h^k are the terms' sizes
    // at the end of the stretch, so the stopping test reads them directly.
    constexpr int top = MembraneSeries::max_order;
    // The decay rate's series a_j h^j stored backwards, a_j at reversed[top - j], so that
    // sum_j a_j c_{n-j} reads both arrays forwards; zeros after a_0, and c zero beyond the
    // terms computed so far, pad each sum to a multiple of four.
    std::array<double, top + 4> reversed;
    reversed[top + 1] = reversed[top + 2] = reversed[top + 3] = 0.0;
    std::fill(out.c.begin() + 1, out.c.end(), 0.0);
    out.c[0] = v;
    double gex = g_ex, gin = g_in; // gex_n h^n, gin_n h^n
    const double step = h * k.inv_tau_m, ex_ratio = -k.r_ex * h, in_ratio = -k.r_in * h;
    double sum = k.v_rest + k.e_ex * gex + k.e_in * gin; // the input's terms, n = 0
    reversed[top] = 1.0 + gex + gin;
    for (int n = 0;;) {
        // tau_m dv/ds = [v_rest + E_ex g_ex + E_in g_in] - (1 + g_ex + g_in) v
        sum -= dot4(reversed.data() + (top - n), out.c.data(), (n + 4) / 4);
        out.c[n + 1] = sum * step * inverses[n + 1];
        // Stop when this term and the one before are small: one small term alone may be a
        // coefficient passing through zero.
        if (std::abs(out.c[n + 1]) <= tolerance && std::abs(out.c[n]) <= 16.0 * tolerance &&
            n >= 1) {
            out.order = n + 1;
            out.scale = 1.0 / h;
            return true;
        }
        if (++n == top) return false;
        gex *= ex_ratio * inverses[n];
        gin *= in_ratio * inverses[n];
        reversed[top - n] = gex + gin;
        sum = k.e_ex * gex + k.e_in * gin;
    }
}

} // namespace spikesim
