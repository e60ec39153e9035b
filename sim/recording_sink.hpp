#pragma once
// Where monitors stream what they record (an HDF5 file in the SONATA layout, see
// sim/sonata_writer.hpp). Without a sink, monitors keep everything in memory.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace spikesim {

// What a report samples: a state variable of the model and its units (SONATA attributes of
// the report's data).
struct ReportVariable {
    std::string name = "v";
    std::string units = "mV";
};

class RecordingSink {
  public:
    virtual ~RecordingSink() = default;
    // `nodes`: the population's size when known (0: unknown), kept as attribute n_nodes.
    virtual void declare_spikes(const std::string& population, std::uint64_t nodes = 0) = 0;
    virtual void write_spikes(const std::string& population, std::span<const double> times,
                              std::span<const std::uint64_t> node_ids) = 0;
    virtual void declare_report(const std::string& population,
                                const std::vector<std::uint32_t>& node_ids, double interval,
                                const ReportVariable& variable) = 0;
    // rows x node_ids.size() values, row-major, continuing the report's time axis.
    virtual void write_report(const std::string& population, std::span<const float> values) = 0;
};

} // namespace spikesim
