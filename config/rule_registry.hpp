#pragma once
// Every connection rule a [[projection]] table can name, listed once: its name, its keys,
// whether its synapses carry their own weights, and the function that reads it. An unknown
// rule is an InputError listing the names below; nothing falls through to a default.
#include "config/toml_reader.hpp"
#include "sim/connection_rules.hpp"

#include <string_view>
#include <vector>

namespace spikesim {

struct RuleKind {
    std::string_view name;
    std::vector<std::string_view> keys;
    bool synapse_weights; // explicit, matrix: no projection-wide `weight`
    // Reads the rule's keys for a projection from n_source to n_target neurons.
    ConnectionRule (*read)(TomlTable& table, std::uint32_t n_source, std::uint32_t n_target);
};

// In the order docs/config.md lists them.
const std::vector<RuleKind>& rule_kinds();
// The rule named by the table's "rule" key (InputError if unknown).
const RuleKind& rule_kind(TomlTable& table);

} // namespace spikesim
