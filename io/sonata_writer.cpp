#include "io/sonata_writer.hpp"

#include "io/output_files.hpp"
#include "sim/errors.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace spikesim {

void SonataWriter::write_raster(const SpikeRaster& r, const std::string& prefix) {
    write_raster(SpikeRaster{prefix + r.name, r.times, r.node_ids, r.nodes, r.duration_ms});
}

void SonataWriter::write_raster(const SpikeRaster& r) {
    longest_raster_ms_ = std::max(longest_raster_ms_, r.duration_ms);
    declare_spikes(r.name, r.nodes);
    write_spikes(r.name, r.times, r.node_ids);
    as_output_error([&] {
        hdf5::write_attribute(spikes_.at(r.name).group.get(), "simulated_ms", r.duration_ms);
    });
}

std::string now_iso8601() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

SonataWriter::SonataWriter(std::string path, const Provenance& provenance, std::string option,
                           SpikeStorage storage)
    : path_(std::move(path)), target_(output_target(path_)), storage_(storage) {
    check_output_path(path_, option);
    if (target_ != path_) check_output_path(target_, option);
    temporary_ = temporary_path_next_to(target_);
    try {
        file_ = hdf5::create_file(temporary_);
    } catch (const std::runtime_error&) {
        throw InputError(path_, option, "a path where an HDF5 file can be created",
                         "HDF5 refused it");
    }
    const hid_t root = file_.get();
    hdf5::write_attribute(root, "program", std::string("spikesim"));
    hdf5::write_attribute(root, "program_version", provenance.program_version);
    hdf5::write_attribute(root, "command_line", provenance.command_line);
    hdf5::write_attribute(root, "config", provenance.config_text);
    hdf5::write_attribute(root, "seed", static_cast<std::int64_t>(provenance.seed));
    hdf5::write_attribute(root, "threads", static_cast<std::int64_t>(provenance.threads));
    hdf5::write_attribute(root, "processes", static_cast<std::int64_t>(provenance.processes));
    hdf5::write_attribute(root, "start_time", now_iso8601());
    hdf5::write_attribute(root, "time_units", std::string("ms"));
}

SonataWriter::~SonataWriter() {
    if (!committed_) {
        spikes_.clear();
        reports_.clear();
        file_.reset();
        std::remove(temporary_.c_str());
    }
}

template <class Write> void SonataWriter::as_output_error(Write write) {
    spikesim::as_output_error(path_, OutputError::nothing_written, write);
}

void SonataWriter::declare_spikes(const std::string& population, std::uint64_t nodes) {
    if (spikes_.count(population)) return;
    as_output_error([&] {
        SpikeDatasets d;
        d.group = hdf5::create_group(file_.get(), "/spikes/" + population);
        // An enumeration, as the SONATA developer guide and libsonata read it (a string
        // breaks libsonata's reader).
        hdf5::write_enum_attribute(d.group.get(), "sorting",
                                   {{"none", 0}, {"by_id", 1}, {"by_time", 2}}, 2);
        if (nodes > 0)
            hdf5::write_attribute(d.group.get(), "n_nodes", static_cast<std::int64_t>(nodes));
        // Fast storage keeps spike times as they are: deflated they shrank only to 2/3, for
        // 5 % of a CUBA run's instructions. Node ids are packed to the bits their range
        // needs. Chunks are small (8 KB of times; at most 8 KB of ids up to 2^16 nodes)
        // because both kinds take a whole chunk's room on disk even when a population has a
        // handful of spikes.
        const bool compact = storage_ == SpikeStorage::compact;
        d.timestamps =
            hdf5::GrowingDataset(d.group.get(), "timestamps", H5T_NATIVE_DOUBLE, 0, 1 << 10,
                                 compact ? hdf5::Compression::deflate : hdf5::Compression::none);
        d.node_ids =
            hdf5::GrowingDataset(d.group.get(), "node_ids", H5T_NATIVE_UINT64, 0, 1 << 12,
                                 compact ? hdf5::Compression::deflate : hdf5::Compression::packing);
        hdf5::write_attribute(d.timestamps.get(), "units", std::string("ms"));
        spikes_.emplace(population, std::move(d));
    });
}

void SonataWriter::write_spikes(const std::string& population, std::span<const double> times,
                                std::span<const std::uint64_t> node_ids) {
    auto& d = spikes_.at(population);
    as_output_error([&] {
        d.timestamps.append(times.data(), times.size());
        d.node_ids.append(node_ids.data(), node_ids.size());
    });
}

void SonataWriter::declare_report(const std::string& population,
                                  const std::vector<std::uint32_t>& node_ids, double interval,
                                  const ReportVariable& variable) {
    as_output_error([&] {
        ReportDatasets r;
        r.group = hdf5::create_group(file_.get(), "/report/" + population);
        r.columns = node_ids.size();
        r.interval = interval;
        const std::size_t chunk_rows =
            std::max<std::size_t>(1, (1 << 16) / std::max<std::size_t>(r.columns, 1));
        r.data =
            hdf5::GrowingDataset(r.group.get(), "data", H5T_NATIVE_FLOAT, r.columns, chunk_rows);
        hdf5::write_attribute(r.data.get(), "units", variable.units);
        hdf5::write_attribute(r.data.get(), "variable", variable.name);
        auto mapping = hdf5::create_group(r.group.get(), "mapping");
        std::vector<std::uint64_t> ids(node_ids.begin(), node_ids.end());
        std::vector<std::uint64_t> pointers(ids.size() + 1);
        for (std::size_t i = 0; i < pointers.size(); ++i)
            pointers[i] = i;
        std::vector<std::uint32_t> elements(ids.size(), 0); // point neurons: one element each
        hdf5::write_vector(mapping.get(), "node_ids", std::span<const std::uint64_t>(ids));
        hdf5::write_vector(mapping.get(), "index_pointers",
                           std::span<const std::uint64_t>(pointers));
        hdf5::write_vector(mapping.get(), "element_ids", std::span<const std::uint32_t>(elements));
        reports_.emplace(population, std::move(r));
    });
}

void SonataWriter::write_report(const std::string& population, std::span<const float> values) {
    auto& r = reports_.at(population);
    as_output_error(
        [&] { r.data.append(values.data(), values.size() / std::max<std::size_t>(r.columns, 1)); });
}

void SonataWriter::commit() {
    as_output_error([&] { finish_file(); });
    committed_ = true;
}

void SonataWriter::finish_file() {
    for (auto& [name, r] : reports_) {
        auto mapping = hdf5::open_group(r.group.get(), "mapping");
        const double stop = static_cast<double>(r.data.rows()) * r.interval;
        const double time[3] = {0.0, stop, r.interval};
        hdf5::write_vector(mapping.get(), "time", std::span<const double>(time, 3));
        hdf5::Handle t(H5Dopen2(mapping.get(), "time", H5P_DEFAULT), H5Dclose, "open time");
        hdf5::write_attribute(t.get(), "units", std::string("ms"));
    }
    // A file of rasters kept from an experiment's runs says how long the longest lasted,
    // unless the writer's user said how long the run was.
    if (longest_raster_ms_ > 0 && !hdf5::has_attribute(file_.get(), "simulated_ms"))
        hdf5::write_attribute(file_.get(), "simulated_ms", longest_raster_ms_);
    hdf5::write_attribute(file_.get(), "end_time", now_iso8601());
    spikes_.clear();
    reports_.clear();
    close_into_place(file_, temporary_, target_);
}

} // namespace spikesim
