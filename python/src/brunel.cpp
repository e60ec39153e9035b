// spikesim.experiments.brunel and brunel_network: Brunel's (2000) E/I network and the sweep
// of its regimes (experiments/brunel.hpp), options as keyword arguments with the names of
// the fields, results as dictionaries of NumPy arrays.
#include "arrays.hpp"
#include "bindings.hpp"
#include "keywords.hpp"

#include "experiments/brunel.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>

namespace spikesim::python {
namespace {

void read_params(Keywords& k, BrunelParams& p) {
    k.whole("n_exc", p.n_exc, 4);
    k.whole("indegree", p.indegree, 4);
    double j = std::nan(""); // stays NaN when the keyword is not given
    k.number("j", j);
    if (!std::isnan(j)) p.j = j;
    k.number("delay", p.delay);
    k.number("tau_m", p.tau_m);
    k.number("theta", p.theta);
    k.number("v_reset", p.v_reset);
    k.number("t_ref", p.t_ref);
    k.whole("seed", p.seed);
}

// Runs `f` with the GIL released; an InputError of the options ("brunel") names `function`.
template <class F> auto released(const std::string& function, F f) {
    try {
        py::gil_scoped_release release;
        return f();
    } catch (const InputError& e) {
        if (e.source() == "brunel") throw e.with_source(function, std::nullopt);
        throw;
    }
}

std::shared_ptr<NetworkHandle> brunel_network(py::kwargs kw) {
    BrunelParams p;
    Keywords k(kw, "experiments.brunel_network");
    read_params(k, p);
    k.number("g", p.g);
    k.number("eta", p.eta);
    k.finish();
    Network net = released("experiments.brunel_network", [&] { return build_brunel(p); });
    auto h = std::make_shared<NetworkHandle>(net.seed());
    *h->net = std::move(net);
    return h;
}

py::dict features_dict(const BrunelPoint& p) {
    py::dict d;
    d["g"] = p.g;
    d["eta"] = p.eta;
    d["regime"] = to_string(p.regime);
    d["rate_hz"] = p.features.rate_hz;
    d["mean_cv"] = p.features.mean_cv;
    d["chi"] = p.features.chi;
    d["peak_hz"] = p.features.peak_hz;
    d["peak_concentration"] = p.features.peak_concentration;
    d["slow_modulation"] = p.features.slow_modulation;
    return d;
}

py::dict brunel(py::kwargs kw) {
    BrunelOptions o;
    Keywords k(kw, "experiments.brunel");
    read_params(k, o.params);
    k.numbers("g", o.g);
    k.numbers("eta", o.eta);
    k.number("duration", o.duration);
    k.number("transient", o.transient);
    k.boolean("examples", o.examples);
    k.whole("raster_neurons", o.raster_neurons, 0);
    k.finish();
    const BrunelResult r = released("experiments.brunel", [&] { return run_brunel(o); });
    const auto grid = [&](auto value) {
        std::vector<double> v;
        for (const auto& p : r.grid)
            v.push_back(value(p.features));
        return copy_to_numpy(v).reshape({py::ssize_t(o.g.size()), py::ssize_t(o.eta.size())});
    };
    py::dict out;
    out["g"] = copy_to_numpy(o.g);
    out["eta"] = copy_to_numpy(o.eta);
    py::list regimes;
    for (std::size_t i = 0; i < o.g.size(); ++i) {
        py::list row;
        for (std::size_t j = 0; j < o.eta.size(); ++j)
            row.append(to_string(r.grid[i * o.eta.size() + j].regime));
        regimes.append(row);
    }
    out["regime"] = regimes;
    out["rate_hz"] = grid([](const RegimeFeatures& f) { return f.rate_hz; });
    out["mean_cv"] = grid([](const RegimeFeatures& f) { return f.mean_cv; });
    out["chi"] = grid([](const RegimeFeatures& f) { return f.chi; });
    out["peak_hz"] = grid([](const RegimeFeatures& f) { return f.peak_hz; });
    out["peak_concentration"] = grid([](const RegimeFeatures& f) { return f.peak_concentration; });
    out["slow_modulation"] = grid([](const RegimeFeatures& f) { return f.slow_modulation; });
    py::dict examples;
    for (const auto& e : r.examples) {
        py::dict d = features_dict(e);
        d["population_rate_hz"] = copy_to_numpy(e.population_rate_hz);
        d["times"] = copy_to_numpy(e.raster->times);
        d["node_ids"] = copy_to_numpy(e.raster->node_ids);
        examples[e.example.c_str()] = d;
    }
    out["examples"] = examples;
    out["nu_thr_hz"] = o.params.nu_thr_hz();
    return out;
}

} // namespace

void bind_brunel(py::module_& m) {
    m.def("_brunel_network", &brunel_network);
    m.def("_brunel", &brunel);
}

} // namespace spikesim::python
