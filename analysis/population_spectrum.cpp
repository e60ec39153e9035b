#include "analysis/population_spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace spikesim {
namespace {

// |sum_k x_k e^{-2 pi i f k / n}|^2 for f = 0 .. n/2: a plain DFT, since segments are a few
// hundred bins and a spectrum is taken once per run.
std::vector<double> periodogram(std::span<const double> x) {
    const std::size_t n = x.size();
    std::vector<double> p(n / 2 + 1);
    for (std::size_t f = 0; f < p.size(); ++f) {
        double re = 0, im = 0;
        const double step = 2 * std::numbers::pi * double(f) / double(n);
        for (std::size_t k = 0; k < n; ++k) {
            const double phase = step * double(k);
            re += x[k] * std::cos(phase);
            im -= x[k] * std::sin(phase);
        }
        p[f] = re * re + im * im;
    }
    return p;
}

} // namespace

PowerSpectrum population_spectrum(std::span<const double> rate_hz, double bin_ms,
                                  std::size_t neurons, std::size_t segment) {
    if (!(bin_ms > 0) || neurons == 0 || rate_hz.size() < 4)
        throw std::invalid_argument("population_spectrum: needs bin_ms > 0, neurons > 0 and "
                                    "at least 4 bins");
    const std::size_t n = std::min(segment, rate_hz.size());
    std::vector<double> hann(n);
    double hann_power = 0;
    for (std::size_t k = 0; k < n; ++k) {
        hann[k] = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * double(k) / double(n));
        hann_power += hann[k] * hann[k];
    }
    double mean = 0;
    for (double r : rate_hz)
        mean += r;
    mean /= double(rate_hz.size());

    const double dt = bin_ms / 1000.0; // s
    PowerSpectrum s;
    s.power.assign(n / 2 + 1, 0.0);
    std::size_t segments = 0;
    std::vector<double> x(n);
    for (std::size_t start = 0; start + n <= rate_hz.size();
         start += std::max<std::size_t>(1, n / 2)) {
        double local = 0;
        for (std::size_t k = 0; k < n; ++k)
            local += rate_hz[start + k];
        local /= double(n);
        for (std::size_t k = 0; k < n; ++k)
            x[k] = (rate_hz[start + k] - local) * hann[k];
        const auto p = periodogram(x);
        for (std::size_t f = 0; f < p.size(); ++f)
            s.power[f] += p[f];
        ++segments;
    }
    // One-sided density: 2 dt / sum(w^2) per periodogram (DC and Nyquist counted once).
    for (std::size_t f = 0; f < s.power.size(); ++f) {
        const bool edge = f == 0 || (n % 2 == 0 && f == n / 2);
        s.power[f] *= (edge ? 1.0 : 2.0) * dt / hann_power / double(segments);
    }
    s.frequency_hz.resize(s.power.size());
    for (std::size_t f = 0; f < s.power.size(); ++f)
        s.frequency_hz[f] = double(f) / (double(n) * dt);
    s.poisson_floor = 2 * mean / double(neurons);
    return s;
}

} // namespace spikesim
