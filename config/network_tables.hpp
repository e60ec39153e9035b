#pragma once
// One [[population]] or [[projection]] table into a network: what a config file and the
// Python package (which builds such a table from keyword arguments) share, so both take the
// same keys, the same defaults and the same checks (docs/config.md).
#include "config/toml_reader.hpp"
#include "sim/network.hpp"

namespace spikesim {

// The table's name, model, dale and the model's own keys. InputErrors name the table's keys.
PopulationId add_population(Network& net, TomlTable& table);

// A [[drive]] table: target, rate (Hz per input), weight and inputs (1 if absent).
void add_drive(Network& net, TomlTable& table);

// A [[membrane_noise]] table: target, sigma (potential per sqrt(ms)) and kick_rate (kicks
// per ms, 20 if absent).
void add_membrane_noise(Network& net, TomlTable& table);

// The table's source, target, name, rule (with its keys), weight and delay. An error the
// network finds while building (a Dale violation, a neuron id out of range) is reported
// against the table's keys.
std::uint32_t add_projection(Network& net, TomlTable& table);

} // namespace spikesim
