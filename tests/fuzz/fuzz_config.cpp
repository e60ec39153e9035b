// libFuzzer target: a config file's text, read and built into a network (not run). Bad input
// must end in an InputError; a crash, a hang, a sanitizer report, or any other exception
// (an "internal error" of the CLI) is a finding. scripts/fuzz.sh runs it.
#include "config/network_config.hpp"
#include "sim/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        spikesim::load_config_text("fuzz.toml",
                                   std::string(reinterpret_cast<const char*>(data), size));
    } catch (const spikesim::InputError&) {
        // refused with a message: what bad input should do
    }
    return 0;
}
