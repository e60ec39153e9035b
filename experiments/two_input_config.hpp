#pragma once
// The [two_input] table of a config file (docs/config.md): the experiment's options under
// the names of its fields, so that `spikesim two-input --config FILE` and Python read the
// same keys.
#include "experiments/two_input.hpp"
#include "sim/errors.hpp"

#include <set>
#include <string>

namespace spikesim {

// Reads the [two_input] table of `path` into `options`. Fields named in `keep` (given on
// the command line, which wins) are left as they are; every field read gets its origin
// (file, line, key) in `origins`. Unknown keys and wrong types are InputErrors naming the
// file, line and key.
void read_two_input_config(const std::string& path, TwoInputOptions& options,
                           const std::set<std::string>& keep, FieldOrigins& origins);

} // namespace spikesim
