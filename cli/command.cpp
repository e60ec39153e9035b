#include "cli/command.hpp"

#include <algorithm>
#include <cmath>

namespace spikesim::cli {

FieldOrigins flag_origins(const CLI::App& command) {
    FieldOrigins origins;
    for (const CLI::Option* option : command.get_options()) {
        for (const std::string& name : option->get_lnames()) {
            std::string field = name;
            std::replace(field.begin(), field.end(), '-', '_');
            origins.set(field, {"command line", "--" + name, std::nullopt});
        }
    }
    return origins;
}

CLI::Option* add_threads_flag(CLI::App* cmd, int& threads, const std::string& help) {
    return cmd->add_option("--threads,-t", threads, help)
        ->check(CLI::Range(0, 1024).description(""))
        ->type_name("N");
}

double checked_duration(double duration) {
    if (!std::isfinite(duration) || duration <= 0)
        throw InputError("command line", "--duration", "a finite number > 0 (ms)",
                         format_number(duration));
    return duration;
}

} // namespace spikesim::cli
