#include "io/spike_file.hpp"

#include "io/hdf5_handle.hpp"
#include "sim/errors.hpp"

#include <algorithm>
#include <filesystem>

namespace spikesim {

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
            const std::string g = "/spikes/" + name;
            PopulationSpikes p;
            p.name = name;
            p.times = hdf5::read_doubles(file.get(), g + "/timestamps");
            p.node_ids = hdf5::read_uint64s(file.get(), g + "/node_ids");
            if (p.times.size() != p.node_ids.size())
                throw InputError(path, g, "timestamps and node_ids of equal length",
                                 "different lengths");
            auto group = hdf5::open_group(file.get(), g);
            if (hdf5::has_attribute(group.get(), "n_nodes"))
                p.nodes =
                    static_cast<std::uint64_t>(hdf5::read_int_attribute(group.get(), "n_nodes"));
            for (auto id : p.node_ids)
                p.nodes = std::max(p.nodes, id + 1);
            for (double t : p.times)
                f.duration_ms = std::max(f.duration_ms, t);
            if (hdf5::has_attribute(group.get(), "simulated_ms"))
                p.duration_ms = hdf5::read_double_attribute(group.get(), "simulated_ms");
            f.populations.push_back(std::move(p));
        }
        if (hdf5::has_attribute(file.get(), "simulated_ms"))
            f.duration_ms = hdf5::read_double_attribute(file.get(), "simulated_ms");
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
