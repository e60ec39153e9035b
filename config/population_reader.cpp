#include "config/population_reader.hpp"

#include "models/adaptive_models.hpp"
#include "models/lif_cond_exp.hpp"
#include "models/lif_delta.hpp"
#include "models/lif_exp.hpp"
#include "sim/source_group.hpp"

#include <limits>

namespace spikesim {
namespace {

std::uint32_t read_size(TomlTable& t) {
    const std::int64_t size = t.integer("size");
    if (size < 1 || size > std::int64_t(UINT32_MAX))
        throw t.error("size", "an integer between 1 and 4294967295", std::to_string(size));
    return static_cast<std::uint32_t>(size);
}

// v_init = -65.0 (every neuron) or v_init = [-60.0, -50.0] (uniform in that range).
std::optional<InitialPotential> read_v_init(TomlTable& t, double& v_init) {
    if (!t.has("v_init")) {
        t.number("v_init", v_init);
        return std::nullopt;
    }
    const toml::value& v = t.at("v_init");
    if (v.is_array()) {
        const auto range = t.numbers(v, t.key_path("v_init"));
        if (range.size() != 2 || !(range[0] <= range[1]))
            throw t.error_at(v, t.key_path("v_init"),
                             "a number or a range [low, high] with low <= high");
        v_init = range[0];
        return InitialPotential{range[0], range[1]};
    }
    v_init = t.number("v_init");
    return std::nullopt;
}

// Model validation names keys "population 'x'.tau_m"; re-attribute to the file.
template <class F> auto in_file(TomlTable& t, const std::string& name, F make) {
    try {
        return make();
    } catch (const DaleViolation&) {
        throw;
    } catch (const InputError& e) {
        const std::string prefix = "population '" + name + "'.";
        if (e.key().rfind(prefix, 0) == 0) {
            const std::string key = e.key().substr(prefix.size());
            throw t.error(key, e.expected(),
                          e.got()); // names the table's line when the key is absent
        }
        throw t.error("name", e.expected(), e.got());
    }
}

// Reads the keys every LIF model has; the model's own extra keys are read by `extra`.
template <class M, class Extra>
PopulationId add_lif(Network& net, TomlTable& t, const std::string& name, Dale dale, Extra extra) {
    const std::uint32_t size = read_size(t);
    typename M::Params p;
    p.tau_m = t.number("tau_m", p.tau_m);
    extra(p);
    p.e_l = t.number("e_l", p.e_l);
    p.v_th = t.number("v_th", p.v_th);
    p.v_reset = t.number("v_reset", p.v_reset);
    p.t_ref = t.number("t_ref", p.t_ref);
    p.i_e = t.number("i_e", p.i_e);
    p.v_init = p.e_l;
    const auto range = read_v_init(t, p.v_init);
    return in_file(t, name, [&] { return net.add_neurons<M>(name, size, p, dale, range); });
}

PopulationId add_adex(Network& net, TomlTable& t, const std::string& name, Dale dale) {
    const std::uint32_t size = read_size(t);
    AdexSystem::Params p;
    for (auto [key, field] : {std::pair{"c_m", &p.c_m},
                              {"g_l", &p.g_l},
                              {"e_l", &p.e_l},
                              {"v_t", &p.v_t},
                              {"delta_t", &p.delta_t},
                              {"a", &p.a},
                              {"tau_w", &p.tau_w},
                              {"b", &p.b},
                              {"v_r", &p.v_r},
                              {"v_peak", &p.v_peak},
                              {"t_ref", &p.t_ref},
                              {"i_e", &p.i_e},
                              {"abs_tol", &p.abs_tol},
                              {"rel_tol", &p.rel_tol}})
        *field = t.number(key, *field);
    p.v_init = p.e_l;
    const auto range = read_v_init(t, p.v_init);
    return in_file(t, name, [&] { return net.add_neurons<Adex>(name, size, p, dale, range); });
}

PopulationId add_izhikevich(Network& net, TomlTable& t, const std::string& name, Dale dale) {
    const std::uint32_t size = read_size(t);
    IzhikevichSystem::Params p;
    for (auto [key, field] : {std::pair{"a", &p.a},
                              {"b", &p.b},
                              {"c", &p.c},
                              {"d", &p.d},
                              {"i_e", &p.i_e},
                              {"v_peak", &p.v_peak},
                              {"t_ref", &p.t_ref},
                              {"abs_tol", &p.abs_tol},
                              {"rel_tol", &p.rel_tol}})
        *field = t.number(key, *field);
    const auto range = read_v_init(t, p.v_init);
    return in_file(t, name,
                   [&] { return net.add_neurons<Izhikevich>(name, size, p, dale, range); });
}

double read_stop(TomlTable& t) {
    return t.number("stop", std::numeric_limits<double>::max());
}

PopulationId add_source(Network& net, TomlTable& t, const std::string& name,
                        const std::string& model, Dale dale) {
    const std::string where = "population '" + name + "'";
    if (model == "spike_generator") {
        const toml::value& v = t.at("spike_times");
        if (!v.is_array() || v.as_array().empty())
            throw t.error_at(v, t.key_path("spike_times"),
                             "an array with one array of times (ms) per neuron");
        std::vector<std::vector<double>> times;
        for (std::size_t i = 0; i < v.as_array().size(); ++i)
            times.push_back(t.numbers(v.as_array()[i],
                                      t.key_path("spike_times") + "[" + std::to_string(i) + "]"));
        if (t.has("size") && t.integer("size") != std::int64_t(times.size()))
            throw t.error("size",
                          "the number of arrays in spike_times (" + std::to_string(times.size()) +
                              ")",
                          std::to_string(t.integer("size")));
        return in_file(t, name, [&] {
            return net.add(name, std::make_unique<SpikeGeneratorGroup>(std::move(times), where),
                           dale);
        });
    }
    const std::uint32_t size = read_size(t);
    const double start = t.number("start", 0.0);
    const double stop = read_stop(t);
    if (model == "regular") {
        const double interval = t.number("interval");
        return in_file(t, name, [&] {
            return net.add(name, std::make_unique<RegularGroup>(size, interval, start, stop, where),
                           dale);
        });
    }
    const double rate = t.number("rate");
    return in_file(t, name, [&] {
        return net.add(name, std::make_unique<PoissonGroup>(size, rate, start, stop, where), dale);
    });
}

} // namespace

const std::vector<std::string>& model_names() {
    static const std::vector<std::string> names{"lif_delta", "lif_exp",        "lif_cond_exp",
                                                "adex",      "izhikevich",     "poisson",
                                                "regular",   "spike_generator"};
    return names;
}

PopulationId add_population_from_toml(Network& net, TomlTable& table, const std::string& name,
                                      const std::string& model, Dale dale) {
    if (model == "lif_delta") return add_lif<LifDelta>(net, table, name, dale, [](auto&) {});
    if (model == "lif_exp")
        return add_lif<LifExp>(net, table, name, dale, [&](LifExp::Params& p) {
            p.tau_ex = table.number("tau_ex", p.tau_ex);
            p.tau_in = table.number("tau_in", p.tau_in);
        });
    if (model == "lif_cond_exp")
        return add_lif<LifCondExp>(net, table, name, dale, [&](LifCondExpSystem::Params& p) {
            p.tau_ex = table.number("tau_ex", p.tau_ex);
            p.tau_in = table.number("tau_in", p.tau_in);
            p.e_ex = table.number("e_ex", p.e_ex);
            p.e_in = table.number("e_in", p.e_in);
            p.abs_tol = table.number("abs_tol", p.abs_tol);
            p.rel_tol = table.number("rel_tol", p.rel_tol);
        });
    if (model == "adex") return add_adex(net, table, name, dale);
    if (model == "izhikevich") return add_izhikevich(net, table, name, dale);
    return add_source(net, table, name, model, dale);
}

} // namespace spikesim
