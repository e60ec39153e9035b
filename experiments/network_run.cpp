#include "experiments/network_run.hpp"

#include "io/background_sink.hpp"
#include "io/hdf5_handle.hpp"
#include "sim/errors.hpp"

#include <memory>

namespace spikesim {
namespace {

PopulationId population_named(const Network& net, const std::string& name) {
    const auto id = net.find(name);
    if (!id) throw InputError("record", "population", "the name of a population", name);
    return *id;
}

} // namespace

NetworkRunResult run_network(Network& net, const NetworkRunOptions& o) {
    SingleProcess alone;
    Communicator& comm = o.communicator ? *o.communicator : alone;
    Simulation sim(net, comm, o.loop);
    sim.set_limits(o.limits);
    for (const auto& r : o.record.spikes)
        sim.record_spikes(population_named(net, r.population), r.neurons);
    for (const auto& m : o.record.membrane)
        sim.record_membrane(population_named(net, m.population), m.neurons, m.interval, m.variable);

    // The writer packs and writes blocks of spikes on a thread of its own, behind
    // `background`; the file is touched here again only after background->wait().
    std::unique_ptr<SonataWriter> writer;
    std::unique_ptr<BackgroundSink> background;
    on_root(comm, [&] {
        if (!o.out) return;
        writer = std::make_unique<SonataWriter>(*o.out, o.provenance, "out", o.storage);
        background = std::make_unique<BackgroundSink>(*writer);
        sim.stream_to(background.get());
    });
    if (o.progress) sim.on_progress(o.progress);
    sim.stop_when(o.stop);
    sim.run(o.duration);
    NetworkRunResult r{sim.statistics(),
                       sim.window(),
                       o.loop.overlap_exchange,
                       sim.shard_count(),
                       sim.statistics().interrupted,
                       sim.now()};
    if (r.interrupted) return r; // the writer's destructor removes the unfinished file
    on_root(comm, [&] {
        if (!writer) return;
        background->wait();
        hdf5::write_attribute(writer->file(), "simulated_ms", r.statistics.simulated_ms);
        hdf5::write_attribute(writer->file(), "wall_seconds", r.statistics.wall_seconds);
        writer->commit();
    });
    return r;
}

} // namespace spikesim
