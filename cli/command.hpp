#pragma once
// A subcommand: its CLI11 options and what runs when it is chosen. Every subcommand is one
// entry of the list in cli/main.cpp; nothing runs by default.
#include "sim/errors.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace spikesim::cli {

struct Command {
    CLI::App* app = nullptr;
    std::function<int(const std::string& command_line)> run;
    // Runs one network over the processes mpirun starts (sim/process_group.hpp); the
    // other subcommands run in one process.
    bool on_ranks = false;
};

// The origin of each field an experiment's options name: the subcommand's flag of the same
// name, dashes for underscores (field tau_m: --tau-m).
FieldOrigins flag_origins(const CLI::App& command);

// Runs `f`; an InputError about the set of options `options` comes out naming what the user
// wrote (a flag, or a key of a config file) instead of the field.
template <class F> int attributed(const FieldOrigins& origins, const std::string& options, F f) {
    try {
        return f();
    } catch (const InputError& e) {
        throw origins.attribute(e, options);
    }
}

// A whole number from 0 to `max`, written in decimal digits: CLI11 alone turns "-1" into
// 2^64 - 1 for an unsigned option and saturates values beyond 64 bits.
CLI::Validator whole_number(std::uint64_t max = UINT64_MAX);

// --threads N, shown the same way by every subcommand (0: every core, at most 1024).
CLI::Option* add_threads_flag(CLI::App* cmd, int& threads, const std::string& help);

// A flag that takes one of `names`, shown as NAME with the names in its help, and stored
// as the value the name maps to.
template <class T>
CLI::Option* add_choice(CLI::App* cmd, const std::string& flag, T& value,
                        const std::map<std::string, T>& names, const std::string& help,
                        const std::string& default_name) {
    return cmd->add_option(flag, value, help)
        ->transform(CLI::CheckedTransformer(names).description(""))
        ->type_name("NAME")
        ->default_str(default_name);
}

// A duration given on the command line: finite and > 0.
double checked_duration(double duration);

} // namespace spikesim::cli
