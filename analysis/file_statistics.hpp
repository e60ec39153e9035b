#pragma once
// The statistics `spikesim analyze` computes for each population of a spike file, and how
// they are stored back into it under /analysis.
#include "analysis/spike_statistics.hpp"
#include "io/spike_file.hpp"

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace spikesim {

struct PopulationStatistics {
    std::string name;
    std::uint64_t nodes = 0;
    double duration_ms = 0; // the window [0, duration) of every statistic
    std::uint64_t spikes = 0;
    double rate = 0, fano = 0, chi = 0; // mean rate (Hz), Fano factor and chi of bin counts
    IsiStatistics isi{};
    std::vector<double> rates, population_rate; // per neuron (Hz); per bin (Hz)
};

struct FileStatisticsOptions {
    std::vector<std::string> populations; // empty: all
    double window = 10.0;                 // ms: bin of the population rate, Fano factor, chi
    // InputError "analyze" naming the field (window), or the population not in `file`.
    void validate(const SpikeFile& file) const;
};

// Over [0, the file's duration).
std::vector<PopulationStatistics> file_statistics(const SpikeFile& file,
                                                  const FileStatisticsOptions& options);

// /analysis (replaced if present): attributes window_ms and duration_ms, and a group per
// population with its statistics.
void write_statistics(hid_t file, const std::vector<PopulationStatistics>& all, double window,
                      double duration_ms);

} // namespace spikesim
