#include "experiments/brunel.hpp"

#include "models/lif_delta.hpp"
#include "sim/errors.hpp"
#include "sim/simulation.hpp"

#include <cmath>
#include <string>

namespace spikesim {
namespace {

void require(bool ok, const char* field, const std::string& expected, double got) {
    if (!ok) throw InputError("brunel", field, expected, format_number(got));
}

bool finite_positive(double x) {
    return std::isfinite(x) && x > 0;
}

LifDelta::Params brunel_neuron(const BrunelParams& p) {
    LifDelta::Params n;
    n.tau_m = p.tau_m;
    n.e_l = 0.0;
    n.v_th = p.theta;
    n.v_reset = p.v_reset;
    n.t_ref = p.t_ref;
    return n;
}

} // namespace

void BrunelParams::validate() const {
    require(n_exc >= 4 && n_exc <= 10'000'000, "n_exc",
            "from 4 to 10000000 excitatory neurons (a quarter as many inhibitory)", n_exc);
    require(indegree >= 4 && indegree <= n_exc, "indegree",
            "from 4 to n_exc (" + std::to_string(n_exc) + ") inputs from each population",
            indegree);
    if (j) require(finite_positive(*j), "j", "a finite number > 0 (mV)", *j);
    require(std::isfinite(g) && g >= 0, "g", "a finite number >= 0", g);
    require(std::isfinite(eta) && eta >= 0 && eta <= 100, "eta", "a number from 0 to 100", eta);
    require(finite_positive(delay), "delay", "a finite number > 0 (ms)", delay);
    require(finite_positive(tau_m), "tau_m", "a finite number > 0 (ms)", tau_m);
    require(finite_positive(theta), "theta", "a finite number > 0 (mV above rest)", theta);
    require(std::isfinite(v_reset) && v_reset < theta, "v_reset",
            "a finite number below theta (" + format_number(theta) + " mV)", v_reset);
    require(std::isfinite(t_ref) && t_ref >= 0, "t_ref", "a finite number >= 0 (ms)", t_ref);
}

Network build_brunel(const BrunelParams& p) {
    p.validate();
    Network net(p.seed);
    const LifDelta::Params neuron = brunel_neuron(p);
    const InitialPotential v0{0.0, p.theta};
    const auto exc = net.add_neurons<LifDelta>("exc", p.n_exc, neuron, Dale::excitatory, v0);
    const auto inh = net.add_neurons<LifDelta>("inh", p.n_exc / 4, neuron, Dale::inhibitory, v0);
    const double j = p.weight();
    const FixedInDegree from_exc{p.indegree, true, true}, from_inh{p.indegree / 4, true, true};
    const SynapseSpec excitatory{j, p.delay}, inhibitory{-p.g * j, p.delay};
    net.connect(exc, exc, from_exc, excitatory, "exc->exc");
    net.connect(exc, inh, from_exc, excitatory, "exc->inh");
    net.connect(inh, exc, from_inh, inhibitory, "inh->exc");
    net.connect(inh, inh, from_inh, inhibitory, "inh->inh");
    const PoissonDrive drive{p.eta * p.nu_thr_hz(), p.indegree, j};
    net.add_drive(exc, drive);
    net.add_drive(inh, drive);
    return net;
}

const std::vector<BrunelExample>& brunel_examples() {
    static const std::vector<BrunelExample> examples{
        {"A", 3.0, 2.0, ActivityRegime::synchronous_regular},
        {"B", 6.0, 4.0, ActivityRegime::synchronous_irregular_fast},
        {"C", 5.0, 2.0, ActivityRegime::asynchronous_irregular},
        {"D", 4.5, 0.9, ActivityRegime::synchronous_irregular_slow},
    };
    return examples;
}

void BrunelOptions::validate() const {
    params.validate();
    if (g.empty()) throw InputError("brunel", "g", "at least one value of g");
    if (eta.empty()) throw InputError("brunel", "eta", "at least one value of eta");
    for (double x : g)
        require(std::isfinite(x) && x >= 0, "g", "finite numbers >= 0", x);
    for (double x : eta)
        require(std::isfinite(x) && x >= 0 && x <= 100, "eta", "numbers from 0 to 100", x);
    require(std::isfinite(transient) && transient >= 0, "transient", "a finite number >= 0 (ms)",
            transient);
    require(std::isfinite(duration) && duration >= transient + 128.0, "duration",
            "at least transient + 128 ms (" + format_number(transient + 128.0) +
                "): the spectrum takes segments of 128 ms",
            duration);
}

BrunelPoint run_brunel_point(const BrunelParams& p, const BrunelOptions& o, bool keep_raster) {
    Network net = build_brunel(p);
    Simulation sim(net);
    const PopulationId exc{0}, inh{1}; // as build_brunel adds them
    auto& exc_spikes = sim.record_spikes(exc);
    auto& inh_spikes = sim.record_spikes(inh);
    sim.run(o.duration);

    // Every neuron's train, excitatory then inhibitory.
    std::vector<SpikeTrain> trains(std::size_t(p.n_exc) + p.n_exc / 4);
    for (std::size_t k = 0; k < exc_spikes.times().size(); ++k)
        trains[exc_spikes.node_ids()[k]].push_back(exc_spikes.times()[k]);
    for (std::size_t k = 0; k < inh_spikes.times().size(); ++k)
        trains[p.n_exc + inh_spikes.node_ids()[k]].push_back(inh_spikes.times()[k]);

    BrunelPoint point;
    point.g = p.g;
    point.eta = p.eta;
    const TimeWindow analysed{o.transient, o.duration};
    point.features = regime_features(trains, analysed);
    point.regime = classify(point.features);
    if (keep_raster) {
        point.population_rate_hz = population_rate_hz(trains, analysed, 1.0);
        trains.resize(std::min<std::size_t>(o.raster_neurons, p.n_exc));
        point.raster = SpikeRaster::of_trains("exc", trains, o.duration);
    }
    return point;
}

BrunelResult
run_brunel(const BrunelOptions& o,
           const std::function<void(std::size_t, std::size_t, const BrunelPoint&)>& on_point) {
    o.validate();
    const auto& examples = brunel_examples();
    const std::size_t total = o.g.size() * o.eta.size() + (o.examples ? examples.size() : 0);
    BrunelResult r;
    BrunelParams p = o.params;
    const auto done = [&](BrunelPoint point, std::vector<BrunelPoint>& into) {
        into.push_back(std::move(point));
        if (on_point) on_point(r.grid.size() + r.examples.size(), total, into.back());
    };
    for (double g : o.g)
        for (double eta : o.eta) {
            p.g = g;
            p.eta = eta;
            done(run_brunel_point(p, o, false), r.grid);
        }
    if (o.examples)
        for (const auto& e : examples) {
            p.g = e.g;
            p.eta = e.eta;
            BrunelPoint point = run_brunel_point(p, o, true);
            point.example = e.name;
            done(std::move(point), r.examples);
        }
    return r;
}

} // namespace spikesim
