#pragma once
// Typed, data-carrying exceptions. Bad input from a user (config, command line, data
// files) is an InputError; the CLI prints it and exits with status 2. An output file that
// could not be written (a full disk, a size limit) is an OutputError; the CLI prints it
// and exits with status 1. Broken internal invariants are assertions, not exceptions.
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace spikesim {

// A number as a message shows it: every digit that matters, nan and inf spelled out.
std::string format_number(double value);

class InputError : public std::runtime_error {
  public:
    // source: the file (or "command line"); key: the offending key or option;
    // expected: what would have been accepted; got: what was found, if known.
    InputError(std::string source, std::string key, std::string expected, std::string got = {},
               std::optional<std::uint32_t> line = std::nullopt);

    const std::string& source() const noexcept { return source_; }
    const std::string& key() const noexcept { return key_; }
    const std::string& expected() const noexcept { return expected_; }
    const std::string& got() const noexcept { return got_; }
    std::optional<std::uint32_t> line() const noexcept { return line_; }

    // The same error attributed to another source (a config file's name, say).
    InputError with_source(std::string source, std::optional<std::uint32_t> line) const;

  private:
    std::string source_, key_, expected_, got_;
    std::optional<std::uint32_t> line_;
};

// Where the fields of a set of options came from: a command-line flag, or a key on a line
// of a config file. The library names fields in its errors ("tau_m"); the edge records the
// origins and turns such an error into one that names what the user wrote ("--tau-m", or
// "run.toml:7: two_input.tau_m").
class FieldOrigins {
  public:
    struct Origin {
        std::string source; // "command line" or a file
        std::string key;    // the flag or the full key
        std::optional<std::uint32_t> line;
    };
    void set(const std::string& field, Origin origin) { origins_[field] = std::move(origin); }
    const Origin* find(const std::string& field) const;
    // `e` with the origin of its key, when `e` comes from `options` (the InputError source
    // the library gave the set of options) and the key has an origin; else `e` itself. A
    // key naming an element ("times_a[2]") keeps its index: "--times-a[2]".
    InputError attribute(const InputError& e, const std::string& options) const;

  private:
    std::map<std::string, Origin> origins_;
};

// What Dale's law asks of the weights of a population of type `dale_type` (excitatory,
// inhibitory), for messages.
std::string dale_expectation(const std::string& population, const std::string& dale_type);

// A projection whose weight sign breaks the Dale type of its source population.
class DaleViolation : public InputError {
  public:
    DaleViolation(std::string projection, std::string source_population, std::string dale_type,
                  std::uint32_t source, std::uint32_t target, double weight);

    // The same violation reported against another source and key (a config table's weight).
    DaleViolation attributed(std::string source, std::string key,
                             std::optional<std::uint32_t> line) const;
    const std::string& projection() const noexcept { return projection_; }
    std::uint32_t source_neuron() const noexcept { return source_neuron_; }
    std::uint32_t target_neuron() const noexcept { return target_neuron_; }
    double weight() const noexcept { return weight_; }

  private:
    std::string projection_;
    std::uint32_t source_neuron_, target_neuron_;
    double weight_;
};

// An output file that could not be written although its path was accepted: the disk
// filled, a file size limit was hit, the directory went away.
class OutputError : public std::runtime_error {
  public:
    // What the user is left with: a new file is never left half written, an existing one
    // that was being changed is left as it was.
    static constexpr const char* nothing_written = "no output file written";
    static constexpr const char* left_as_it_was = "the file is left as it was";

    // path: the file the user asked for; detail: what failed; outcome: one of the above.
    OutputError(std::string path, const std::string& detail, std::string outcome = nothing_written);
    const std::string& path() const noexcept { return path_; }
    const std::string& outcome() const noexcept { return outcome_; }

  private:
    std::string path_, outcome_;
};

} // namespace spikesim
