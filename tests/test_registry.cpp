// The registry of models and rules is the one list: docs/config.md describes every entry
// and every key, and an unknown name is refused wherever it comes from.
#include "config/model_registry.hpp"
#include "config/rule_registry.hpp"
#include "experiments/two_input.hpp"
#include "helpers.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace spikesim;

namespace {

// The paragraphs of docs/config.md from "**`name`**" to the next such heading.
std::string section_of(const std::string& docs, std::string_view name) {
    const std::string heading = "**`" + std::string(name) + "`**";
    const auto start = docs.find(heading);
    if (start == std::string::npos) return {};
    const auto end = docs.find("\n**`", start + heading.size());
    return docs.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

} // namespace

TEST_CASE("docs/config.md describes every model of the registry and every key",
          "[config][registry]") {
    const std::string docs = test::read_file(test::source_path("docs/config.md"));
    std::string listed; // the `model` row of the population table
    std::smatch row;
    REQUIRE(std::regex_search(docs, row, std::regex("\\| `model` \\|[^\\n]*")));
    const std::string lif_delta = section_of(docs, "lif_delta");
    for (const auto& kind : population_kinds()) {
        INFO(kind.name);
        REQUIRE_THAT(row.str(), Catch::Contains("`" + std::string(kind.name) + "`"));
        const std::string section = section_of(docs, kind.name);
        REQUIRE(!section.empty());
        // Sections that take lif_delta's keys say so and list only their own.
        const bool inherits = section.find("keys of `lif_delta`") != std::string::npos ||
                              section.find("Keys as `lif_delta`") != std::string::npos;
        for (const auto key : kind.keys) {
            INFO("key " << key);
            const std::string quoted = "`" + std::string(key) + "`";
            REQUIRE((section.find(quoted) != std::string::npos ||
                     (inherits && lif_delta.find(quoted) != std::string::npos)));
        }
    }
    // No model in the docs' list that the registry does not know.
    std::smatch name;
    std::string rest = row.str();
    std::size_t documented = 0;
    while (std::regex_search(rest, name, std::regex("`([a-z_]+)`"))) {
        ++documented;
        rest = name.suffix();
    }
    REQUIRE(documented == population_kinds().size() + 1); // and the key name itself
}

TEST_CASE("docs/config.md describes every connection rule and its keys", "[config][registry]") {
    const std::string docs = test::read_file(test::source_path("docs/config.md"));
    for (const auto& rule : rule_kinds()) {
        INFO(rule.name);
        std::smatch row;
        REQUIRE(std::regex_search(docs, row,
                                  std::regex("\\| `" + std::string(rule.name) + "` \\|[^\\n]*")));
        for (const auto key : rule.keys)
            REQUIRE_THAT(row.str(), Catch::Contains("`" + std::string(key)));
    }
}

TEST_CASE("an unknown model or rule is refused with the names the registry knows",
          "[config][registry][bad-input]") {
    test::TempDir dir;
    auto r = test::run_spikesim("run " +
                                dir.write("m.toml", "[[population]]\nname = \"p\"\nmodel = "
                                                    "\"lif_beta\"\nsize = 1\n") +
                                " -q --out " + dir.file("m.h5"));
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("m.toml:3") && Catch::Contains("population[0].model") &&
                            Catch::Contains("\"spike_generator\"") &&
                            Catch::Contains("\"lif_alpha\"") && Catch::Contains("\"lif_beta\""));
    r = test::run_spikesim(
        "run " +
        dir.write("r.toml", "[[population]]\nname = \"p\"\nmodel = \"lif_delta\"\nsize = 1\n"
                            "[[projection]]\nsource = \"p\"\ntarget = \"p\"\nrule = "
                            "\"random\"\nweight = 1.0\ndelay = 1.0\n") +
        " -q --out " + dir.file("r.h5"));
    REQUIRE(r.status == 2);
    REQUIRE_THAT(r.err, Catch::Contains("projection[0].rule") && Catch::Contains("\"matrix\""));
    REQUIRE(std::filesystem::is_empty(dir.path()) == false); // the configs only
    REQUIRE(!std::filesystem::exists(dir.file("m.h5")));
    REQUIRE(!std::filesystem::exists(dir.file("r.h5")));
}

TEST_CASE("docs/config.md describes every key of the [two_input] table", "[config][registry]") {
    const std::string docs = test::read_file(test::source_path("docs/config.md"));
    const auto start = docs.find("## `[two_input]`");
    REQUIRE(start != std::string::npos);
    const std::string section = docs.substr(start);
    std::vector<std::string> keys{"spikes", "trials",       "seed",
                                  "sweep",  "sweep_spikes", "sweep_tau_m"};
    for (const auto& n : two_input_numbers)
        keys.push_back(n.key);
    for (const auto& key : keys) {
        INFO(key);
        REQUIRE_THAT(section, Catch::Contains("`" + key + "`"));
    }
}
