#pragma once
// `spikesim analyze` (statistics of any spike file) and `spikesim plot` (its figures).
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace spikesim::cli {

struct AnalyzeOptions {
    std::string file;
    std::vector<std::string> populations; // empty: all
    double window = 10.0;                 // ms: bin of the population rate, Fano factor and chi
};
struct PlotOptions {
    std::string file;
    std::string out_dir; // empty: next to the file
};

CLI::App* add_analyze_command(CLI::App& app, AnalyzeOptions& o);
int run_analyze_command(const AnalyzeOptions& o);
CLI::App* add_plot_command(CLI::App& app, PlotOptions& o);
int run_plot_command(const PlotOptions& o);

} // namespace spikesim::cli
