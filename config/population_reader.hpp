#pragma once
// Builds a population from its [[population]] table: the model's parameters are keys of
// the table itself (see docs/config.md). One function per model family; no registry.
#include "sim/network.hpp"
#include "config/toml_reader.hpp"

namespace spikesim {

// Names of the models a config may use, in the order docs/config.md lists them.
const std::vector<std::string>& model_names();

PopulationId add_population_from_toml(Network& net, TomlTable& table, const std::string& name,
                                      const std::string& model, Dale dale);

} // namespace spikesim
