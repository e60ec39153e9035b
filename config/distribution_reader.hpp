#pragma once
// A key whose value may be a distribution table instead of a number:
//   weight = 1.5
//   weight = {distribution = "normal", mean = 1.5, sd = 0.3, low = 0.0, bounds = "clip"}
//   delay  = {distribution = "uniform", low = 0.5, high = 2.0}
//   weight = {distribution = "lognormal", mu = 0.0, sigma = 0.5}
// normal and lognormal take optional low and high (lognormal: low 0) and bounds
// ("redraw", the default, or "clip"); docs/config.md describes each.
#include "config/toml_reader.hpp"
#include "sim/distribution.hpp"

#include <optional>
#include <string>

namespace spikesim {

// The distribution when the key holds a table; nothing when it is absent or not a table
// (read it as a number then). InputErrors name the table's keys ("weight.sd").
std::optional<Distribution> read_distribution(TomlTable& table, const std::string& key);

} // namespace spikesim
