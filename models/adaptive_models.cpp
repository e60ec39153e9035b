#include "models/adaptive_models.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace spikesim {
namespace {

constexpr int max_order = TaylorTerms<2>::max_order;

// 1/k for k = 0..max_order (entry 0 unused): the recurrences divide by k at every term.
constexpr std::array<double, max_order + 1> inverses = [] {
    std::array<double, max_order + 1> a{};
    for (int k = 1; k <= max_order; ++k)
        a[k] = 1.0 / k;
    return a;
}();

// The terms' tolerance: 2^-46 of the scale of a variable, near double precision (a few
// dozen roundings), as for lif_cond_exp.
constexpr double relative_tolerance = 0x1p-46;

// The step's longest length from the fastest rate at its start. Beyond the linear rates, a
// quadratic or exponential term blows up in finite time (the spike), at about 1/rate_blowup:
// a step of a quarter of that makes the terms fall as 4^-k.
double step_limit(double rate_linear, double rate_blowup) {
    return std::min(2.0 / rate_linear, 0.25 / rate_blowup);
}

} // namespace

double AdexSystem::start(const Params& p, const std::array<double, dim>& y, Series& s) {
    s.c[0][0] = y[0];
    s.c[1][0] = y[1];
    s.e[0] = std::exp((y[0] - p.v_t) / p.delta_t);
    const double rate_linear =
        p.g_l / p.c_m + 1.0 / p.tau_w + std::sqrt(std::abs(p.a) / (p.c_m * p.tau_w));
    return step_limit(rate_linear, p.g_l * s.e[0] / p.c_m);
}

bool AdexSystem::expand(const Params& p, double h, Series& s) {
    // Local copies: the compiler cannot tell that the terms written never overlap p, and
    // would load every parameter again at each order.
    const double v_scale =
        std::max({std::abs(p.e_l), std::abs(p.v_t), std::abs(p.v_r), std::abs(p.v_peak), 1.0});
    const double tol_v = relative_tolerance * v_scale, tol_w = tol_v * p.g_l;
    const double g_l = p.g_l, a = p.a, gl_delta = p.g_l * p.delta_t;
    const double hv = h / p.c_m, hw = h / p.tau_w, inv_delta = 1.0 / p.delta_t;
    double* const v = s.c[0].data();
    double* const w = s.c[1].data();
    double* const e = s.e.data();
    // C dv/dt = -g_L v + g_L Delta_T E - w + (g_L E_L + I_e); tau_w dw/dt = a v - w - a E_L
    v[1] = hv * (gl_delta * e[0] - g_l * v[0] - w[0] + g_l * p.e_l + p.i_e);
    w[1] = hw * (a * v[0] - w[0] - a * p.e_l);
    e[1] = v[1] * e[0] * inv_delta;
    for (int n = 1;;) {
        v[n + 1] = hv * inverses[n + 1] * (gl_delta * e[n] - g_l * v[n] - w[n]);
        w[n + 1] = hw * inverses[n + 1] * (a * v[n] - w[n]);
        ++n;
        // Terms n - 1 and n within tolerance (one small term alone may be a coefficient
        // passing through zero).
        if (std::abs(v[n]) <= tol_v && std::abs(w[n]) <= tol_w &&
            std::abs(v[n - 1]) <= 16 * tol_v && std::abs(w[n - 1]) <= 16 * tol_w) {
            s.order = n;
            return true;
        }
        if (n == max_order) return false;
        // E' = E v' / Delta_T:  n e_n = (1/Delta_T) sum_{j=1..n} j v_j e_{n-j}
        double sum = 0.0;
        for (int j = 1; j <= n; ++j)
            sum += j * v[j] * e[n - j];
        e[n] = sum * inverses[n] * inv_delta;
    }
}

void AdexSystem::hold(const Params& p, std::array<double, dim>& y, double dt) {
    const double w_rest = p.a * (p.v_r - p.e_l); // w's fixed point with v at V_r
    y[1] = w_rest + (y[1] - w_rest) * std::exp(-dt / p.tau_w);
}

// While v stays below a level v_mid < v_peak, with a >= 0: w <= w_hi = max(w, a (v_mid - E_L)),
// so v >= v_lo = min(v, E_L + (I_e - w_hi) / g_L), so w >= w_lo = min(w, a (v_lo - E_L)); and
// C dv/dt <= g_L (E_L - v_lo) + g_L Delta_T exp((v_mid - V_T) / Delta_T) - w_lo + I_e = R,
// the exponential's convex sum with the leak bounded at the ends. v needs (v_mid - v) C / R
// to reach v_mid, and v_peak lies beyond it. The best of three levels, V_T + {0, 1, 2} Delta_T.
double AdexSystem::crossing_bound(const Params& p, const std::array<double, dim>& y) {
    if (p.a < 0.0) return 0.0;
    constexpr double exp_levels[] = {1.0, 2.718281828459045, 7.38905609893065};
    double best = 0.0;
    for (int k = 0; k < 3; ++k) {
        const double v_mid = p.v_t + k * p.delta_t;
        if (!(y[0] < v_mid && v_mid < p.v_peak)) continue;
        const double w_hi = std::max(y[1], p.a * (v_mid - p.e_l));
        const double v_lo = std::min(y[0], p.e_l + (p.i_e - w_hi) / p.g_l);
        const double w_lo = std::min(y[1], p.a * (v_lo - p.e_l));
        const double r = p.g_l * (p.e_l - v_lo) + p.g_l * p.delta_t * exp_levels[k] - w_lo + p.i_e;
        if (!(r > 0.0)) return std::numeric_limits<double>::infinity();
        best = std::max(best, (v_mid - y[0]) * p.c_m / r);
    }
    return best;
}

double IzhikevichSystem::start(const Params& p, const std::array<double, dim>& y, Series& s) {
    s.c[0][0] = y[0];
    s.c[1][0] = y[1];
    // dv/dt's slope in v is 0.08 v + 5; the parabola, centred on v = -62.5, blows up at
    // about 1/(0.04 |v + 62.5|) (a tangent's pole, complex below the parabola's roots).
    const double rate_linear = std::abs(0.08 * y[0] + 5.0) + std::abs(p.a) * (1.0 + std::abs(p.b));
    return step_limit(rate_linear + 0.1, 0.04 * std::abs(y[0] + 62.5) + 0.1);
}

bool IzhikevichSystem::expand(const Params& p, double h, Series& s) {
    const double v_scale = std::max({std::abs(p.c), std::abs(p.v_peak), 1.0});
    const std::array<double, dim> tolerance = {
        relative_tolerance * v_scale,
        relative_tolerance * std::max({std::abs(p.b) * v_scale, std::abs(p.d), 1.0})};
    auto& v = s.c[0];
    auto& u = s.c[1];
    const double ha = h * p.a;
    for (int n = 0;;) {
        // dv/dt = 0.04 v^2 + 5 v + 140 + I_e - u;  du/dt = a (b v - u)
        double square = 0.0;
        for (int j = 0; j <= n; ++j)
            square += v[j] * v[n - j];
        v[n + 1] = h * inverses[n + 1] *
                   (0.04 * square + 5.0 * v[n] - u[n] + (n == 0 ? 140.0 + p.i_e : 0.0));
        u[n + 1] = ha * inverses[n + 1] * (p.b * v[n] - u[n]);
        ++n;
        if (n >= 2 && s.converged(n, tolerance)) {
            s.order = n;
            return true;
        }
        if (n == max_order) return false;
    }
}

void IzhikevichSystem::hold(const Params& p, std::array<double, dim>& y, double dt) {
    const double u_rest = p.b * p.c; // u's fixed point with v at c
    y[1] = u_rest + (y[1] - u_rest) * std::exp(-p.a * dt);
}

} // namespace spikesim
