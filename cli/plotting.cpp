#include "cli/plotting.hpp"

#include "sim/errors.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <sys/wait.h>

namespace spikesim::cli {
namespace {

const char* python = "/usr/bin/python3";

// SPIKESIM_ANALYSIS_DIR if set, else the source tree's scripts (a build), else the
// installation's.
std::string analysis_dir() {
    if (const char* env = std::getenv("SPIKESIM_ANALYSIS_DIR")) return env;
    const std::string source = std::string(SPIKESIM_SOURCE_DIR) + "/analysis";
    std::error_code ec;
    if (std::filesystem::is_directory(source, ec)) return source;
    return std::string(SPIKESIM_INSTALL_DATA_DIR) + "/analysis";
}

std::string quoted(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

} // namespace

void require_plotting() {
    const std::string check = std::string(python) + " -c 'import matplotlib, h5py' >/dev/null 2>&1";
    if (std::system(check.c_str()) != 0)
        throw InputError("command line", "--plot",
                         "python3-matplotlib and python3-h5py installed (bash scripts/setup.sh)",
                         "they are missing");
    if (!std::filesystem::is_directory(analysis_dir()))
        throw InputError("command line", "--plot",
                         "the analysis scripts in " + analysis_dir() +
                             " (or SPIKESIM_ANALYSIS_DIR)",
                         "no such directory");
}

void plot_experiment(const std::string& script, const std::string& h5_file) {
    plot(script, h5_file);
    plot("plot_file.py", h5_file);
}

void plot(const std::string& script, const std::string& h5_file,
          const std::vector<std::string>& extra) {
    std::string command =
        std::string(python) + " " + quoted(analysis_dir() + "/" + script) + " " + quoted(h5_file);
    for (const auto& e : extra)
        command += " " + quoted(e);
    std::fflush(stdout); // keep our lines before the script's
    const int status = std::system(command.c_str());
    if (status != 0 && WIFEXITED(status) && WEXITSTATUS(status) == 2) // the script said why
        throw InputError(h5_file, "", "a file whose figures can be drawn",
                         "one the script refused (above)");
    if (status != 0) throw std::runtime_error("plotting failed: " + command);
}

} // namespace spikesim::cli
