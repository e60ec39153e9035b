// spikesim.Simulation, SpikeRecorder and MembraneRecorder. A run releases the GIL; every
// 0.1 s of wall time it takes the GIL back for a moment to report progress and to let
// Python see Ctrl-C, which stops the run at the next window and raises KeyboardInterrupt.
#include "arrays.hpp"
#include "bindings.hpp"

#include "config/spike_recording_reader.hpp"
#include "io/sonata_writer.hpp"
#include "sim/simulation.hpp"
#include "sim/version.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <tbb/global_control.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <optional>

namespace spikesim::python {
namespace {

struct SimulationHandle {
    std::shared_ptr<NetworkHandle> owner;
    int threads = 0; // 0: every core
    // Its network's ranks (under mpirun), or this process alone for a network built whole
    // (the experiments' networks run whole on every rank).
    Communicator* ranks = nullptr;
    SingleProcess alone;
    std::unique_ptr<Simulation> sim;
    bool started = false;
};

// TBB's thread limit for the duration of a call (none for 0: every core).
std::optional<tbb::global_control> thread_limit(int threads) {
    std::optional<tbb::global_control> limit;
    if (threads > 0)
        limit.emplace(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    return limit;
}

std::shared_ptr<SimulationHandle> make_simulation(const std::shared_ptr<NetworkHandle>& net,
                                                  py::object threads, bool overlap_exchange) {
    auto h = std::make_shared<SimulationHandle>();
    h->owner = net;
    h->threads = checked_threads(threads, "Simulation");
    const auto limit = thread_limit(h->threads);
    h->ranks = net->net->partition().whole() ? &h->alone : &processes();
    h->sim = std::make_unique<Simulation>(*net->net, *h->ranks, LoopOptions{overlap_exchange});
    net->in_use = true;
    return h;
}

void require_not_started(const SimulationHandle& h, const std::string& source) {
    if (h.started)
        throw InputError(source, "population",
                         "a recording asked for before the first run() (it would miss what "
                         "came before)",
                         "a recording asked for after a run");
}

// The Python side of a run: progress, and Ctrl-C or an exception in the progress callback.
class PythonWatch {
  public:
    PythonWatch(Simulation& sim, py::object progress) : progress_(std::move(progress)) {
        sim.stop_when(&stop_);
        sim.on_progress([this](double now, double end) { check(now, end); });
    }
    // After the run: the Python exception that stopped it, if any.
    void rethrow() {
        if (error_) {
            error_->restore();
            throw py::error_already_set();
        }
    }

  private:
    void check(double now, double end) {
        const auto t = std::chrono::steady_clock::now();
        if (t - last_ < std::chrono::milliseconds(100) && now < end) return;
        last_ = t;
        py::gil_scoped_acquire gil;
        try {
            if (PyErr_CheckSignals() != 0) throw py::error_already_set();
            if (PyCallable_Check(progress_.ptr()))
                progress_(now, end);
            else if (progress_.cast<bool>())
                py::module_::import("sys").attr("stderr").attr("write")(
                    "\r" + format_number(std::round(now * 10) / 10) + " of " + format_number(end) +
                    " ms" + (now >= end ? "\n" : ""));
        } catch (py::error_already_set& e) {
            error_.emplace(std::move(e));
            stop_ = true;
        }
    }
    py::object progress_;
    std::atomic<bool> stop_{false};
    std::optional<py::error_already_set> error_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

void run(SimulationHandle& h, py::object duration, py::object progress) {
    double ms = 0;
    try {
        ms = duration.cast<double>();
    } catch (const py::cast_error&) {
        throw InputError("Simulation.run", "duration", "a number of ms > 0",
                         py::repr(duration).cast<std::string>());
    }
    if (!(ms > 0) || !std::isfinite(ms))
        throw InputError("Simulation.run", "duration", "a finite number of ms > 0",
                         format_number(ms));
    PythonWatch watch(*h.sim, std::move(progress));
    h.started = true;
    {
        py::gil_scoped_release release;
        const auto limit = thread_limit(h.threads);
        h.sim->run(ms);
    }
    h.sim->on_progress({});
    h.sim->stop_when(nullptr);
    watch.rethrow();
}

// Rank 0 writes (it holds the recordings); its errors reach every rank.
void write(const SimulationHandle& h, const std::string& path, bool compact) {
    Provenance provenance;
    provenance.program_version = version;
    provenance.command_line = "python: spikesim.Simulation.write";
    provenance.seed = h.owner->net->seed();
    provenance.threads = h.threads;
    provenance.processes = static_cast<int>(h.ranks->size());
    on_root(*h.ranks, [&] {
        SonataWriter writer(path, provenance, "path",
                            compact ? SpikeStorage::compact : SpikeStorage::fast);
        h.sim->write_recorded(writer);
        writer.write_experiment([&](hid_t file) {
            hdf5::write_attribute(file, "simulated_ms", h.sim->now());
            hdf5::write_attribute(file, "wall_seconds", h.sim->statistics().wall_seconds);
        });
        writer.commit();
    });
}

// The neurons a spike recording keeps: all (none given), `neurons`, or a seeded sample.
std::vector<std::uint32_t> chosen_neurons(const SimulationHandle& h, const PopulationHandle& p,
                                          py::object neurons, py::object sample) {
    const std::string source = "Simulation.record_spikes";
    const std::uint32_t n = p.population().size();
    if (!neurons.is_none() && !sample.is_none())
        throw InputError(source, "sample", "either neurons or sample, not both", "both");
    if (!sample.is_none()) {
        std::int64_t k = -1;
        try {
            if (!py::isinstance<py::bool_>(sample)) k = sample.cast<std::int64_t>();
        } catch (const py::cast_error&) {
        }
        if (k < 1 || k > n)
            throw InputError(source, "sample", "a number of neurons from 1 to " + std::to_string(n),
                             py::repr(sample).cast<std::string>());
        return sample_neurons(h.owner->net->seed(), p.population().name, n, std::uint32_t(k));
    }
    if (neurons.is_none()) return {};
    std::vector<std::uint32_t> ids;
    try {
        ids = neurons.cast<std::vector<std::uint32_t>>();
    } catch (const py::cast_error&) {
        throw InputError(source, "neurons", "a sequence of neuron ids",
                         py::repr(neurons).cast<std::string>());
    }
    if (ids.empty()) throw InputError(source, "neurons", "at least one neuron id", "none");
    return ids;
}

SpikeMonitor& record_spikes_of(SimulationHandle& h, const PopulationHandle& p, py::object neurons,
                               py::object sample) {
    const std::string source = "Simulation.record_spikes";
    require_member(h.owner, p, source, "population");
    require_not_started(h, source);
    try {
        return h.sim->record_spikes(p.id, chosen_neurons(h, p, neurons, sample));
    } catch (const InputError& e) {
        if (e.source() == source) throw;
        throw e.with_source(source, std::nullopt);
    }
}

} // namespace

int checked_threads(py::handle threads, const std::string& source) {
    if (threads.is_none()) return 0;
    std::int64_t n = -1;
    try {
        if (!py::isinstance<py::bool_>(threads)) n = threads.cast<std::int64_t>();
    } catch (const py::cast_error&) {
    }
    if (n < 0 || n > 1024)
        throw InputError(source, "threads", "None (every core) or an integer from 1 to 1024",
                         py::repr(threads).cast<std::string>());
    return int(n);
}

void bind_simulation(py::module_& m) {
    py::class_<SpikeMonitor>(
        m, "SpikeRecorder",
        R"(The spikes of one population, recorded by Simulation.record_spikes: times (ms,
float64) and node_ids (the neuron's index within the population, uint64), in the order they
were emitted (by time, then id). Each access returns a NumPy copy of what has been
recorded so far.)")
        .def_property_readonly("population", &SpikeMonitor::population)
        .def_property_readonly("times",
                               [](const SpikeMonitor& s) { return copy_to_numpy(s.times()); })
        .def_property_readonly("node_ids",
                               [](const SpikeMonitor& s) { return copy_to_numpy(s.node_ids()); })
        .def("__len__", [](const SpikeMonitor& s) { return s.times().size(); })
        .def("__repr__", [](const SpikeMonitor& s) {
            return "<SpikeRecorder of '" + s.population() +
                   "': " + std::to_string(s.times().size()) + " spikes>";
        });

    py::class_<MembraneMonitor>(
        m, "MembraneRecorder",
        R"(The membrane potential (mV) of some neurons of one population, sampled every
`interval` ms from time 0: values has one row per sample and one column per neuron (the
ids in `neurons`, sorted); times are the samples' times.)")
        .def_property_readonly("population", &MembraneMonitor::population)
        .def_property_readonly("neurons", [](const MembraneMonitor& v) { return v.neurons(); })
        .def_property_readonly("interval", &MembraneMonitor::interval)
        .def_property_readonly("times",
                               [](const MembraneMonitor& v) {
                                   py::array_t<double> t(py::ssize_t(v.rows()));
                                   for (std::uint64_t r = 0; r < v.rows(); ++r)
                                       t.mutable_data()[r] = double(r) * v.interval();
                                   return t;
                               })
        .def_property_readonly("values", [](const MembraneMonitor& v) {
            py::array_t<float> a({py::ssize_t(v.rows()), py::ssize_t(v.neurons().size())});
            std::copy(v.values().begin(), v.values().end(), a.mutable_data());
            return a;
        });

    py::class_<SimulationHandle, std::shared_ptr<SimulationHandle>>(m, "Simulation",
                                                                    R"(Runs a Network.

    sim = spikesim.Simulation(net, threads=2)
    spikes = sim.record_spikes(exc)
    v = sim.record_membrane(exc, neurons=[0, 1], interval=0.1)
    sim.run(1000.0, progress=True)
    spikes.times, spikes.node_ids, v.times, v.values
    sim.write("out.h5")

The spikes are the same for any number of threads. run() continues from where the last run
stopped: two runs of 500 ms give the spikes of one run of 1000 ms, bit for bit. Once a
Simulation uses a network, the network takes no more populations or projections.)")
        .def(py::init(&make_simulation), py::arg("network"), py::kw_only(),
             py::arg("threads") = py::none(), py::arg("overlap_exchange") = false,
             "threads: None for every core, or a number of threads. overlap_exchange: windows "
             "of half the minimum delay, each window's spikes exchanged between processes "
             "(under mpirun) while the next advances; the spikes are the same for any number "
             "of processes and threads with it, and differ in the last bits from a run "
             "without it.")
        .def("record_spikes", &record_spikes_of, py::arg("population"), py::kw_only(),
             py::arg("neurons") = py::none(), py::arg("sample") = py::none(),
             py::return_value_policy::reference_internal,
             "Records the spikes of `population` from now on: of every neuron, of `neurons` "
             "(ids within it), or of `sample` neurons drawn with the network's seed; returns "
             "its SpikeRecorder.")
        .def(
            "record_membrane",
            [](SimulationHandle& h, const PopulationHandle& p, std::vector<std::uint32_t> neurons,
               double interval, const std::string& variable) -> MembraneMonitor& {
                require_member(h.owner, p, "Simulation.record_membrane", "population");
                require_not_started(h, "Simulation.record_membrane");
                try {
                    return h.sim->record_membrane(p.id, std::move(neurons), interval, variable);
                } catch (const InputError& e) {
                    throw e.with_source("Simulation.record_membrane", std::nullopt);
                }
            },
            py::arg("population"), py::arg("neurons"), py::arg("interval") = 0.1, py::kw_only(),
            py::arg("variable") = "v", py::return_value_policy::reference_internal,
            "Samples the membrane potential of `neurons` (ids within the population) every "
            "`interval` ms, or another state variable: `variable` is \"v\" or one of the "
            "model's (lif_exp, lif_alpha: i_ex, i_in; lif_cond_exp: g_ex, g_in; adex: w; "
            "izhikevich: "
            "u). Returns its MembraneRecorder; one such recording per population.")
        .def("run", &run, py::arg("duration"), py::kw_only(), py::arg("progress") = false,
             R"(Advances the network by `duration` ms. progress=True prints the simulated time to
stderr; a callable is called with (now, end) about ten times a second. Ctrl-C stops the run
at the next window (the simulation stays usable, at sim.now) and raises KeyboardInterrupt.)")
        .def("write", &write, py::arg("path"), py::kw_only(), py::arg("compact") = false,
             R"(Writes every recorder's records to `path` as a SONATA file, the layout the
command line writes (docs/output.md): /spikes/<population>, /report/<population>.
The file appears under its name only once complete. compact=True deflates the spikes.)")
        .def_property_readonly(
            "now", [](const SimulationHandle& h) { return h.sim->now(); },
            "The simulated time so far, ms.")
        .def_property_readonly("network", [](const SimulationHandle& h) { return h.owner; })
        .def_property_readonly("threads", [](const SimulationHandle& h) { return h.threads; })
        .def_property_readonly(
            "spike_counts",
            [](const SimulationHandle& h) {
                py::dict d;
                const auto& pops = h.owner->net->populations();
                const auto& counts = h.sim->statistics().spikes_per_population;
                for (std::size_t i = 0; i < pops.size() && i < counts.size(); ++i)
                    d[py::str(pops[i].name)] = counts[i];
                return d;
            },
            "Spikes emitted so far by each population (recorded or not).")
        .def_property_readonly(
            "synaptic_events",
            [](const SimulationHandle& h) { return h.sim->statistics().synaptic_events; },
            "Deliveries of a spike to a synapse so far.")
        .def_property_readonly(
            "drive_events",
            [](const SimulationHandle& h) { return h.sim->statistics().drive_events; },
            "Events of the network's Poisson drives (Network.add_drive) delivered so far.")
        .def_property_readonly(
            "window", [](const SimulationHandle& h) { return h.sim->window(); },
            "The window of the parallel loop (the smallest delay), ms; 0 for the serial event "
            "queue.");
}

} // namespace spikesim::python
