#include "cli/command.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

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

CLI::Validator whole_number(std::uint64_t max) {
    return CLI::Validator(
        [max](std::string& text) -> std::string {
            const bool digits =
                !text.empty() && text.size() <= 20 &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
            errno = 0;
            const unsigned long long value = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
            if (!digits || errno == ERANGE || value > max)
                return "expected a whole number from 0 to " + std::to_string(max) + ", got " + text;
            return {};
        },
        "", "whole number");
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
