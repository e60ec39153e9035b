#pragma once
// The membrane potential of a conductance-based LIF neuron over a short stretch of time,
// as its Taylor polynomial. Between inputs the conductances are known exponentials,
//   g_ex(s) = g_ex e^{-s/tau_ex},  g_in(s) = g_in e^{-s/tau_in},
// and the membrane equation is linear in v:
//   tau_m dv/ds = (v_rest - v) + g_ex(s) (E_ex - v) + g_in(s) (E_in - v).
// Every coefficient is entire, so v is too, and its Taylor coefficients follow from those
// of the exponentials by a recurrence (the convolution of the product g v):
//   (k+1) tau_m v_{k+1} = [k = 0] v_rest + E_ex gex_k + E_in gin_k - v_k
//                         - sum_{j=0..k} (gex_j + gin_j) v_{k-j},
// with gx_k = g_x (-1/tau_x)^k / k!. On a stretch of up to two of the fastest time
// constants the terms fall faster than 2^k/k!, and 15 or so (COBA's mean) reach 1e-12 mV:
// cheaper than an adaptive Runge-Kutta restart at each input, and the polynomial is its
// own dense output for the threshold search.
#include <array>

namespace spikesim {

// The constants of the membrane equation, in the form the recurrence uses.
struct MembraneConstants {
    double v_rest;    // E_L + I_e, mV
    double e_ex;      // excitatory reversal potential, mV
    double e_in;      // inhibitory reversal potential, mV
    double inv_tau_m; // 1/ms
    double r_ex;      // 1/tau_ex, 1/ms
    double r_in;      // 1/tau_in, 1/ms
};

struct MembraneSeries {
    static constexpr int max_order = 32;
    // v(s) = sum_k c[k] (s/h)^k, h the stretch; 3 more entries, zero, pad the recurrence's sums.
    // Written whole by expand_membrane(), so not zeroed on construction (a series per input).
    std::array<double, max_order + 4> c;
    int order = 0;
    double scale = 1.0; // 1/h

    double operator()(double s) const {
        s *= scale;
        double sum = c[order];
        for (int k = order - 1; k >= 0; --k)
            sum = sum * s + c[k];
        return sum;
    }
    struct ValueAndSlope {
        double value, slope;
    };
    ValueAndSlope value_and_slope(double s) const {
        s *= scale;
        double value = c[order], slope = 0.0;
        for (int k = order - 1; k >= 0; --k) {
            slope = slope * s + value;
            value = value * s + c[k];
        }
        return {value, slope * scale};
    }
};

// The series of v from (v, g_ex, g_in) at s = 0, accurate on [0, h]: terms are added until
// the last is below `tolerance` (mV) at s = h, and the one before below 16 times that. Returns
// false when max_order terms did not get there: h is too long for the series, and the caller
// shortens it.
bool expand_membrane(const MembraneConstants& k, double v, double g_ex, double g_in, double h,
                     double tolerance, MembraneSeries& out);

} // namespace spikesim
