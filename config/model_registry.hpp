#pragma once
// Every kind of population a config file (and the Python package) can name, listed once:
// its name, its keys and the function that reads its table and adds it to a network. A
// neuron model's keys are the `keys` table beside its Params (sim/neuron_model.hpp). An
// unknown name is an InputError listing the names below; nothing falls through to a default.
//
// Adding a neuron model: its header in models/ (Params with keys, State, the concept's
// functions), a line in model_registry.cpp, its section in docs/config.md, its tests.
#include "config/toml_reader.hpp"
#include "sim/network.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace spikesim {

struct PopulationKind {
    std::string_view name;
    bool neurons;                       // false: a spike source (it takes no input)
    std::vector<std::string_view> keys; // the model's own keys (not name, model, dale, size)
    // Reads the model's keys from `table` and adds the population (InputErrors name the
    // table's keys).
    PopulationId (*add)(Network& net, TomlTable& table, const std::string& name, Dale dale);
};

// In the order docs/config.md lists them.
const std::vector<PopulationKind>& population_kinds();
std::vector<std::string> population_kind_names();
// The kind named `model`, read from the table's "model" key (InputError if unknown).
const PopulationKind& population_kind(TomlTable& table);

} // namespace spikesim
