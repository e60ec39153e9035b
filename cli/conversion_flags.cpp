#include "cli/conversion_flags.hpp"

#include "cli/command.hpp"

#include <map>

namespace spikesim::cli {

void add_conversion_flags(CLI::App* cmd, ConversionOptions& c, const std::string& unit,
                          bool current) {
    cmd->add_option("--duration", c.duration, "rate: simulated time per " + unit + ", ms")
        ->default_val(c.duration)
        ->type_name("MS");
    cmd->add_option("--max-rate", c.max_rate, "rate: spikes per ms at the activation scale")
        ->default_val(c.max_rate)
        ->type_name("RATE");
    cmd->add_option("--phase", c.phase, "ttfs: phase length T, ms")
        ->default_val(c.phase)
        ->type_name("MS");
    cmd->add_option("--delay", c.delay, "synaptic delay, ms")
        ->default_val(c.delay)
        ->type_name("MS");
    std::map<std::string, RateEncoding> encodings{{"poisson", RateEncoding::poisson},
                                                  {"regular", RateEncoding::regular}};
    if (current) encodings["current"] = RateEncoding::current;
    add_choice(cmd, "--encoding", c.encoding, encodings,
               current ? "rate input: poisson, regular or current"
                       : "rate input: poisson or regular",
               to_string(c.encoding));
}

} // namespace spikesim::cli
