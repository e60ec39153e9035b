#pragma once
// A run described by a TOML file (schema: docs/config.md): the network, how long to run,
// the seed, and what to record.
#include "config/toml_file.hpp"
#include "sim/network.hpp"
#include "sim/recording_request.hpp"
#include "sim/simulation.hpp"

#include <optional>
#include <string>
#include <vector>

namespace spikesim {

struct RunConfig {
    std::string file; // as given
    std::string text; // the whole file, kept as provenance
    double duration = 1000.0;
    std::uint64_t seed = 1;
    int threads = 0; // 0: every core
    RecordingRequest record;
    RunLimits limits; // [simulation] max_windows, max_samples
    LoopOptions loop; // [simulation] overlap_exchange
};

struct ConfiguredRun {
    RunConfig run;
    Network network;
};

// Reads, validates and builds. The seed is needed to build random connectivity, so a
// command-line seed must be given here. Throws InputError naming file, line and key.
// `overrides`: "key.path=value" assignments applied to the document first
// (config/overrides.hpp); then the recorded text is the effective config.
ConfiguredRun load_config(const std::string& path,
                          std::optional<std::uint64_t> seed_override = std::nullopt,
                          const std::vector<std::string>& overrides = {});
// The same from a config's text (`name` stands for the file in messages).
ConfiguredRun load_config_text(const std::string& name, std::string text,
                               std::optional<std::uint64_t> seed_override = std::nullopt);
// The same from a file already read (rank 0 of several reads it and sends the text to the
// others, so that all build one network): `partition` is this rank's share of it.
ConfiguredRun load_config(TomlFile file, std::optional<std::uint64_t> seed_override,
                          const std::vector<std::string>& overrides = {}, Partition partition = {});

} // namespace spikesim
