#include "experiments/brunel_output.hpp"

#include <sstream>

namespace spikesim {
namespace {

constexpr ActivityRegime all_regimes[] = {
    ActivityRegime::synchronous_regular,        ActivityRegime::asynchronous_irregular,
    ActivityRegime::synchronous_irregular_fast, ActivityRegime::synchronous_irregular_slow,
    ActivityRegime::asynchronous_regular,       ActivityRegime::quiescent};

double regime_index(ActivityRegime r) {
    for (std::size_t k = 0; k < std::size(all_regimes); ++k)
        if (all_regimes[k] == r) return double(k);
    return -1;
}

std::string regime_names() {
    std::string names;
    for (auto r : all_regimes)
        names += std::string(names.empty() ? "" : ",") + to_string(r);
    return names;
}

void write_features(hid_t g, const RegimeFeatures& f) {
    hdf5::write_attribute(g, "rate_hz", f.rate_hz);
    hdf5::write_attribute(g, "mean_cv", f.mean_cv);
    hdf5::write_attribute(g, "chi", f.chi);
    hdf5::write_attribute(g, "peak_hz", f.peak_hz);
    hdf5::write_attribute(g, "peak_concentration", f.peak_concentration);
    hdf5::write_attribute(g, "slow_modulation", f.slow_modulation);
}

// One g x eta matrix of `value` over the grid.
template <class Value>
void write_grid(hid_t results, const std::string& name, const BrunelResult& r,
                const BrunelOptions& o, Value value) {
    std::vector<double> m;
    for (const auto& p : r.grid)
        m.push_back(value(p));
    hdf5::write_matrix(results, name, o.g.size(), o.eta.size(), m.data());
}

void write_parameters(hid_t g, const BrunelOptions& o) {
    const BrunelParams& p = o.params;
    hdf5::write_attribute(g, "n_exc", std::int64_t(p.n_exc));
    hdf5::write_attribute(g, "n_inh", std::int64_t(p.n_exc / 4));
    hdf5::write_attribute(g, "indegree", std::int64_t(p.indegree));
    hdf5::write_attribute(g, "j_mv", p.weight());
    hdf5::write_attribute(g, "delay_ms", p.delay);
    hdf5::write_attribute(g, "tau_m_ms", p.tau_m);
    hdf5::write_attribute(g, "theta_mv", p.theta);
    hdf5::write_attribute(g, "v_reset_mv", p.v_reset);
    hdf5::write_attribute(g, "t_ref_ms", p.t_ref);
    hdf5::write_attribute(g, "nu_thr_hz", p.nu_thr_hz());
    hdf5::write_attribute(g, "duration_ms", o.duration);
    hdf5::write_attribute(g, "transient_ms", o.transient);
    hdf5::write_attribute(g, "seed", std::int64_t(p.seed));
    hdf5::write_attribute(g, "regime_names", regime_names());
}

} // namespace

void write_brunel(const BrunelResult& r, const BrunelOptions& o, const std::string& path,
                  const Provenance& provenance) {
    SonataWriter w(path, provenance);
    w.write_experiment([&](hid_t f) {
        auto g = hdf5::create_group(f, "/results");
        write_parameters(g.get(), o);
        hdf5::write_vector(g.get(), "g", std::span<const double>(o.g));
        hdf5::write_vector(g.get(), "eta", std::span<const double>(o.eta));
        write_grid(g.get(), "regime", r, o, [](const auto& p) { return regime_index(p.regime); });
        write_grid(g.get(), "rate_hz", r, o, [](const auto& p) { return p.features.rate_hz; });
        write_grid(g.get(), "mean_cv", r, o, [](const auto& p) { return p.features.mean_cv; });
        write_grid(g.get(), "chi", r, o, [](const auto& p) { return p.features.chi; });
        write_grid(g.get(), "peak_hz", r, o, [](const auto& p) { return p.features.peak_hz; });
        write_grid(g.get(), "peak_concentration", r, o,
                   [](const auto& p) { return p.features.peak_concentration; });
        write_grid(g.get(), "slow_modulation", r, o,
                   [](const auto& p) { return p.features.slow_modulation; });
        for (const auto& e : r.examples) {
            auto eg = hdf5::create_group(g.get(), "examples/" + e.example);
            hdf5::write_attribute(eg.get(), "g", e.g);
            hdf5::write_attribute(eg.get(), "eta", e.eta);
            hdf5::write_attribute(eg.get(), "regime", std::string(to_string(e.regime)));
            write_features(eg.get(), e.features);
            hdf5::write_vector(eg.get(), "population_rate_hz",
                               std::span<const double>(e.population_rate_hz));
        }
    });
    for (const auto& e : r.examples)
        if (e.raster) w.write_raster(*e.raster, "example_" + e.example + "_");
    w.commit();
}

std::string brunel_config_text(const BrunelOptions& o) {
    std::ostringstream text;
    text << "brunel n_exc=" << o.params.n_exc << " indegree=" << o.params.indegree
         << " j=" << o.params.weight() << " delay=" << o.params.delay << " duration=" << o.duration
         << " transient=" << o.transient;
    return text.str();
}

} // namespace spikesim
