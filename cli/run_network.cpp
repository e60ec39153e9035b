#include "cli/run_network.hpp"
#include "cli/format.hpp"

#include "cli/progress_line.hpp"
#include "sim/simulation.hpp"

#include <tbb/global_control.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace spikesim::cli {
namespace {

std::atomic<bool> interrupted{false};

extern "C" void on_signal(int) {
    interrupted.store(true);
}

void print_population_row(const char* name, const char* model, const char* dale,
                          std::uint64_t neurons, std::uint64_t synapses, std::uint64_t spikes,
                          double seconds) {
    std::printf("%-14s %-16s %-11s %10s %14s %12s %10.3f\n", name, model, dale,
                grouped(neurons).c_str(), grouped(synapses).c_str(), grouped(spikes).c_str(),
                seconds > 0 && neurons > 0 ? double(spikes) / double(neurons) / seconds : 0.0);
}

// One row per population, then one for all neurons: spike sources are left out of that
// row, since their rates are inputs, not what the network does.
void print_populations(const Network& net, const RunStatistics& st) {
    const double seconds = st.simulated_ms / 1000.0;
    std::printf("%-14s %-16s %-11s %10s %14s %12s %10s\n", "population", "model", "dale", "neurons",
                "synapses out", "spikes", "rate (Hz)");
    std::uint64_t neurons = 0, synapses = 0, spikes = 0;
    for (std::uint32_t p = 0; p < net.populations().size(); ++p) {
        const Population& pop = net.populations()[p];
        const std::uint64_t out = net.synapses_from(PopulationId{p});
        print_population_row(pop.name.c_str(), std::string(pop.group->model()).c_str(),
                             to_string(pop.dale), pop.size(), out, st.spikes_per_population[p],
                             seconds);
        if (!pop.group->receives_input()) continue;
        neurons += pop.size();
        synapses += out;
        spikes += st.spikes_per_population[p];
    }
    print_population_row("all neurons", "", "", neurons, synapses, spikes, seconds);
    std::printf("\n");
}

// Each rank's value, on every rank.
std::vector<std::uint64_t> of_each_rank(Communicator& comm, std::uint64_t mine) {
    std::vector<std::uint64_t> all(comm.size(), 0);
    all[comm.rank()] = mine;
    comm.sum(all);
    return all;
}

// What each rank measured of itself: its peak resident memory and its time in exchanges.
struct RankMeasures {
    std::vector<std::uint64_t> peak_bytes, exchange_us;
};

RankMeasures measure_ranks(Communicator& comm, const RunStatistics& st) {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage); // ru_maxrss is in KiB on Linux
    return {of_each_rank(comm, static_cast<std::uint64_t>(usage.ru_maxrss) * 1024),
            of_each_rank(comm, static_cast<std::uint64_t>(st.exchange_seconds * 1e6))};
}

void print_memory(const Network& net, const std::vector<std::uint64_t>& peak) {
    std::size_t connectivity = 0; // held here
    for (const auto& proj : net.projections())
        connectivity += proj.bytes();
    std::size_t held = 0;
    for (const auto& proj : net.projections())
        held += proj.synapse_count();
    if (peak.size() == 1) {
        std::printf(
            "memory              %.1f MB peak resident; synapses %.1f MB, %.2f bytes each\n",
            double(peak[0]) / 1e6, double(connectivity) / 1e6,
            held ? double(connectivity) / double(held) : 0.0);
        return;
    }
    std::string ranks;
    for (const auto bytes : peak)
        ranks += (ranks.empty() ? "" : ", ") + std::to_string(std::lround(double(bytes) / 1e6));
    std::printf("memory              peak resident per rank (MB): %s; rank 0 holds %s synapses, "
                "%.1f MB\n",
                ranks.c_str(), grouped(held).c_str(), double(connectivity) / 1e6);
}

void print_summary(const Network& net, const NetworkRunResult& r, const RunReport& report,
                   const RankMeasures& ranks) {
    const auto& peak = ranks.peak_bytes;
    const auto& st = r.statistics;
    const double seconds = st.simulated_ms / 1000.0;
    std::printf("\n%s\n", report.title.c_str());
    print_populations(net, st);
    std::printf("simulated time      %.1f ms\n", st.simulated_ms);
    std::printf("network build       %.3f s\n", report.build_seconds);
    std::printf(
        "simulation          %.3f s wall, real-time factor %.3f (wall time / simulated time)\n",
        st.wall_seconds, seconds > 0 ? st.wall_seconds / seconds : 0.0);
    std::printf("synaptic events     %s (%.2f million per second of wall time)\n",
                grouped(st.synaptic_events).c_str(),
                st.wall_seconds > 0 ? double(st.synaptic_events) / st.wall_seconds / 1e6 : 0.0);
    if (st.drive_events > 0)
        std::printf("drive events        %s (Poisson drives: no synapses stored)\n",
                    grouped(st.drive_events).c_str());
    if (peak.size() > 1) {
        std::string shares;
        for (const auto us : ranks.exchange_us)
            shares += (shares.empty() ? "" : ", ") +
                      std::to_string(std::lround(
                          st.wall_seconds > 0 ? 1e-4 * double(us) / st.wall_seconds : 0.0)) +
                      " %";
        std::printf("exchange            share of the simulation per rank, waiting for the "
                    "slowest included%s: %s\n",
                    r.overlapped ? ", what the next window's computation did not hide" : "",
                    shares.c_str());
    }
    print_memory(net, peak);
    const std::string processes =
        peak.size() > 1 ? " on each of " + std::to_string(peak.size()) + " processes (MPI)" : "";
    if (r.window > 0 && std::isinf(net.min_delay()))
        std::printf("scheduling          windows of %g ms (no synapses: the neurons never "
                    "interact), %zu shards, %d threads%s\n",
                    r.window, r.shards, effective_threads(), processes.c_str());
    else if (r.window > 0)
        std::printf("scheduling          windows of %g ms (%s), %zu shards, %d threads%s\n",
                    r.window,
                    r.overlapped ? "half the minimum delay, each exchanged while the next advances"
                                 : "the minimum delay",
                    r.shards, effective_threads(), processes.c_str());
    else
        std::printf("scheduling          serial exact event queue (a delay is 0), 1 thread\n");
}

} // namespace

int effective_threads() {
    return static_cast<int>(
        tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
}

std::unique_ptr<tbb::global_control> limit_threads(int threads) {
    if (threads <= 0) return nullptr;
    return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                 static_cast<std::size_t>(threads));
}

RootPrints::RootPrints(const Communicator& comm) {
    if (comm.is_root()) return;
    std::fflush(stdout);
    saved_ = dup(STDOUT_FILENO);
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
        dup2(null, STDOUT_FILENO);
        close(null);
    }
}

RootPrints::~RootPrints() {
    if (saved_ < 0) return;
    std::fflush(stdout);
    dup2(saved_, STDOUT_FILENO);
    close(saved_);
}

void install_interrupt_handler() {
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
}

const std::atomic<bool>* interrupt_flag() {
    return &interrupted;
}

int run_network_and_report(Network& net, NetworkRunOptions options, const RunReport& report) {
    SingleProcess alone;
    Communicator& comm = options.communicator ? *options.communicator : alone;
    ProgressLine progress(report.progress && comm.is_root());
    options.progress = [&](double now, double end) { progress.update(now, end); };
    options.stop = &interrupted;
    options.provenance.threads = effective_threads();
    options.provenance.processes = static_cast<int>(comm.size());
    const NetworkRunResult r = run_network(net, options);
    progress.finish();
    const RankMeasures ranks = measure_ranks(comm, r.statistics);
    if (!comm.is_root()) return r.interrupted ? 130 : 0; // rank 0 reports for all
    if (r.interrupted) {
        std::fprintf(stderr, "spikesim: interrupted at t = %.1f ms; no output file written\n",
                     r.stopped_at);
        return 130;
    }
    print_summary(net, r, report, ranks);
    if (options.out)
        std::printf("output              %s\n", options.out->c_str());
    else
        std::printf("output              none (give --out FILE.h5 to record spikes)\n");
    return 0;
}

} // namespace spikesim::cli
