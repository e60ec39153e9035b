#include "config/spike_recording_reader.hpp"

#include "sim/random.hpp"

#include <algorithm>
#include <numeric>

namespace spikesim {
namespace {

const char* const entry_form =
    "the name of a population, or {population = \"name\", neurons = [ids] | \"first:end\" | "
    "\"all\"} or {population = \"name\", sample = k}";

// "first:end", half-open, within [0, n].
std::vector<std::uint32_t> range_of(TomlTable& t, const std::string& text, std::uint32_t n) {
    const auto colon = text.find(':');
    auto whole = [](const std::string& s) {
        return !s.empty() && s.size() < 11 &&
               s.find_first_not_of("0123456789") == std::string::npos;
    };
    const std::string a = colon == std::string::npos ? "" : text.substr(0, colon);
    const std::string b = colon == std::string::npos ? "" : text.substr(colon + 1);
    if (!whole(a) || !whole(b) || std::stoull(a) >= std::stoull(b) || std::stoull(b) > n)
        throw t.error("neurons",
                      "\"all\" or a range \"first:end\" with first < end <= " + std::to_string(n),
                      "\"" + text + "\"");
    std::vector<std::uint32_t> ids(std::stoull(b) - std::stoull(a));
    std::iota(ids.begin(), ids.end(), std::uint32_t(std::stoull(a)));
    return ids;
}

} // namespace

std::vector<std::uint32_t> sample_neurons(std::uint64_t seed, const std::string& population,
                                          std::uint32_t n, std::uint32_t k) {
    std::vector<std::uint32_t> ids(n);
    std::iota(ids.begin(), ids.end(), 0u);
    RandomStream stream(seed, purpose_of("record-sample:" + population), 0);
    for (std::uint32_t i = 0; i < k; ++i) // the first k of a Fisher-Yates shuffle
        std::swap(ids[i], ids[i + stream.below(n - i)]);
    ids.resize(k);
    std::sort(ids.begin(), ids.end());
    return ids;
}

SpikeRecording read_spike_recording(const toml::value& e, const std::string& file,
                                    const std::string& key, const Network& net) {
    if (e.is_string()) {
        if (!net.find(e.as_string().str))
            throw InputError(file, key, "the name of a population", describe_toml(e), line_of(e));
        return SpikeRecording(e.as_string().str);
    }
    if (!e.is_table()) throw InputError(file, key, entry_form, describe_toml(e), line_of(e));
    TomlTable t(e, file, key);
    const std::string name = t.string("population");
    const auto id = net.find(name);
    if (!id) throw t.error("population", "the name of a population", "\"" + name + "\"");
    const std::uint32_t n = net.population(*id).size();
    SpikeRecording r(name);
    if (t.has("neurons") && t.has("sample"))
        throw t.error("sample", "either neurons or sample, not both", "both");
    if (t.has("sample")) {
        const std::int64_t k = t.integer("sample");
        if (k < 1 || k > n)
            throw t.error("sample", "a number of neurons from 1 to " + std::to_string(n),
                          std::to_string(k));
        r.neurons = sample_neurons(net.seed(), name, n, std::uint32_t(k));
    } else if (t.has("neurons")) {
        const toml::value& v = t.at("neurons");
        if (v.is_string() && v.as_string().str != "all") {
            r.neurons = range_of(t, v.as_string().str, n);
        } else if (v.is_array()) {
            for (std::size_t j = 0; j < v.as_array().size(); ++j) {
                const std::string k = t.key_path("neurons") + "[" + std::to_string(j) + "]";
                const auto nid = t.neuron_id(v.as_array()[j], k);
                if (nid >= n)
                    throw t.error_at(v.as_array()[j], k, "a neuron id below " + std::to_string(n));
                r.neurons.push_back(nid);
            }
            std::vector<std::uint32_t> sorted = r.neurons;
            std::sort(sorted.begin(), sorted.end());
            if (sorted.empty() || std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
                throw t.error("neurons", "a non-empty array of distinct neuron ids",
                              describe_toml(v));
        } else if (!v.is_string()) {
            throw t.error_at(v, t.key_path("neurons"), "ids, a range \"first:end\" or \"all\"");
        }
    }
    t.finish();
    return r;
}

} // namespace spikesim
