#include "cli/analysis_commands.hpp"

#include "analysis/file_statistics.hpp"
#include "cli/plotting.hpp"
#include "io/output_files.hpp"
#include "io/spike_file.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace spikesim::cli {
namespace {

int analyze(const std::string& path, const FileStatisticsOptions& o) {
    const auto start = std::chrono::steady_clock::now();
    const SpikeFile f = read_spike_file(path);
    o.validate(f);
    if (!(f.duration_ms > 0))
        throw InputError(path, "/spikes", "at least one spike or a simulated_ms attribute", "none");
    // Results go into a copy that replaces the file once complete: a full disk half way
    // would otherwise break the file that holds the spikes. Made first, so that a file
    // that cannot be written is an error before any work.
    FileUpdate update(path, "FILE.h5");
    std::printf("%s: %.1f ms; window %g ms for population rate, Fano factor and chi\n",
                path.c_str(), f.duration_ms, o.window);
    std::printf("%-24s %10s %12s %12s %10s %10s %10s\n", "population", "neurons", "spikes",
                "rate (Hz)", "mean CV", "Fano", "chi");
    const auto all = file_statistics(f, o);
    for (const auto& s : all)
        std::printf("%-24s %10llu %12llu %12.3f %10.3f %10.3f %10.3f\n", s.name.c_str(),
                    static_cast<unsigned long long>(s.nodes),
                    static_cast<unsigned long long>(s.spikes), s.rate, s.isi.mean_cv, s.fano,
                    s.chi);
    update.write([&] { write_statistics(update.file(), all, o.window, f.duration_ms); });
    update.commit();
    std::printf("results written to %s under /analysis (%.2f s)\n", path.c_str(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return 0;
}

// The directory for the PNGs: given (made if missing, as `run` makes results/), or the
// file's own.
std::string figure_directory(const std::string& file, const std::string& given) {
    namespace fs = std::filesystem;
    std::string dir = given.empty() ? fs::path(file).parent_path().string() : given;
    if (dir.empty()) dir = ".";
    std::error_code ec;
    if (!given.empty() && !fs::exists(dir, ec)) fs::create_directories(dir, ec);
    if (!fs::is_directory(dir, ec))
        throw InputError("command line", "--out", "a directory (made if missing)",
                         "\"" + dir + "\"" + (ec ? " (" + ec.message() + ")" : ""));
    return dir;
}

} // namespace

Command add_analyze_command(CLI::App& app) {
    auto file = std::make_shared<std::string>();
    auto o = std::make_shared<FileStatisticsOptions>();
    auto* cmd = app.add_subcommand(
        "analyze", "Statistics of the spikes in a spikesim (SONATA) file; results are "
                   "written back into the file under /analysis");
    cmd->add_option("file", *file, "HDF5 file with /spikes/<population>")
        ->required()
        ->type_name("FILE.h5");
    cmd->add_option("--population,-p", o->populations, "populations to analyse (default: all)")
        ->delimiter(',')
        ->type_name("NAME,...");
    cmd->add_option("--window,-w", o->window,
                    "bin in ms for the population rate, Fano factor and chi")
        ->default_val(o->window)
        ->type_name("MS");
    return {cmd, [=](const std::string&) {
                return attributed(flag_origins(*cmd), "analyze",
                                  [&] { return analyze(*file, *o); });
            }};
}

Command add_plot_command(CLI::App& app) {
    auto file = std::make_shared<std::string>();
    auto out_dir = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand(
        "plot", "PNG figures of any spikesim file: rasters, population rates, rate and ISI "
                "histograms, membrane traces");
    cmd->add_option("file", *file, "HDF5 file written by spikesim")
        ->required()
        ->type_name("FILE.h5");
    cmd->add_option("--out,-o", *out_dir,
                    "directory for the PNGs, made if missing (default: next to the file)")
        ->type_name("DIR");
    return {cmd, [=](const std::string&) {
                read_spike_file(*file); // validates the file before anything is drawn
                require_plotting();
                plot("plot_file.py", *file, {figure_directory(*file, *out_dir)});
                return 0;
            }};
}

} // namespace spikesim::cli
