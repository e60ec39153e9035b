#include "experiments/two_input_config.hpp"

#include "config/toml_file.hpp"
#include "config/toml_reader.hpp"

#include <cmath>

namespace spikesim {
namespace {

void read_sweeps(TomlTable& t, TwoInputOptions& o, const std::set<std::string>& keep,
                 FieldOrigins& origins) {
    if (t.has("sweep_spikes") && !keep.count("sweep_spikes")) {
        o.sweep_spikes.clear();
        for (double x : t.numbers(t.at("sweep_spikes"), t.key_path("sweep_spikes"))) {
            if (x < 1 || x > 100000 || x != std::floor(x))
                throw t.error("sweep_spikes", "whole numbers from 1 to 100000", format_number(x));
            o.sweep_spikes.push_back(static_cast<int>(x));
        }
        origins.set("sweep_spikes", t.origin("sweep_spikes"));
    }
    if (t.has("sweep_tau_m") && !keep.count("sweep_tau_m")) {
        o.sweep_tau_m = t.numbers(t.at("sweep_tau_m"), t.key_path("sweep_tau_m"));
        origins.set("sweep_tau_m", t.origin("sweep_tau_m"));
    }
    if (t.has("sweep") && !keep.count("sweep")) {
        o.sweep = t.boolean("sweep", o.sweep);
        origins.set("sweep", t.origin("sweep"));
    }
}

// An integer key into a field of type T, within [lo, hi].
template <class T>
void read_integer(TomlTable& t, const char* key, T& field, std::int64_t lo, std::int64_t hi,
                  const std::set<std::string>& keep, FieldOrigins& origins) {
    if (!t.has(key)) return;
    const std::int64_t v = t.integer(key);
    if (keep.count(key)) return;
    if (v < lo || v > hi)
        throw t.error(key, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi),
                      std::to_string(v));
    field = static_cast<T>(v);
    origins.set(key, t.origin(key));
}

// times_a and times_b, the user's own trains: both or neither (either may be empty).
void read_custom_trains(TomlTable& t, TwoInputParams& p, const std::set<std::string>& keep,
                        FieldOrigins& origins) {
    const bool a = t.has("times_a"), b = t.has("times_b");
    if (!a && !b) return;
    if (a != b) {
        const char* missing = a ? "times_b" : "times_a";
        throw t.error(missing,
                      std::string("an array of times (ms) beside ") + (a ? "times_a" : "times_b") +
                          " (an empty array for none)",
                      "none");
    }
    InputTrains trains{t.numbers(t.at("times_a"), t.key_path("times_a")),
                       t.numbers(t.at("times_b"), t.key_path("times_b"))};
    if (keep.count("times_a") || keep.count("times_b")) return;
    p.custom = std::move(trains);
    origins.set("times_a", t.origin("times_a"));
    origins.set("times_b", t.origin("times_b"));
}

} // namespace

void read_two_input_config(const std::string& path, TwoInputOptions& o,
                           const std::set<std::string>& keep, FieldOrigins& origins) {
    const TomlFile file = read_toml_file(path);
    TomlTable top(file.root, path, "");
    if (!top.has("two_input")) throw top.error("two_input", "a [two_input] table", "none");
    const toml::value& table = top.at("two_input");
    if (!table.is_table()) throw top.error_at(table, "two_input", "a [two_input] table");
    top.finish();
    TomlTable t(table, path, "two_input");
    TwoInputParams& p = o.params;
    for (const auto& n : two_input_numbers) {
        if (!t.has(n.key)) continue;
        const double v = t.number(n.key);
        if (keep.count(n.key)) continue;
        p.*n.field = v;
        origins.set(n.key, t.origin(n.key));
    }
    read_integer(t, "spikes", p.spikes, 1, 100000, keep, origins);
    read_integer(t, "trials", p.trials, 1, 100000, keep, origins);
    read_integer(t, "seed", p.seed, 0, INT64_MAX, keep, origins);
    read_sweeps(t, o, keep, origins);
    read_custom_trains(t, p, keep, origins);
    t.finish();
}

} // namespace spikesim
