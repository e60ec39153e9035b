#pragma once
// The power spectrum of a population's rate, by Welch's method: the rate in bins, cut into
// half-overlapping segments, each tapered by a Hann window; their periodograms averaged.
#include <cstddef>
#include <span>
#include <vector>

namespace spikesim {

struct PowerSpectrum {
    std::vector<double> frequency_hz;
    std::vector<double> power; // one-sided density, Hz^2 per Hz, at each frequency
    // The density N independent Poisson trains of the same mean rate would give at every
    // frequency (2 nu / N): the floor that finite size alone puts under any spectrum.
    double poisson_floor = 0;
    double resolution_hz() const { return frequency_hz.size() > 1 ? frequency_hz[1] : 0.0; }
};

// `rate_hz`: the population rate in consecutive bins of `bin_ms`; `neurons`: how many
// neurons it averages. Segments of `segment` bins (the resolution is 1 / (segment * bin));
// when the rate is shorter than one segment, the one segment is the whole rate.
// Throws std::invalid_argument for bin_ms <= 0, neurons == 0 or fewer than 4 bins.
PowerSpectrum population_spectrum(std::span<const double> rate_hz, double bin_ms,
                                  std::size_t neurons, std::size_t segment = 256);

} // namespace spikesim
