#pragma once
// Writes what monitors record into one HDF5 file in the SONATA layout:
//   /spikes/<population>             attributes sorting (enum none/by_id/by_time = by_time),
//                                    n_nodes (the population's size), simulated_ms (optional)
//   /spikes/<population>/timestamps  float64, units "ms"
//   /spikes/<population>/node_ids    uint64
//   /report/<population>/data        float32 [time x node], units "mV"
//   /report/<population>/mapping/{node_ids, index_pointers, element_ids, time = [start, stop,
//   step]}
// plus provenance as attributes of the root group. The file is written under a temporary
// name next to the final one and renamed into place by commit(); if the writer is
// destroyed without commit (an error, an interrupted run) the temporary file is removed,
// so the final name only ever holds a complete file.
#include "io/hdf5_handle.hpp"
#include "io/output_files.hpp"
#include "sim/recording_sink.hpp"
#include "sim/spike_raster.hpp"

#include <map>
#include <string>

namespace spikesim {

struct Provenance {
    std::string program_version;
    std::string command_line;
    std::string config_text; // the full configuration the run used
    std::uint64_t seed = 0;
    int threads = 0;
    int processes = 1; // MPI ranks the run was spread over
};

// How spike datasets are stored, losslessly either way:
//   fast     times as they are, node ids packed to the bits their range needs: recording
//            costs about 1.4 % of a CUBA run's instructions;
//   compact  both shuffled and deflated: files about a quarter smaller, for about five
//            times the writer's work (it runs on a thread of its own in the CLI).
enum class SpikeStorage { fast, compact };

class SonataWriter final : public RecordingSink {
  public:
    // `key`: what names the path in an error (a flag, a config key).
    SonataWriter(std::string path, const Provenance& provenance, std::string key = "out",
                 SpikeStorage storage = SpikeStorage::fast);
    ~SonataWriter() override;

    void declare_spikes(const std::string& population, std::uint64_t nodes = 0) override;
    void write_spikes(const std::string& population, std::span<const double> times,
                      std::span<const std::uint64_t> node_ids) override;
    void declare_report(const std::string& population, const std::vector<std::uint32_t>& node_ids,
                        double interval, const ReportVariable& variable) override;
    void write_report(const std::string& population, std::span<const float> values) override;

    // One population's spikes kept after a run (an experiment's raster), with its size and
    // its own simulated_ms, which readers prefer to the file's (io/spike_file.hpp).
    void write_raster(const SpikeRaster& raster);
    // The same under the name prefix + raster.name.
    void write_raster(const SpikeRaster& raster, const std::string& prefix);
    // Runs `write(file())`, which adds an experiment's own groups and attributes; its
    // failure (a full disk) becomes an OutputError naming the file.
    template <class Write> void write_experiment(Write write) {
        spikesim::as_output_error(path_, OutputError::nothing_written, [&] { write(file_.get()); });
    }
    // The open file, for writers of experiment-specific groups and attributes.
    hid_t file() const { return file_.get(); }
    // Finishes the report time axes, stamps the end time (and simulated_ms, the longest
    // raster's, when rasters were written and nobody set it), closes and renames into place.
    // A write that fails here or in write_*() (a full disk) throws OutputError.
    void commit();
    const std::string& path() const { return path_; }

  private:
    // Runs `write`; its failure becomes an OutputError naming the file.
    template <class Write> void as_output_error(Write write);
    void finish_file(); // commit() without the error translation
    struct SpikeDatasets {
        hdf5::Handle group;
        hdf5::GrowingDataset timestamps, node_ids;
    };
    struct ReportDatasets {
        hdf5::Handle group;
        hdf5::GrowingDataset data;
        std::size_t columns = 0;
        double interval = 0;
    };
    std::string path_;   // as the user gave it, for messages
    std::string target_; // the file replaced: path_, or what it links to
    std::string temporary_;
    hdf5::Handle file_;
    std::map<std::string, SpikeDatasets> spikes_;
    std::map<std::string, ReportDatasets> reports_;
    SpikeStorage storage_;
    double longest_raster_ms_ = 0.0; // the root's simulated_ms, unless set otherwise
    bool committed_ = false;
};

std::string now_iso8601();

} // namespace spikesim
