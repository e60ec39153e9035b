#include "config/rule_registry.hpp"

#include "io/edges_file.hpp"

#include <filesystem>

#include <cmath>

namespace spikesim {
namespace {

ConnectionRule one_to_one(TomlTable&, std::uint32_t, std::uint32_t) {
    return OneToOne{};
}

ConnectionRule all_to_all(TomlTable& t, std::uint32_t, std::uint32_t) {
    return AllToAll{t.boolean("autapses", true)};
}

ConnectionRule fixed_probability(TomlTable& t, std::uint32_t, std::uint32_t) {
    const double p = t.number("p");
    if (!(p >= 0 && p <= 1)) throw t.error("p", "a probability in [0, 1]", format_number(p));
    return FixedProbability{p, t.boolean("autapses", true)};
}

// k in [0, 2^32), and at most `pool` without multapses.
std::uint32_t read_degree(TomlTable& t, std::uint32_t pool, bool multapses) {
    const std::int64_t k = t.integer("k");
    if (k < 0 || k > std::int64_t(UINT32_MAX))
        throw t.error("k", "an integer >= 0", std::to_string(k));
    if (!multapses && k > pool)
        throw t.error("k", "at most " + std::to_string(pool) + " without multapses",
                      std::to_string(k));
    return static_cast<std::uint32_t>(k);
}

ConnectionRule fixed_indegree(TomlTable& t, std::uint32_t n_source, std::uint32_t) {
    const bool autapses = t.boolean("autapses", true), multapses = t.boolean("multapses", true);
    return FixedInDegree{read_degree(t, n_source, multapses), autapses, multapses};
}

ConnectionRule fixed_outdegree(TomlTable& t, std::uint32_t, std::uint32_t n_target) {
    const bool autapses = t.boolean("autapses", true), multapses = t.boolean("multapses", true);
    return FixedOutDegree{read_degree(t, n_target, multapses), autapses, multapses};
}

ConnectionRule fixed_total_number(TomlTable& t, std::uint32_t, std::uint32_t) {
    const std::int64_t n = t.integer("n");
    if (n < 0) throw t.error("n", "an integer >= 0", std::to_string(n));
    return FixedTotalNumber{std::uint64_t(n), t.boolean("autapses", true),
                            t.boolean("multapses", true)};
}

// synapses = [[source, target, weight], [source, target, weight, delay], ...]
ConnectionRule explicit_list(TomlTable& t, std::uint32_t, std::uint32_t) {
    const toml::value& v = t.at("synapses");
    const std::string key = t.key_path("synapses");
    const char* form = "[source, target, weight] or [source, target, weight, delay]";
    if (!v.is_array()) throw t.error_at(v, key, std::string("an array of ") + form);
    SynapseList list;
    for (std::size_t j = 0; j < v.as_array().size(); ++j) {
        const toml::value& s = v.as_array()[j];
        const std::string sk = key + "[" + std::to_string(j) + "]";
        if (!s.is_array() || s.as_array().size() < 3 || s.as_array().size() > 4)
            throw t.error_at(s, sk, form);
        const auto& a = s.as_array();
        const auto w = t.numbers(toml::value(toml::array{a[2]}), sk + "[2]")[0];
        const double d =
            a.size() == 4 ? t.numbers(toml::value(toml::array{a[3]}), sk + "[3]")[0] : std::nan("");
        list.synapses.push_back(
            {t.neuron_id(a[0], sk + "[0]"), t.neuron_id(a[1], sk + "[1]"), w, d});
    }
    return list;
}

// file = "edges.h5" (a SONATA edges file; edges = "<population>" when it has several) or an
// .npz / HDF5 file of arrays pre, post, weight, delay. A relative path is taken from the
// config file's directory.
ConnectionRule from_file(TomlTable& t, std::uint32_t, std::uint32_t) {
    std::filesystem::path path = t.string("file");
    const std::filesystem::path config(t.file());
    if (path.is_relative() && std::filesystem::is_regular_file(config))
        path = config.parent_path() / path;
    const EdgeArrays e = read_edges(path.string(), t.string("edges", ""));
    if (e.delay.empty() && !t.has("delay"))
        throw t.error("delay", "a number (ms): the file gives no delays", "nothing");
    SynapseList list;
    list.synapses.reserve(e.pre.size());
    for (std::size_t i = 0; i < e.pre.size(); ++i)
        list.synapses.push_back({std::uint32_t(e.pre[i]), std::uint32_t(e.post[i]), e.weight[i],
                                 e.delay.empty() ? std::nan("") : e.delay[i]});
    return list;
}

// weights[target][source]: y = W x.
ConnectionRule matrix(TomlTable& t, std::uint32_t n_source, std::uint32_t n_target) {
    const toml::value& v = t.at("weights");
    const std::string key = t.key_path("weights");
    if (!v.is_array() || v.as_array().size() != n_target)
        throw t.error_at(
            v, key, "an array of " + std::to_string(n_target) + " rows (one per target neuron)");
    DenseWeights m{n_target, n_source, {}};
    for (std::size_t r = 0; r < n_target; ++r) {
        const std::string row_key = key + "[" + std::to_string(r) + "]";
        const auto row = t.numbers(v.as_array()[r], row_key);
        if (row.size() != n_source)
            throw t.error_at(v.as_array()[r], row_key,
                             "a row of " + std::to_string(n_source) +
                                 " weights (one per source neuron)");
        m.w.insert(m.w.end(), row.begin(), row.end());
    }
    return m;
}

} // namespace

const std::vector<RuleKind>& rule_kinds() {
    static const std::vector<RuleKind> kinds{
        {"one_to_one", {}, false, &one_to_one},
        {"all_to_all", {"autapses"}, false, &all_to_all},
        {"fixed_probability", {"p", "autapses"}, false, &fixed_probability},
        {"fixed_indegree", {"k", "autapses", "multapses"}, false, &fixed_indegree},
        {"fixed_outdegree", {"k", "autapses", "multapses"}, false, &fixed_outdegree},
        {"fixed_total_number", {"n", "autapses", "multapses"}, false, &fixed_total_number},
        {"explicit", {"synapses"}, true, &explicit_list},
        {"matrix", {"weights"}, true, &matrix},
        {"file", {"file", "edges"}, true, &from_file},
    };
    return kinds;
}

const RuleKind& rule_kind(TomlTable& table) {
    std::vector<std::string> names;
    for (const auto& k : rule_kinds())
        names.emplace_back(k.name);
    const std::string rule = table.choice("rule", names);
    for (const auto& k : rule_kinds())
        if (k.name == rule) return k;
    throw table.error("rule", "a known rule", rule); // choice() has refused it already
}

} // namespace spikesim
