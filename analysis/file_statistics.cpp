#include "analysis/file_statistics.hpp"

#include "io/hdf5_handle.hpp"
#include "sim/errors.hpp"

#include <algorithm>
#include <cmath>

namespace spikesim {
namespace {

PopulationStatistics statistics_of(const PopulationSpikes& p, const TimeWindow& w, double bin) {
    const auto trains = trains_from(p.times, p.node_ids, p.nodes);
    return {p.name,
            p.nodes,
            w.t1,
            p.times.size(),
            mean_rate_hz(trains, w),
            fano_factor(trains, w, bin),
            golomb_chi(trains, w, bin),
            isi_statistics(trains, w),
            rates_hz(trains, w),
            population_rate_hz(trains, w, bin)};
}

bool wanted(const FileStatisticsOptions& o, const std::string& name) {
    return o.populations.empty() ||
           std::find(o.populations.begin(), o.populations.end(), name) != o.populations.end();
}

} // namespace

void FileStatisticsOptions::validate(const SpikeFile& file) const {
    if (!(window > 0) || !std::isfinite(window))
        throw InputError("analyze", "window", "a number > 0 (ms)", format_number(window));
    for (const auto& p : populations) {
        const bool found = std::any_of(file.populations.begin(), file.populations.end(),
                                       [&](const PopulationSpikes& q) { return q.name == p; });
        if (!found)
            throw InputError("analyze", "population", "a population in /spikes", "\"" + p + "\"");
    }
}

std::vector<PopulationStatistics> file_statistics(const SpikeFile& file,
                                                  const FileStatisticsOptions& o) {
    std::vector<PopulationStatistics> all;
    for (const auto& p : file.populations)
        if (wanted(o, p.name))
            all.push_back(statistics_of(p, TimeWindow{0.0, p.duration_ms}, o.window));
    return all;
}

void write_statistics(hid_t file, const std::vector<PopulationStatistics>& all, double window,
                      double duration_ms) {
    if (hdf5::exists(file, "/analysis")) hdf5::remove(file, "/analysis");
    auto root = hdf5::create_group(file, "/analysis");
    hdf5::write_attribute(root.get(), "window_ms", window);
    hdf5::write_attribute(root.get(), "duration_ms", duration_ms);
    for (const auto& s : all) {
        auto g = hdf5::create_group(root.get(), s.name);
        hdf5::write_attribute(g.get(), "neurons", static_cast<std::int64_t>(s.nodes));
        hdf5::write_attribute(g.get(), "duration_ms", s.duration_ms);
        hdf5::write_attribute(g.get(), "spikes", static_cast<std::int64_t>(s.spikes));
        hdf5::write_attribute(g.get(), "mean_rate_hz", s.rate);
        hdf5::write_attribute(g.get(), "mean_isi_ms", s.isi.mean_ms);
        hdf5::write_attribute(g.get(), "mean_cv", s.isi.mean_cv);
        hdf5::write_attribute(g.get(), "fano_factor", s.fano);
        hdf5::write_attribute(g.get(), "chi", s.chi);
        hdf5::write_vector(g.get(), "rates_hz", std::span<const double>(s.rates));
        hdf5::write_vector(g.get(), "population_rate_hz",
                           std::span<const double>(s.population_rate));
    }
}

} // namespace spikesim
