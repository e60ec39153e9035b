#include "config/model_registry.hpp"

#include "config/distribution_reader.hpp"

#include "models/adaptive_models.hpp"
#include "models/lif_alpha.hpp"
#include "models/lif_cond_exp.hpp"
#include "models/lif_delta.hpp"
#include "models/lif_exp.hpp"
#include "sim/source_group.hpp"

#include <algorithm>
#include <cmath>
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
    if (const auto d = read_distribution(t, "v_init")) {
        if (d->kind == Distribution::Kind::uniform) {
            v_init = d->low;
            return InitialPotential{d->low, d->high};
        }
        // The model checks its v_init: the distribution's centre stands for it.
        v_init = std::clamp(d->kind == Distribution::Kind::normal ? d->a : std::exp(d->a), d->min(),
                            d->max());
        return InitialPotential{d->min(), d->max(), d};
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
            // names the table's line when the key is absent
            throw t.error(e.key().substr(prefix.size()), e.expected(), e.got());
        }
        throw t.error("name", e.expected(), e.got());
    }
}

// A model parameter given per neuron: an array of `size` values or a distribution table;
// nothing for a number (or an absent key), which the caller reads.
std::optional<ParameterVariation> read_variation(TomlTable& t, const std::string& key,
                                                 std::uint32_t size) {
    if (!t.has(key)) return std::nullopt;
    if (auto d = read_distribution(t, key)) return ParameterVariation{key, {}, d};
    const toml::value& v = t.at(key);
    if (!v.is_array()) return std::nullopt;
    const std::string expected =
        "a number, an array of one value per neuron (" + std::to_string(size) +
        "), or a distribution table such as {distribution = \"uniform\", low = 18.0, high = "
        "22.0}";
    if (v.as_array().size() != size) throw t.error_at(v, t.key_path(key), expected);
    return ParameterVariation{key, t.numbers(v, t.key_path(key)), std::nullopt};
}

// Any neuron model with a keys table. Its v_init defaults to its e_l, when it has one. Every
// parameter but v_init (read_v_init) may vary per neuron.
template <NeuronModel M>
PopulationId add_neurons_from(Network& net, TomlTable& t, const std::string& name, Dale dale) {
    const std::uint32_t size = read_size(t);
    typename M::Params p;
    std::vector<ParameterVariation> varying;
    for (const auto& key : M::keys) {
        if (std::string_view(key.name) == "v_init") continue;
        if (auto v = read_variation(t, key.name, size)) {
            varying.push_back(std::move(*v)); // each neuron's value is checked
        } else {
            p.*key.field = t.number(key.name, p.*key.field);
        }
    }
    if constexpr (requires { p.e_l; }) p.v_init = p.e_l;
    const auto range = read_v_init(t, p.v_init);
    return in_file(t, name, [&] {
        return net.add_neurons<M>(name, size, p, dale, range, {}, std::move(varying));
    });
}

// A model under its own name (M::name) with its own keys (M::keys).
template <NeuronModel M> PopulationKind neuron_kind() {
    std::vector<std::string_view> keys;
    for (const auto& key : M::keys)
        keys.push_back(key.name);
    return {M::name, true, std::move(keys), &add_neurons_from<M>};
}

PopulationId add_spike_generator(Network& net, TomlTable& t, const std::string& name, Dale dale) {
    const toml::value& v = t.at("spike_times");
    if (!v.is_array() || v.as_array().empty())
        throw t.error_at(v, t.key_path("spike_times"),
                         "an array with one array of times (ms) per neuron");
    std::vector<std::vector<double>> times;
    for (std::size_t i = 0; i < v.as_array().size(); ++i)
        times.push_back(
            t.numbers(v.as_array()[i], t.key_path("spike_times") + "[" + std::to_string(i) + "]"));
    if (t.has("size") && t.integer("size") != std::int64_t(times.size()))
        throw t.error("size",
                      "the number of arrays in spike_times (" + std::to_string(times.size()) + ")",
                      std::to_string(t.integer("size")));
    const std::string where = "population '" + name + "'";
    return in_file(t, name, [&] {
        return net.add(name, std::make_unique<SpikeGeneratorGroup>(std::move(times), where), dale);
    });
}

double read_stop(TomlTable& t) {
    return t.number("stop", std::numeric_limits<double>::max());
}

PopulationId add_regular(Network& net, TomlTable& t, const std::string& name, Dale dale) {
    const std::uint32_t size = read_size(t);
    const double start = t.number("start", 0.0), stop = read_stop(t);
    const double interval = t.number("interval");
    const std::string where = "population '" + name + "'";
    return in_file(t, name, [&] {
        return net.add(name, std::make_unique<RegularGroup>(size, interval, start, stop, where),
                       dale);
    });
}

// rate = 10.0 (every neuron) or [r0, r1, ...] (one per neuron), or rate_times = [...] with
// rates = [...] (piecewise constant in time).
PopulationId add_poisson(Network& net, TomlTable& t, const std::string& name, Dale dale) {
    const std::uint32_t size = read_size(t);
    const double start = t.number("start", 0.0), stop = read_stop(t);
    PoissonRates rates;
    const bool varying = t.has("rate_times") || t.has("rates");
    if (varying) {
        if (t.has("rate"))
            throw t.error("rate", "no rate beside rate_times and rates (one or the other)", "both");
        rates.per_neuron = {0.0};
        rates.times = t.numbers(t.at("rate_times"), t.key_path("rate_times"));
        rates.rates = t.numbers(t.at("rates"), t.key_path("rates"));
        if (rates.times.empty()) throw t.error("rate_times", "at least one time", "none");
    } else if (t.has("rate") && t.at("rate").is_array()) {
        rates.per_neuron = t.numbers(t.at("rate"), t.key_path("rate"));
    } else {
        rates.per_neuron = {t.number("rate")};
    }
    const std::string where = "population '" + name + "'";
    return in_file(t, name, [&] {
        return net.add(name, std::make_unique<PoissonGroup>(size, rates, start, stop, where), dale);
    });
}

} // namespace

const std::vector<PopulationKind>& population_kinds() {
    static const std::vector<PopulationKind> kinds{
        neuron_kind<LifDelta>(),
        neuron_kind<LifExp>(),
        neuron_kind<LifAlpha>(),
        neuron_kind<LifCondExp>(),
        neuron_kind<Adex>(),
        neuron_kind<Izhikevich>(),
        {"poisson", false, {"rate", "rate_times", "rates", "start", "stop"}, &add_poisson},
        {"regular", false, {"interval", "start", "stop"}, &add_regular},
        {"spike_generator", false, {"spike_times"}, &add_spike_generator},
    };
    return kinds;
}

std::vector<std::string> population_kind_names() {
    std::vector<std::string> names;
    for (const auto& k : population_kinds())
        names.emplace_back(k.name);
    return names;
}

const PopulationKind& population_kind(TomlTable& table) {
    const std::string model = table.choice("model", population_kind_names());
    for (const auto& k : population_kinds())
        if (k.name == model) return k;
    throw table.error("model", "a known model", model); // choice() has refused it already
}

} // namespace spikesim
