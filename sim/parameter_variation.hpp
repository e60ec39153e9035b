#pragma once
// A neuron parameter that varies over a population: one value per neuron, or a
// distribution drawn per neuron from the stream keyed by (seed, "parameter:<population>.
// <key>", neuron), so the same seed gives the same neurons for any thread count and any
// order of declaration. Resolved here into one Params per neuron, each checked by the model.
#include "sim/distribution.hpp"
#include "sim/errors.hpp"
#include "sim/neuron_model.hpp"
#include "sim/random.hpp"

#include <optional>
#include <string>
#include <vector>

namespace spikesim {

struct ParameterVariation {
    std::string key;                          // a key of the model's `keys` table
    std::vector<double> values;               // one per neuron, or empty
    std::optional<Distribution> distribution; // drawn per neuron when `values` is empty
};

// Every neuron's parameters: `base` with each variation applied. `where` names the
// population in errors ("population 'exc'"); an InputError names the key (as `where`.key)
// and, for a value the model refuses, the neuron.
template <NeuronModel M>
std::vector<typename M::Params> vary_parameters(const typename M::Params& base, std::uint32_t size,
                                                const std::vector<ParameterVariation>& variations,
                                                std::uint64_t seed, const std::string& population,
                                                const std::string& where) {
    using Params = typename M::Params;
    std::vector<Params> out(size, base);
    for (const auto& v : variations) {
        double Params::*field = nullptr;
        if constexpr (requires { M::keys; }) // models built in code have no named keys
            for (const auto& key : M::keys)
                if (v.key == key.name) field = key.field;
        const std::string at = where + "." + v.key;
        if (!field || v.key == "v_init")
            throw InputError("parameters", at,
                             "a parameter of model " + std::string(M::name) +
                                 " (v_init has its own distributions)",
                             "\"" + v.key + "\"");
        if (!v.values.empty()) {
            if (v.values.size() != size)
                throw InputError("parameters", at,
                                 "one value per neuron (" + std::to_string(size) + ")",
                                 std::to_string(v.values.size()) + " values");
            for (std::uint32_t i = 0; i < size; ++i)
                out[i].*field = v.values[i];
        } else if (v.distribution) {
            v.distribution->validate("parameters", at);
            const auto purpose = purpose_of("parameter:" + population + "." + v.key);
            for (std::uint32_t i = 0; i < size; ++i) {
                RandomStream stream(seed, purpose, i);
                out[i].*field = v.distribution->draw(stream);
            }
        } else {
            throw InputError("parameters", at, "values or a distribution", "neither");
        }
    }
    if (variations.empty()) return out;
    for (std::uint32_t i = 0; i < size; ++i) {
        try {
            M::validate(out[i], where);
        } catch (const InputError& e) {
            throw InputError(e.source(), e.key(), e.expected(),
                             e.got() + " (neuron " + std::to_string(i) + ")");
        }
    }
    return out;
}

} // namespace spikesim
