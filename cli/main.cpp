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
#include "sim/process_group.hpp"
#include "sim/version.hpp"

#include <algorithm>
#include <cstdio>
#include <new>
#include <optional>
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
    "  mpirun -np 4 spikesim cuba --neurons 1000000 --threads 1   the same spikes, over 4 "
    "processes\n"
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

int run_chosen(const std::vector<cli::Command>& commands, const std::string& cmdline,
               const Communicator& comm) {
    for (const auto& c : commands) {
        if (!c.app->parsed()) continue;
        if (comm.size() > 1 && !c.on_ranks)
            throw InputError("mpirun", "-np",
                             "1 process for 'spikesim " + c.app->get_name() +
                                 "' (run, cuba, coba, coding and kv run over several)",
                             std::to_string(comm.size()) + " processes");
        return c.run(cmdline);
    }
    std::fprintf(stderr, "spikesim: error: no subcommand given; run 'spikesim --help'\n");
    return 2;
}

// An error's message, printed by rank 0 alone when every rank has it; an error only this
// rank met is printed here and ends every rank.
int report_error(Communicator& comm, int status, const std::string& message) {
    if (comm.size() > 1 && !comm.failed_together() && !comm.all_fail_within(5.0)) {
        std::fprintf(stderr, "spikesim: rank %u: %s\n", comm.rank(), message.c_str());
        comm.abort(status);
    }
    if (comm.is_root()) std::fprintf(stderr, "spikesim: %s\n", message.c_str());
    return status;
}

} // namespace

int main(int argc, char** argv) {
    hdf5::skip_cleanup_at_exit(); // before anything else touches HDF5
    std::optional<ProcessGroup> processes;
    try {
        processes.emplace(&argc, &argv);
    } catch (const InputError& e) {
        std::fprintf(stderr, "spikesim: error: %s\n", e.what());
        return 2;
    }
    Communicator& comm = processes->communicator();
    CLI::App app{"spikesim " + std::string(version) +
                 ": an exact event-driven simulator of spiking neural networks.\n"
                 "Spike times are exact (not on a time grid) and results are identical for any "
                 "number of threads."};
    app.set_version_flag("--version,-V", std::string("spikesim ") + version);
    app.require_subcommand(1);
    app.footer(examples);
    // Every subcommand, once: its flags and what it runs.
    const std::vector<cli::Command> commands{
        cli::add_run_command(app, comm),    cli::add_cuba_command(app, comm),
        cli::add_analyze_command(app),      cli::add_plot_command(app),
        cli::add_anatomy_command(app),      cli::add_kv_command(app, comm),
        cli::add_coding_command(app, comm), cli::add_two_input_command(app),
        cli::add_coba_command(app, comm),   cli::add_brunel_command(app)};

    // The command line is the same on every rank: so are its errors, which rank 0 prints.
    const bool root = comm.is_root();
    if (argc > 1 && argv[1][0] != '-') {
        if (!root) {
            if (!std::any_of(commands.begin(), commands.end(),
                             [&](const auto& c) { return c.app->get_name() == argv[1]; }))
                return 2;
        } else if (!known_subcommand(commands, argv[1])) {
            return 2;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (!root) return e.get_exit_code();
        if (e.get_exit_code() == 0) return app.exit(e); // --help, --version
        std::fprintf(stderr, "spikesim: error: %s\nRun 'spikesim --help' for usage.\n", e.what());
        return 2;
    }

    cli::install_interrupt_handler();
    try {
        return run_chosen(commands, command_line(argc, argv), comm);
    } catch (const InputError& e) {
        return report_error(comm, 2, std::string("error: ") + e.what());
    } catch (const std::bad_alloc&) {
        // The estimates before a network is built or run should refuse what does not fit;
        // an allocation that fails all the same is still the input's size, not a bug.
        return report_error(comm, 2,
                            "error: the input does not fit in this machine's memory (an "
                            "allocation failed); make the network, the run or the recording "
                            "smaller");
    } catch (const OutputError& e) {
        return report_error(comm, 1, std::string("error: ") + e.what() + "; " + e.outcome());
    } catch (const std::exception& e) {
        return report_error(comm, 1, std::string("internal error: ") + e.what());
    }
}
