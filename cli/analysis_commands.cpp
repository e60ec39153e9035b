#include "cli/analysis_commands.hpp"

#include "io/spike_file.hpp"
#include "analysis/spike_statistics.hpp"
#include "cli/plotting.hpp"
#include "sim/errors.hpp"
#include "io/hdf5_handle.hpp"
#include "io/output_files.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace spikesim::cli {

CLI::App* add_analyze_command(CLI::App& app, AnalyzeOptions& o) {
    auto* cmd = app.add_subcommand(
        "analyze", "Statistics of the spikes in a spikesim (SONATA) file; results are "
                   "written back into the file under /analysis");
    cmd->add_option("file", o.file, "HDF5 file with /spikes/<population>")
        ->required()
        ->type_name("FILE.h5");
    cmd->add_option("--population,-p", o.populations, "populations to analyse (default: all)")
        ->delimiter(',');
    cmd->add_option("--window,-w", o.window,
                    "bin in ms for the population rate, Fano factor and chi")
        ->default_val(10.0);
    return cmd;
}

namespace {

// One population's statistics, as printed and as stored under /analysis/<population>.
struct PopulationStatistics {
    std::string name;
    std::uint64_t nodes = 0, spikes = 0;
    double rate = 0, fano = 0, chi = 0;
    IsiStatistics isi{};
    std::vector<double> rates, population_rate;
};

PopulationStatistics statistics_of(const PopulationSpikes& p, const Window& w, double bin) {
    const auto trains = trains_from(p.times, p.node_ids, p.nodes);
    return {p.name,
            p.nodes,
            p.times.size(),
            mean_rate_hz(trains, w),
            fano_factor(trains, w, bin),
            golomb_chi(trains, w, bin),
            isi_statistics(trains, w),
            rates_hz(trains, w),
            population_rate_hz(trains, w, bin)};
}

void write_statistics(hid_t file, const std::vector<PopulationStatistics>& all, double bin,
                      double duration_ms) {
    if (hdf5::exists(file, "/analysis")) hdf5::remove(file, "/analysis");
    auto root = hdf5::create_group(file, "/analysis");
    hdf5::write_attribute(root.get(), "window_ms", bin);
    hdf5::write_attribute(root.get(), "duration_ms", duration_ms);
    for (const auto& s : all) {
        auto g = hdf5::create_group(root.get(), s.name);
        hdf5::write_attribute(g.get(), "neurons", static_cast<std::int64_t>(s.nodes));
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

} // namespace

int run_analyze_command(const AnalyzeOptions& o) {
    if (!(o.window > 0) || !std::isfinite(o.window))
        throw InputError("command line", "--window", "a number > 0 (ms)", format_number(o.window));
    const auto start = std::chrono::steady_clock::now();
    const SpikeFile f = read_spike_file(o.file);
    for (const auto& p : o.populations) {
        bool found = false;
        for (const auto& q : f.populations)
            found |= q.name == p;
        if (!found)
            throw InputError(o.file, "--population", "a population in /spikes", "\"" + p + "\"");
    }
    if (!(f.duration_ms > 0))
        throw InputError(o.file, "/spikes", "at least one spike or a simulated_ms attribute",
                         "none");
    // Results go into a copy that replaces the file once complete: a full disk half way
    // would otherwise break the file that holds the spikes. Made first, so that a file
    // that cannot be written is an error before any work.
    FileUpdate update(o.file, "FILE.h5");
    const Window w{0.0, f.duration_ms};
    std::printf("%s: %.1f ms; window %g ms for population rate, Fano factor and chi\n",
                o.file.c_str(), f.duration_ms, o.window);
    std::printf("%-24s %10s %12s %12s %10s %10s %10s\n", "population", "neurons", "spikes",
                "rate (Hz)", "mean CV", "Fano", "chi");
    std::vector<PopulationStatistics> all;
    for (const auto& p : f.populations) {
        if (!o.populations.empty() &&
            std::find(o.populations.begin(), o.populations.end(), p.name) == o.populations.end())
            continue;
        const auto& s = all.emplace_back(statistics_of(p, w, o.window));
        std::printf("%-24s %10llu %12llu %12.3f %10.3f %10.3f %10.3f\n", s.name.c_str(),
                    static_cast<unsigned long long>(s.nodes),
                    static_cast<unsigned long long>(s.spikes), s.rate, s.isi.mean_cv, s.fano,
                    s.chi);
    }
    update.write([&] { write_statistics(update.file(), all, o.window, f.duration_ms); });
    update.commit();
    std::printf("results written to %s under /analysis (%.2f s)\n", o.file.c_str(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return 0;
}

CLI::App* add_plot_command(CLI::App& app, PlotOptions& o) {
    auto* cmd = app.add_subcommand(
        "plot", "PNG figures of any spikesim file: rasters, population rates, rate and ISI "
                "histograms, membrane traces");
    cmd->add_option("file", o.file, "HDF5 file written by spikesim")
        ->required()
        ->type_name("FILE.h5");
    cmd->add_option("--out,-o", o.out_dir, "directory for the PNGs (default: next to the file)")
        ->type_name("DIR");
    return cmd;
}

int run_plot_command(const PlotOptions& o) {
    read_spike_file(o.file); // validates the file before anything is drawn
    std::string dir = o.out_dir;
    if (dir.empty()) dir = std::filesystem::path(o.file).parent_path().string();
    if (dir.empty()) dir = ".";
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw InputError("command line", "--out", "an existing directory", "\"" + dir + "\"");
    require_plotting();
    plot("plot_file.py", o.file, {dir});
    return 0;
}

} // namespace spikesim::cli
