// spikesim: the command-line front end. Every subcommand validates its input before it
// creates anything; bad input exits with status 2 and a message naming the file or flag,
// the key and what was expected.
#include "cli/analysis_commands.hpp"
#include "cli/anatomy_command.hpp"
#include "cli/brunel_command.hpp"
#include "cli/coding_command.hpp"
#include "cli/kv_command.hpp"
#include "cli/network_commands.hpp"
#include "cli/run_network.hpp"
#include "cli/two_input_command.hpp"
#include "io/hdf5_handle.hpp"
#include "sim/errors.hpp"
#include "sim/version.hpp"

#include <cstdio>
#include <new>
#include <string>
#include <vector>

using namespace spikesim;

namespace {

const char* const examples =
    "Examples:\n"
    "  spikesim two-input --plot          same rate, different timing, different response\n"
    "  spikesim coding --plot             one MLP as ANN, rate-coded and time-to-first-spike "
    "spiking\n"
    "  spikesim kv --plot                 a transformer feed-forward block as key-value memory\n"
    "  spikesim anatomy --preset gpt3     neurons and synapses of GPT-3 (or --json)\n"
    "  spikesim cuba --neurons 100000 --threads 2 --out results/cuba.h5\n"
    "  spikesim coba                      conductance-based benchmark (COBA)\n"
    "  spikesim brunel --plot             regimes of a recurrent E/I network (Brunel 2000)\n"
    "  spikesim run data/examples/ei_network.toml --duration 500 --seed 7 --out ei.h5\n"
    "  spikesim analyze results/cuba.h5   rates, CV, Fano factor, synchrony; then: spikesim "
    "plot results/cuba.h5\n"
    "Config schema: docs/config.md. Bad input exits with status 2 and creates no file.\n"
    "Run 'spikesim SUBCOMMAND --help' for a subcommand's options.";

std::string command_line(int argc, char** argv) {
    std::string s;
    for (int i = 0; i < argc; ++i)
        s += (i ? " " : "") + std::string(argv[i]);
    return s;
}

// CLI11 would read an unknown first word as a stray argument; name it instead.
bool known_subcommand(const std::vector<cli::Command>& commands, const char* word) {
    std::string names;
    for (const auto& c : commands) {
        if (c.app->get_name() == word) return true;
        names += (names.empty() ? "" : ", ") + c.app->get_name();
    }
    std::fprintf(stderr,
                 "spikesim: error: unknown subcommand '%s'; expected one of: %s\n"
                 "Run 'spikesim --help' for usage.\n",
                 word, names.c_str());
    return false;
}

int run_chosen(const std::vector<cli::Command>& commands, const std::string& cmdline) {
    for (const auto& c : commands)
        if (c.app->parsed()) return c.run(cmdline);
    std::fprintf(stderr, "spikesim: error: no subcommand given; run 'spikesim --help'\n");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    hdf5::skip_cleanup_at_exit(); // before anything else touches HDF5
    CLI::App app{"spikesim " + std::string(version) +
                 ": an exact event-driven simulator of spiking neural networks.\n"
                 "Spike times are exact (not on a time grid) and results are identical for any "
                 "number of threads."};
    app.set_version_flag("--version,-V", std::string("spikesim ") + version);
    app.require_subcommand(1);
    app.footer(examples);
    // Every subcommand, once: its flags and what it runs.
    const std::vector<cli::Command> commands{
        cli::add_run_command(app),     cli::add_cuba_command(app),
        cli::add_analyze_command(app), cli::add_plot_command(app),
        cli::add_anatomy_command(app), cli::add_kv_command(app),
        cli::add_coding_command(app),  cli::add_two_input_command(app),
        cli::add_coba_command(app),    cli::add_brunel_command(app)};

    if (argc > 1 && argv[1][0] != '-' && !known_subcommand(commands, argv[1])) return 2;
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "spikesim: error: %s\nRun 'spikesim --help' for usage.\n", e.what());
        return 2;
    }

    cli::install_interrupt_handler();
    try {
        return run_chosen(commands, command_line(argc, argv));
    } catch (const InputError& e) {
        std::fprintf(stderr, "spikesim: error: %s\n", e.what());
        return 2;
    } catch (const std::bad_alloc&) {
        // The estimates before a network is built or run should refuse what does not fit;
        // an allocation that fails all the same is still the input's size, not a bug.
        std::fprintf(stderr, "spikesim: error: the input does not fit in this machine's memory "
                             "(an allocation failed); make the network, the run or the recording "
                             "smaller\n");
        return 2;
    } catch (const OutputError& e) {
        std::fprintf(stderr, "spikesim: error: %s; %s\n", e.what(), e.outcome().c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "spikesim: internal error: %s\n", e.what());
        return 1;
    }
}
