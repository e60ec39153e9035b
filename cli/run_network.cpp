#include "cli/run_network.hpp"
#include "cli/format.hpp"

#include "cli/progress_line.hpp"
#include "io/background_sink.hpp"
#include "sim/simulation.hpp"

#include <tbb/global_control.h>

#include <sys/resource.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>

namespace spikesim::cli {
namespace {

std::atomic<bool> interrupted{false};

extern "C" void on_signal(int) {
    interrupted.store(true);
}

void print_summary(const Network& net, const Simulation& sim, const RunRequest& r) {
    const auto& st = sim.statistics();
    const double seconds = st.simulated_ms / 1000.0;
    std::printf("\n%s\n", r.title.c_str());
    std::printf("%-14s %-16s %-11s %10s %14s %12s %10s\n", "population", "model", "dale", "neurons",
                "synapses out", "spikes", "rate (Hz)");
    std::uint64_t spikes = 0;
    for (std::uint32_t p = 0; p < net.populations().size(); ++p) {
        const Population& pop = net.populations()[p];
        spikes += st.spikes_per_population[p];
        std::printf("%-14s %-16s %-11s %10s %14s %12s %10.3f\n", pop.name.c_str(),
                    std::string(pop.group->model()).c_str(), to_string(pop.dale),
                    grouped(pop.size()).c_str(),
                    grouped(net.synapses_from(PopulationId{p})).c_str(),
                    grouped(st.spikes_per_population[p]).c_str(),
                    seconds > 0 ? double(st.spikes_per_population[p]) / pop.size() / seconds : 0.0);
    }
    std::printf("%-14s %-16s %-11s %10s %14s %12s %10.3f\n\n", "all", "", "",
                grouped(net.neuron_count()).c_str(), grouped(net.synapse_count()).c_str(),
                grouped(spikes).c_str(),
                seconds > 0 ? double(spikes) / net.neuron_count() / seconds : 0.0);
    std::printf("simulated time      %.1f ms\n", st.simulated_ms);
    std::printf("network build       %.3f s\n", r.build_seconds);
    std::printf(
        "simulation          %.3f s wall, real-time factor %.3f (wall time / simulated time)\n",
        st.wall_seconds, seconds > 0 ? st.wall_seconds / seconds : 0.0);
    std::printf("synaptic events     %s (%.2f million per second of wall time)\n",
                grouped(st.synaptic_events).c_str(),
                st.wall_seconds > 0 ? double(st.synaptic_events) / st.wall_seconds / 1e6 : 0.0);
    std::size_t connectivity = 0;
    for (const auto& proj : net.projections())
        connectivity += proj.bytes();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage); // ru_maxrss is in KiB on Linux
    std::printf("memory              %.1f MB peak resident; synapses %.1f MB, %.2f bytes each\n",
                double(usage.ru_maxrss) * 1024.0 / 1e6, double(connectivity) / 1e6,
                net.synapse_count() ? double(connectivity) / double(net.synapse_count()) : 0.0);
    if (sim.window() > 0)
        std::printf(
            "scheduling          windows of %g ms (the minimum delay), %zu shards, %d threads\n",
            sim.window(), sim.shard_count(), effective_threads());
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

void install_interrupt_handler() {
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
}

int run_network(Network& net, const RunRequest& r) {
    Simulation sim(net);
    for (const auto& name : r.record_spikes)
        sim.record_spikes(*net.find(name));
    for (const auto& m : r.record_membrane)
        sim.record_membrane(*net.find(m.population), m.neurons, m.interval);

    // The writer packs and writes blocks of spikes on a thread of its own, behind
    // `background`; the file is touched here again only after background->wait().
    std::unique_ptr<SonataWriter> writer;
    std::unique_ptr<BackgroundSink> background;
    if (r.out) {
        Provenance prov = r.provenance;
        prov.threads = effective_threads();
        writer = std::make_unique<SonataWriter>(*r.out, prov, "--out", r.storage);
        background = std::make_unique<BackgroundSink>(*writer);
        sim.stream_to(background.get());
    }
    ProgressLine progress(r.progress);
    sim.on_progress([&](double now, double end) { progress.update(now, end); });
    sim.stop_when(&interrupted);
    sim.run(r.duration);
    progress.finish();
    if (sim.statistics().interrupted) {
        std::fprintf(stderr, "spikesim: interrupted at t = %.1f ms; no output file written\n",
                     sim.now());
        return 130;
    }
    if (writer) {
        background->wait();
        const auto& st = sim.statistics();
        hdf5::write_attribute(writer->file(), "simulated_ms", st.simulated_ms);
        hdf5::write_attribute(writer->file(), "wall_seconds", st.wall_seconds);
        writer->commit();
    }
    print_summary(net, sim, r);
    if (r.out)
        std::printf("output              %s\n", r.out->c_str());
    else
        std::printf("output              none (give --out FILE.h5 to record spikes)\n");
    return 0;
}

} // namespace spikesim::cli
