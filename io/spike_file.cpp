#include "io/spike_file.hpp"

#include "io/hdf5_handle.hpp"
#include "sim/errors.hpp"
#include "sim/memory_budget.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace spikesim {

namespace {

constexpr double max_duration_ms = 1e9;         // about 11.6 days of simulated time
constexpr std::uint64_t max_nodes = UINT32_MAX; // as many as a spikesim network has

// A file is checked before anything is sized from it: a node id of 2^40, n_nodes = -1 or a
// simulated_ms of 1e300 asked for more memory than any machine has, or for a bin count no
// integer holds.
class PopulationReader {
  public:
    PopulationReader(const std::string& path, hid_t file, const std::string& name)
        : path_(path), file_(file), group_name_("/spikes/" + name) {}

    PopulationSpikes read() {
        PopulationSpikes p;
        p.name = group_name_.substr(8);
        const std::uint64_t n = one_dimensional("timestamps");
        if (one_dimensional("node_ids") != n)
            throw bad(group_name_, "timestamps and node_ids of equal length", "different lengths");
        require_memory(double(n) * 16, "the spikes of " + group_name_, path_, group_name_);
        p.times = hdf5::read_doubles(file_, group_name_ + "/timestamps");
        p.node_ids = hdf5::read_uint64s(file_, group_name_ + "/node_ids");
        for (double t : p.times)
            if (!std::isfinite(t))
                throw bad(group_name_ + "/timestamps", "finite times", format_number(t));
        auto group = hdf5::open_group(file_, group_name_);
        if (hdf5::has_attribute(group.get(), "n_nodes")) {
            const std::int64_t nodes = hdf5::read_int_attribute(group.get(), "n_nodes");
            if (nodes < 0 || std::uint64_t(nodes) > max_nodes)
                throw bad(group_name_ + " n_nodes", "a count from 0 to 4294967295",
                          std::to_string(nodes));
            p.nodes = std::uint64_t(nodes);
        }
        for (auto id : p.node_ids)
            if (id >= max_nodes || (p.nodes > 0 && id >= p.nodes))
                throw bad(group_name_ + "/node_ids",
                          p.nodes > 0 ? "node ids below n_nodes (" + std::to_string(p.nodes) + ")"
                                      : std::string("node ids below 4294967295"),
                          std::to_string(id));
        for (auto id : p.node_ids)
            p.nodes = std::max(p.nodes, id + 1);
        require_memory(double(p.nodes) * 32, "one spike train per node of " + group_name_, path_,
                       group_name_);
        if (hdf5::has_attribute(group.get(), "simulated_ms"))
            p.duration_ms = duration(group.get(), group_name_ + " simulated_ms");
        return p;
    }

    // The attribute simulated_ms of `object`, checked.
    double duration(hid_t object, const std::string& what) const {
        const double d = hdf5::read_double_attribute(object, "simulated_ms");
        if (!(d >= 0 && d <= max_duration_ms))
            throw bad(what, "a duration from 0 to 1e9 ms", format_number(d));
        return d;
    }

  private:
    InputError bad(const std::string& key, const std::string& expected,
                   const std::string& got) const {
        return InputError(path_, key, expected, got);
    }
    // The length of a one-dimensional dataset (a 2-D one was flattened silently before).
    std::uint64_t one_dimensional(const std::string& dataset) const {
        const std::string full = group_name_ + "/" + dataset;
        if (!hdf5::exists(file_, full)) throw bad(full, "a dataset", "none");
        const auto shape = hdf5::shape(file_, full);
        if (shape.size() != 1)
            throw bad(full, "a one-dimensional dataset",
                      std::to_string(shape.size()) + " dimensions");
        return shape[0];
    }

    const std::string& path_;
    hid_t file_;
    std::string group_name_;
};

} // namespace

SpikeFile read_spike_file(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw InputError(path, "", "an HDF5 spike file (SONATA layout)", "no such file");
    SpikeFile f;
    try {
        auto file = hdf5::open_file_read(path);
        if (!hdf5::exists(file.get(), "/spikes"))
            throw InputError(path, "/spikes", "a SONATA spike file with a /spikes group",
                             "no /spikes group");
        for (const auto& name : hdf5::list(file.get(), "/spikes")) {
            PopulationReader reader(path, file.get(), name);
            f.populations.push_back(reader.read());
            for (double t : f.populations.back().times)
                f.duration_ms = std::max(f.duration_ms, t);
        }
        if (hdf5::has_attribute(file.get(), "simulated_ms"))
            f.duration_ms =
                PopulationReader(path, file.get(), "").duration(file.get(), "simulated_ms");
        if (!(f.duration_ms <= max_duration_ms))
            throw InputError(path, "/spikes", "spike times up to 1e9 ms",
                             format_number(f.duration_ms));
        for (auto& p : f.populations)
            if (!(p.duration_ms > 0)) p.duration_ms = f.duration_ms;
    } catch (const InputError&) {
        throw;
    } catch (const std::exception& e) {
        throw InputError(path, "", "an HDF5 spike file (SONATA layout)", e.what());
    }
    return f;
}

} // namespace spikesim
